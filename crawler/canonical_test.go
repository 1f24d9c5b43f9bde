package crawler

import (
	"errors"
	"testing"
)

func TestCanonicalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTPS://News.Example.COM:443/a?utm_source=x&b=2&a=1#frag", "https://news.example.com/a?a=1&b=2"},
		{"http://example.com:80", "http://example.com/"},
		{"http://example.com:8080/x?fbclid=1&gclid=2", "http://example.com:8080/x"},
		{"https://example.com/x?id=5&UTM_Campaign=z", "https://example.com/x?id=5"},
		{"https://example.com/x?q=a+b", "https://example.com/x?q=a+b"},
	}
	for _, tt := range tests {
		got, err := Canonicalize(tt.in)
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Canonicalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "ftp://x/", "javascript:alert(1)", "//nohost", "http://", "https://u:p@h/", "http://a b/\x00"} {
		if _, err := Canonicalize(bad); !errors.Is(err, ErrBadURL) {
			t.Errorf("Canonicalize(%q) err = %v, want ErrBadURL", bad, err)
		}
	}
}

func FuzzCanonicalize(f *testing.F) {
	f.Add("https://example.com/a?utm_source=x#f")
	f.Add("http://[::1]:80/")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Canonicalize(s)
		if err != nil {
			return
		}
		c2, err := Canonicalize(c)
		if err != nil {
			t.Fatalf("canonical form %q rejected: %v", c, err)
		}
		if c2 != c {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, c, c2)
		}
	})
}
