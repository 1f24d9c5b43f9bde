package crawler

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"
	"unicode/utf8"
)

// Fuzz targets for the parsers of outside input that had none (issue #10):
// the `claimwatch parse` JSONL path, feed and sitemap dates, and dates in
// URLs.

func FuzzRunParseJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","url":"http://example.com/a","html":"<title>t</title><article><p>x</p></article>"}` + "\n"))
	f.Add([]byte("garbage\n\n{}\n{\"id\":1}\n\xff\xfe\n"))
	f.Add([]byte(`{"id":"b","url":"javascript:alert(1)","html":"\u0000"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		st, err := RunParseJSONL(context.Background(), bytes.NewReader(data), &out, nil)
		if err != nil {
			t.Fatal(err)
		}
		lines := bytes.Split(bytes.TrimSuffix(out.Bytes(), []byte("\n")), []byte("\n"))
		if st.Lines == 0 {
			if out.Len() != 0 {
				t.Fatalf("output without input lines: %q", out.String())
			}
			return
		}
		if len(lines) != st.Lines {
			t.Fatalf("%d output lines for %d input lines", len(lines), st.Lines)
		}
		for _, l := range lines {
			var o ParseOutput
			if err := json.Unmarshal(l, &o); err != nil {
				t.Fatalf("output line is not JSON: %v", err)
			}
			if !utf8.ValidString(o.Text) || !utf8.ValidString(o.Title) {
				t.Fatal("output text is not valid UTF-8")
			}
		}
	})
}

func FuzzParseAnyDate(f *testing.F) {
	for _, s := range []string{"2025-06-10", "2025-06-10T04:00:00Z", "Tue, 10 Jun 2025 04:00:00 GMT", "", "9999-99-99", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := parseAnyDate(s)
		if !d.IsZero() && (d.Year() < 0 || d.Year() > 100000) {
			t.Fatalf("%q parsed as %v", s, d)
		}
		_ = d.Format(time.RFC3339)
	})
}

func FuzzDateFromURL(f *testing.F) {
	for _, s := range []string{"http://x.com/2025/06/10/a", "http://x.com/20250610/a", "http://x.com/9999/99/99/", "", "%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := DateFromURL(s)
		if d != "" {
			if _, err := time.Parse("2006-01-02", d); err != nil {
				t.Fatalf("DateFromURL(%q) = %q, not a date: %v", s, d, err)
			}
		}
	})
}
