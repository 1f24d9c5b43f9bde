package sitegen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/claimwatch/claimwatch/crawler/demosite"
	"golang.org/x/text/encoding/charmap"
)

// Config sets what Build generates.
type Config struct {
	Base      string // base URL written into pages; default demosite.Placeholder
	PerPage   int    // section page size; default 8
	HomeCount int    // top stories on the home page; default 10
	Related   int    // related links per article; default 4
	MostRead  int    // "most read" links per article; default 5
}

func (c Config) withDefaults() Config {
	if c.Base == "" {
		c.Base = demosite.Placeholder
	}
	if c.PerPage <= 0 {
		c.PerPage = 8
	}
	if c.HomeCount <= 0 {
		c.HomeCount = 10
	}
	if c.Related <= 0 {
		c.Related = 4
	}
	if c.MostRead <= 0 {
		c.MostRead = 5
	}
	return c
}

// Build reads the sources in srcDir and writes the site to outDir, which it
// empties first.
func Build(srcDir, outDir string, cfg Config) error {
	srcs, err := LoadSources(srcDir)
	if err != nil {
		return err
	}
	files, err := Render(srcs, cfg)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(outDir); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(outDir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Render generates every file of the site, keyed by slash path relative
// to the site root: "manifest.json" and "public/...".
func Render(srcs []Source, cfg Config) (map[string][]byte, error) {
	cfg = cfg.withDefaults()
	srcs = slices.Clone(srcs)
	sortNewestFirst(srcs)
	r := &renderer{cfg: cfg, srcs: srcs, files: map[string][]byte{}}
	tmpl, err := template.New("site").Funcs(template.FuncMap{"date": displayDate, "text": textHTML}).Parse(pageTemplates)
	if err != nil {
		return nil, err
	}
	r.tmpl = tmpl
	steps := []func() error{r.articles, r.sections, r.home, r.static, r.feed, r.sitemaps, r.manifest}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return r.files, nil
}

type renderer struct {
	cfg   Config
	srcs  []Source
	tmpl  *template.Template
	files map[string][]byte
}

type navItem struct {
	Slug, Name string
	Current    bool
}

func nav(current string) []navItem {
	out := make([]navItem, 0, len(sectionNames))
	for _, s := range sectionNames {
		out = append(out, navItem{Slug: s.Slug, Name: s.Name, Current: s.Slug == current})
	}
	return out
}

func (r *renderer) url(p string) string { return r.cfg.Base + p }

func (r *renderer) public(p string, data []byte) {
	r.files["public/"+strings.TrimPrefix(p, "/")] = data
}

func (r *renderer) exec(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := r.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// everywhere lists the articles reachable through all discovery paths,
// newest first; only those are linked from shared boilerplate.
func (r *renderer) everywhere() []Source {
	var out []Source
	for _, s := range r.srcs {
		if s.Everywhere() {
			out = append(out, s)
		}
	}
	return out
}

// textHTML escapes only what HTML text needs (&, <, >), leaving quotes and
// apostrophes as typed, the way most news pages are written.
func textHTML(s string) template.HTML {
	return template.HTML(strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s))
}

func displayDate(rfc string) string {
	t, err := time.Parse(time.RFC3339, rfc)
	if err != nil {
		return rfc
	}
	return t.UTC().Format("January 2, 2006")
}

func (r *renderer) articles() error {
	shared := r.everywhere()
	for _, s := range r.srcs {
		var related, mostRead, ticker []Source
		for _, o := range shared {
			if o.Path != s.Path && o.Section == s.Section && len(related) < r.cfg.Related {
				related = append(related, o)
			}
		}
		for _, o := range shared {
			if o.Path != s.Path && o.Section != s.Section && len(mostRead) < r.cfg.MostRead {
				mostRead = append(mostRead, o)
			}
		}
		for _, o := range shared {
			if o.Path != s.Path && len(ticker) < 3 {
				ticker = append(ticker, o)
			}
		}
		ld, err := json.Marshal(map[string]any{
			"@context":         "https://schema.org",
			"@type":            "NewsArticle",
			"headline":         s.Title,
			"description":      s.Summary,
			"datePublished":    s.Published,
			"dateModified":     s.Published,
			"articleSection":   sectionName(s.Section),
			"inLanguage":       "en",
			"mainEntityOfPage": map[string]string{"@type": "WebPage", "@id": r.url(s.Path)},
			"author":           []map[string]string{{"@type": "Person", "name": s.Author}},
			"publisher": map[string]any{
				"@type": "NewsMediaOrganization", "name": "Demo Wire",
				"logo": map[string]string{"@type": "ImageObject", "url": r.url("/static/favicon.svg")},
			},
		})
		if err != nil {
			return err
		}
		paras := slices.Clone(s.Paragraphs)
		paras[0] = datelineText(s) + " (Demo Wire) - " + paras[0]
		charset := "utf-8"
		if s.Charset != "" {
			charset = s.Charset
		}
		page, err := r.exec("article", map[string]any{
			"A": s, "URL": r.url(s.Path), "SectionName": sectionName(s.Section),
			"JSONLD": template.JS(ld), "Nav": nav(s.Section), "Charset": charset,
			"Display":    s.Time().UTC().Format("January 2, 2006 3:04 PM MST"),
			"Paragraphs": paras, "Related": related, "MostRead": mostRead, "Ticker": ticker,
		})
		if err != nil {
			return err
		}
		if s.Charset == "windows-1252" {
			if page, err = charmap.Windows1252.NewEncoder().Bytes(page); err != nil {
				return fmt.Errorf("%s: cannot encode as windows-1252: %w", s.File, err)
			}
		}
		r.public(s.Path, page)
	}
	return nil
}

// datelineText is "KABUL, May 8": the place, then the day of publication.
func datelineText(s Source) string {
	t := s.Time().UTC()
	return s.Dateline + ", " + t.Format("Jan") + " " + fmt.Sprint(t.Day())
}

func sectionPagePath(slug string, page int) string {
	if page <= 1 {
		return "/" + slug + "/"
	}
	return fmt.Sprintf("/%s/page/%d/", slug, page)
}

// sectionPages lists every section index path, for the pages sitemap.
func (r *renderer) sectionPages() []string {
	var out []string
	for _, sec := range sectionNames {
		n := len(r.sectionItems(sec.Slug))
		pages := max(1, (n+r.cfg.PerPage-1)/r.cfg.PerPage)
		for p := 1; p <= pages; p++ {
			out = append(out, sectionPagePath(sec.Slug, p))
		}
	}
	return out
}

func (r *renderer) sectionItems(slug string) []Source {
	var items []Source
	for _, s := range r.srcs {
		if s.Section == slug && s.Has(demosite.ViaSection) {
			items = append(items, s)
		}
	}
	return items
}

func (r *renderer) sections() error {
	for _, sec := range sectionNames {
		items := r.sectionItems(sec.Slug)
		pages := max(1, (len(items)+r.cfg.PerPage-1)/r.cfg.PerPage)
		for p := 1; p <= pages; p++ {
			lo, hi := (p-1)*r.cfg.PerPage, min(p*r.cfg.PerPage, len(items))
			data := map[string]any{
				"Title": sec.Name + " news", "SectionName": sec.Name, "Nav": nav(sec.Slug),
				"URL": r.url(sectionPagePath(sec.Slug, p)), "Items": items[lo:hi],
				"Page": p, "Pages": pages, "Prev": "", "Next": "",
			}
			if p > 1 {
				data["Title"] = fmt.Sprintf("%s news - page %d", sec.Name, p)
				data["Prev"] = sectionPagePath(sec.Slug, p-1)
			}
			if p < pages {
				data["Next"] = sectionPagePath(sec.Slug, p+1)
			}
			page, err := r.exec("section", data)
			if err != nil {
				return err
			}
			r.public(path.Join(sectionPagePath(sec.Slug, p), "index.html"), page)
		}
	}
	return nil
}

func (r *renderer) home() error {
	shared := r.everywhere()
	top := shared[:min(r.cfg.HomeCount, len(shared))]
	type block struct {
		Slug, Name string
		Items      []Source
	}
	var blocks []block
	for _, sec := range sectionNames {
		b := block{Slug: sec.Slug, Name: sec.Name}
		for _, s := range shared {
			if s.Section == sec.Slug && len(b.Items) < 4 {
				b.Items = append(b.Items, s)
			}
		}
		blocks = append(blocks, b)
	}
	page, err := r.exec("home", map[string]any{"URL": r.url("/"), "Nav": nav(""), "Top": top, "Blocks": blocks})
	if err != nil {
		return err
	}
	r.public("/index.html", page)
	return nil
}

var staticPages = []struct {
	Path, Title string
	Paragraphs  []string
}{
	{"/about.html", "About Demo Wire", []string{
		"Demo Wire is a fictional international news agency. It exists so that claimwatch can be demonstrated and tested end to end without touching a real publisher's servers.",
		"Its reporters, editors and stories are invented. The places, countries and organisations named in its stories are real, but the events are not.",
		"Subscriptions, accounts and newsletters on this site are decorative and do nothing.",
	}},
	{"/contact.html", "Contact the newsroom", []string{
		"Demo Wire has no newsroom to contact. Questions about claimwatch belong in the project's issue tracker.",
	}},
	{"/privacy.html", "Privacy and cookies", []string{
		"This demonstration site sets no cookies and keeps no logs beyond those of the program serving it.",
	}},
}

func (r *renderer) static() error {
	for _, sp := range staticPages {
		page, err := r.exec("static", map[string]any{"URL": r.url(sp.Path), "Nav": nav(""), "Title": sp.Title, "Paragraphs": sp.Paragraphs})
		if err != nil {
			return err
		}
		r.public(sp.Path, page)
	}
	page, err := r.exec("static", map[string]any{"URL": r.url("/404.html"), "Nav": nav(""), "Title": "Page not found",
		"Paragraphs": []string{"The page you asked for does not exist. Try the home page or a section index."}})
	if err != nil {
		return err
	}
	r.public("/404.html", page)
	r.public("/static/style.css", []byte(styleCSS))
	r.public("/static/favicon.svg", []byte(faviconSVG))
	return nil
}

func (r *renderer) manifest() error {
	m := demosite.Manifest{Site: "Demo Wire", Base: r.cfg.Base}
	for _, s := range r.srcs {
		m.Articles = append(m.Articles, s.Article)
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	r.files["manifest.json"] = append(data, '\n')
	return nil
}
