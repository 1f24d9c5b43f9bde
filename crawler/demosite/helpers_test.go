package demosite_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/claimwatch/claimwatch/crawler/demosite"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"
)

// page is one fetched response.
type page struct {
	status int
	header http.Header
	body   []byte
}

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(demosite.Handler())
	t.Cleanup(srv.Close)
	return srv
}

// get fetches u without following redirects.
func get(t *testing.T, srv *httptest.Server, u string) page {
	t.Helper()
	if strings.HasPrefix(u, "/") {
		u = srv.URL + u
	}
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	return page{status: resp.StatusCode, header: resp.Header, body: body}
}

// utf8Body decodes a page body according to its Content-Type charset.
func utf8Body(t *testing.T, p page) string {
	t.Helper()
	if strings.Contains(strings.ToLower(p.header.Get("Content-Type")), "windows-1252") {
		b, err := charmap.Windows1252.NewDecoder().Bytes(p.body)
		if err != nil {
			t.Fatalf("decode windows-1252: %v", err)
		}
		return string(b)
	}
	return string(p.body)
}

// doc is the parts of an HTML page the tests look at.
type doc struct {
	links      []string          // href of every <a> and <link>, in order
	canonical  string            // <link rel=canonical href>
	meta       map[string]string // meta property/name -> content
	metaCS     string            // <meta charset>
	jsonLD     []string          // bodies of application/ld+json scripts
	h1         string
	times      []string // datetime attributes of <time>
	storyText  []string // text of each <p> inside .story-body, promos excluded
	hasArticle bool
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func parseDoc(t *testing.T, s string) doc {
	t.Helper()
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatalf("parse html: %v", err)
	}
	d := doc{meta: map[string]string{}}
	var walk func(n *html.Node, inStory, inAside bool)
	walk = func(n *html.Node, inStory, inAside bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "a":
				d.links = append(d.links, attr(n, "href"))
			case "link":
				d.links = append(d.links, attr(n, "href"))
				if attr(n, "rel") == "canonical" {
					d.canonical = attr(n, "href")
				}
			case "meta":
				if cs := attr(n, "charset"); cs != "" {
					d.metaCS = cs
				}
				key := attr(n, "property")
				if key == "" {
					key = attr(n, "name")
				}
				if key != "" {
					d.meta[key] = attr(n, "content")
				}
			case "script":
				if attr(n, "type") == "application/ld+json" {
					d.jsonLD = append(d.jsonLD, textOf(n))
				}
			case "h1":
				d.h1 = strings.TrimSpace(textOf(n))
			case "time":
				d.times = append(d.times, attr(n, "datetime"))
			case "article":
				if hasClass(n, "story") {
					d.hasArticle = true
				}
			case "div":
				if hasClass(n, "story-body") {
					inStory = true
				}
			case "aside":
				inAside = true
			case "p":
				if inStory && !inAside {
					d.storyText = append(d.storyText, textOf(n))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inStory, inAside)
		}
	}
	walk(root, false, false)
	return d
}

// internal resolves href against base and returns the path and query of
// a same-host link, or ok=false for other hosts and schemes.
func internal(base *url.URL, href string) (*url.URL, bool) {
	u, err := base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host != base.Host {
		return nil, false
	}
	u.Fragment = ""
	return u, true
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
