package sitegen

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claimwatch/claimwatch/crawler/demosite"
)

// Source is one parsed article source.
type Source struct {
	demosite.Article
	Dateline   string
	Summary    string
	Paragraphs []string
	File       string // source file name, for messages
}

// Has reports whether the article is listed on the discovery path via.
func (s Source) Has(via string) bool { return slices.Contains(s.Via, via) }

// Everywhere reports whether the article is listed on all discovery paths;
// only such articles are linked from the home page and sidebars, so that
// the others stay reachable through their one path.
func (s Source) Everywhere() bool {
	return s.Has(demosite.ViaFeed) && s.Has(demosite.ViaSitemap) && s.Has(demosite.ViaSection)
}

// Time is the publication time.
func (s Source) Time() time.Time {
	t, _ := time.Parse(time.RFC3339, s.Published)
	return t
}

// Sections in display order, with their names.
var sectionNames = []struct{ Slug, Name string }{
	{"world", "World"},
	{"africa", "Africa"},
	{"asia", "Asia"},
	{"middle-east", "Middle East"},
	{"politics", "Politics"},
	{"sports", "Sports"},
}

func sectionName(slug string) string {
	for _, s := range sectionNames {
		if s.Slug == slug {
			return s.Name
		}
	}
	return ""
}

var (
	pathRE   = regexp.MustCompile(`^/([a-z-]+)/(\d{4})/(\d{2})/(\d{2})/[a-z0-9-]+\.html$`)
	statuses = []string{demosite.StatusClaimed, demosite.StatusDenied, demosite.StatusAttributed, demosite.StatusUnclaimed}
	viaAll   = []string{demosite.ViaFeed, demosite.ViaSitemap, demosite.ViaSection}
)

// LoadSources reads every *.txt file of dir, sorted newest first.
func LoadSources(dir string) ([]Source, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	var out []Source
	seen := map[string]string{}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		s, err := ParseSource(filepath.Base(name), data)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[s.Path]; dup {
			return nil, fmt.Errorf("%w: %s and %s share path %s", ErrSource, prev, s.File, s.Path)
		}
		seen[s.Path] = s.File
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no *.txt in %s", ErrSource, dir)
	}
	sortNewestFirst(out)
	return out, nil
}

