package crawler

import (
	"testing"
	"time"
)

func TestParseModifiedAndDescription(t *testing.T) {
	body := func(head string) []byte {
		return []byte(`<html lang="en"><head>` + head + `</head><body><article><p>Text of the story.</p></article></body></html>`)
	}
	tests := []struct {
		name, head, modified, desc string
	}{
		{"meta tags", `<meta property="article:modified_time" content="2024-05-08T12:00:00+02:00"><meta property="og:description" content="  Twelve   killed. "><meta name="description" content="other">`,
			"2024-05-08T10:00:00Z", "Twelve killed."},
		{"json-ld", `<script type="application/ld+json">{"@type":"NewsArticle","dateModified":"2024-05-09","description":"From JSON-LD"}</script>`,
			"2024-05-09", "From JSON-LD"},
		{"meta description only", `<meta name="description" content="Plain description">`, "", "Plain description"},
		{"none", ``, "", ""},
		{"unreadable date", `<meta property="article:modified_time" content="yesterday">`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("https://x.example/a", body(tt.head), "text/html")
			if err != nil {
				t.Fatal(err)
			}
			if p.Modified != tt.modified || p.Description != tt.desc {
				t.Errorf("modified %q description %q, want %q %q", p.Modified, p.Description, tt.modified, tt.desc)
			}
			if a := p.ToArticle("x", "", time.Now()); a.Modified != tt.modified || a.Description != tt.desc {
				t.Errorf("article modified %q description %q, want %q %q", a.Modified, a.Description, tt.modified, tt.desc)
			}
		})
	}
}
