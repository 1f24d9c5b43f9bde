package crawler

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

func TestParseArticle(t *testing.T) {
	body, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse("https://news.example.com/world/kabul-bomb.html?utm_medium=x#top", body, "text/html")
	if err != nil {
		t.Fatal(err)
	}
	if !p.IsArticle {
		t.Error("not recognised as article")
	}
	if p.Title != "Bomb kills 12 in Kabul" {
		t.Errorf("title = %q", p.Title)
	}
	if p.CanonicalURL != "https://news.example.com/world/kabul-bomb.html" {
		t.Errorf("canonical = %q", p.CanonicalURL)
	}
	if p.Published != "2024-05-08T06:00:00Z" {
		t.Errorf("published = %q", p.Published)
	}
	if p.Lang != "en" {
		t.Errorf("lang = %q", p.Lang)
	}
	if len(p.Authors) != 1 || p.Authors[0] != "A. Reporter" {
		t.Errorf("authors = %v", p.Authors)
	}
	for _, want := range []string{"A bomb killed 12 people", "Islamic State claimed responsibility"} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("text lacks %q: %q", want, p.Text)
		}
	}
	for _, boiler := range []string{"Share this", "Related:", "Copyright", "Home"} {
		if strings.Contains(p.Text, boiler) {
			t.Errorf("text keeps boilerplate %q", boiler)
		}
	}
}

func TestParseCharsets(t *testing.T) {
	latin := "<html><head><meta charset=\"windows-1252\"></head><body><article><p>Caf\u00e9 \u201cattack\u201d \u2014 Bogot\u00e1</p></article></body></html>"
	enc, err := charmap.Windows1252.NewEncoder().String(latin)
	if err != nil {
		t.Fatal(err)
	}
	arabic := "<html><body><article><p>\u0627\u0644\u062f\u0648\u0644\u0629 \u0627\u0644\u0625\u0633\u0644\u0627\u0645\u064a\u0629</p></article></body></html>"
	encAr, err := charmap.Windows1256.NewEncoder().String(arabic)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, body, ct, want string
	}{
		{"meta windows-1252", enc, "text/html", "Caf\u00e9 \u201cattack\u201d \u2014 Bogot\u00e1"},
		{"header windows-1256", encAr, "text/html; charset=windows-1256", "\u0627\u0644\u062f\u0648\u0644\u0629"},
		{"utf-8 default", "<html><body><p>Kabul \u2013 ok</p></body></html>", "text/html", "Kabul \u2013 ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("https://x.example/a", []byte(tt.body), tt.ct)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(p.Text, tt.want) {
				t.Errorf("text = %q, want it to contain %q", p.Text, tt.want)
			}
		})
	}
}

func TestParseBadInput(t *testing.T) {
	tests := []struct {
		name    string
		url     string
		body    []byte
		wantErr error
	}{
		{"binary", "https://x.example/a", append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2}, 200)...), ErrNotHTML},
		{"hostile scheme", "javascript:alert(1)", []byte("<p>x</p>"), ErrBadURL},
		{"file scheme", "file:///etc/passwd", []byte("<p>x</p>"), ErrBadURL},
		{"credentials", "https://user:pw@x.example/", []byte("<p>x</p>"), ErrBadURL},
		{"broken html", "https://x.example/b", []byte("<html><body><article><p>unclosed <b>bold <p>next</article"), nil},
		{"invalid utf-8", "https://x.example/c", []byte("<p>bad \xff\xfe bytes</p>"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.url, tt.body, "text/html")
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.ValidString(p.Text) {
				t.Errorf("text is not valid UTF-8: %q", p.Text)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	body, _ := os.ReadFile("testdata/article.html")
	f.Add(body, "text/html")
	f.Add([]byte("<p>\xff\xfe</p>"), "text/html; charset=windows-1252")
	f.Add([]byte{0, 0, 0, 1}, "")
	f.Fuzz(func(t *testing.T, b []byte, ct string) {
		p, err := Parse("https://x.example/a", b, ct)
		if err != nil {
			return
		}
		if !utf8.ValidString(p.Text) || !utf8.ValidString(p.Title) {
			t.Fatalf("invalid UTF-8 out: %q", p.Text)
		}
	})
}

func TestIsArticlePage(t *testing.T) {
	tests := []struct {
		ld     bool
		og     string
		n, len int
		want   bool
	}{
		{true, "website", 3, 10, true},
		{false, "article", 0, 0, true},
		{false, "website", 1, 5000, false},
		{false, "", 1, 5000, true},
		{false, "", 7, 5000, false},
		{false, "", 1, 100, false},
	}
	for _, tt := range tests {
		if got := isArticlePage(tt.ld, tt.og, tt.n, tt.len); got != tt.want {
			t.Errorf("isArticlePage(%v,%q,%d,%d) = %v, want %v", tt.ld, tt.og, tt.n, tt.len, got, tt.want)
		}
	}
}