func sortNewestFirst(s []Source) {
	slices.SortStableFunc(s, func(a, b Source) int {
		if c := b.Time().Compare(a.Time()); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
}

// ParseSource parses one article source; file names it in errors.
func ParseSource(file string, data []byte) (Source, error) {
	if !utf8.Valid(data) {
		return Source{}, fmt.Errorf("%w: %s is not UTF-8", ErrSource, file)
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	head, body, ok := strings.Cut(text, "\n---\n")
	if !ok {
		return Source{}, fmt.Errorf("%w: %s has no --- line", ErrFrontMatter, file)
	}
	s := Source{File: file}
	s.Via = slices.Clone(viaAll)
	for n, line := range strings.Split(head, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			return Source{}, fmt.Errorf("%w: %s line %d: %q", ErrFrontMatter, file, n+1, line)
		}
		if err := s.set(strings.TrimSpace(key), strings.TrimSpace(val)); err != nil {
			return Source{}, fmt.Errorf("%w: %s line %d: %v", ErrFrontMatter, file, n+1, err)
		}
	}
	for _, p := range strings.Split(body, "\n\n") {
		// Split on ASCII white space only: a no-break space is content.
		p = strings.Join(strings.FieldsFunc(p, isASCIISpace), " ")
		if p != "" {
			s.Paragraphs = append(s.Paragraphs, p)
		}
	}
	if err := s.validate(); err != nil {
		return Source{}, fmt.Errorf("%w: %s: %v", ErrSource, file, err)
	}
	if s.Summary == "" {
		s.Summary = firstSentence(s.Paragraphs[0])
	}
	return s, nil
}

func (s *Source) set(key, val string) error {
	switch key {
	case "path":
		s.Path = val
	case "title":
		s.Title = val
	case "section":
		s.Section = val
	case "published":
		s.Published = val
	case "author":
		s.Author = val
	case "dateline":
		s.Dateline = val
	case "summary":
		s.Summary = val
	case "charset":
		if val == "utf-8" {
			val = ""
		}
		s.Charset = val
	case "via":
		s.Via = strings.Fields(val)
	case "attack":
		b, err := strconv.ParseBool(val)
		if err != nil {
			return err
		}
		s.Expect.Attack = b
	case "type":
		s.Expect.Type = val
	case "country":
		s.Expect.Country = val
	case "killed":
		n, err := strconv.Atoi(val)
		if err != nil {
			return err
		}
		s.Expect.Killed = &n
	case "follows":
		s.Expect.Follows = val
	case "groups":
		s.Expect.Groups = splitList(val)
	case "not_groups":
		s.Expect.NotGroups = splitList(val)
	case "claims":
		for _, item := range splitList(val) {
			g, st, ok := strings.Cut(item, "=")
			if !ok {
				return fmt.Errorf("claim %q is not Group=status", item)
			}
			s.Expect.Claims = append(s.Expect.Claims, demosite.ExpectedClaim{Group: strings.TrimSpace(g), Status: strings.TrimSpace(st)})
		}
	default:
		return fmt.Errorf("unknown key %q", key)
	}
	return nil
}

func isASCIISpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
}

func splitList(val string) []string {
	var out []string
	for _, f := range strings.Split(val, "|") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (s *Source) validate() error {
	m := pathRE.FindStringSubmatch(s.Path)
	if m == nil {
		return fmt.Errorf("path %q is not /section/YYYY/MM/DD/slug.html", s.Path)
	}
	if m[1] != s.Section || sectionName(s.Section) == "" {
		return fmt.Errorf("section %q does not match path %q or is unknown", s.Section, s.Path)
	}
	t, err := time.Parse(time.RFC3339, s.Published)
	if err != nil {
		return fmt.Errorf("published: %v", err)
	}
	if t.UTC().Format("2006/01/02") != m[2]+"/"+m[3]+"/"+m[4] {
		return fmt.Errorf("published %s does not match the date in path %s", s.Published, s.Path)
	}
	if s.Title == "" || s.Author == "" || s.Dateline == "" {
		return fmt.Errorf("title, author and dateline are required")
	}
	if len(s.Paragraphs) < 3 {
		return fmt.Errorf("only %d paragraphs", len(s.Paragraphs))
	}
	for _, v := range s.Via {
		if !slices.Contains(viaAll, v) {
			return fmt.Errorf("unknown via %q", v)
		}
	}
	if len(s.Via) == 0 {
		return fmt.Errorf("via is empty: the article would be unreachable")
	}
	if s.Charset != "" && s.Charset != "windows-1252" {
		return fmt.Errorf("unsupported charset %q", s.Charset)
	}
	for _, c := range s.Expect.Claims {
		if !slices.Contains(statuses, c.Status) {
			return fmt.Errorf("claim status %q", c.Status)
		}
		if c.Group == "" && c.Status != demosite.StatusUnclaimed {
			return fmt.Errorf("a claim without group must be unclaimed")
		}
		if c.Group != "" && !slices.Contains(s.Expect.Groups, c.Group) {
			return fmt.Errorf("claim names %q, which is not in groups", c.Group)
		}
	}
	if s.Expect.Follows != "" && (!s.Expect.Attack || !pathRE.MatchString(s.Expect.Follows)) {
		return fmt.Errorf("follows %q: only an attack article can follow another article's path", s.Expect.Follows)
	}
	if !s.Expect.Attack && len(s.Expect.Claims) > 0 {
		return fmt.Errorf("claims in a non-attack article")
	}
	return nil
}

// firstSentence returns the first sentence of p, or its first 30 words.
func firstSentence(p string) string {
	for i := 40; i < len(p); i++ {
		if p[i] == '.' && (i == len(p)-1 || p[i+1] == ' ') {
			p = p[:i+1]
			break
		}
	}
	words := strings.Fields(p)
	if len(words) > 45 {
		return strings.Join(words[:45], " ") + " ..."
	}
	return p
}

// WordCount counts the words of the body paragraphs.
func (s Source) WordCount() int {
	n := 0
	for _, p := range s.Paragraphs {
		n += len(strings.Fields(p))
	}
	return n
}
