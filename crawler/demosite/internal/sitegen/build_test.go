package sitegen

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func testSources(t *testing.T, n int) []Source {
	t.Helper()
	var out []Source
	for i := range n {
		day := 10 + i
		head := strings.Join([]string{
			"path: /world/2024/05/" + itoa2(day) + "/story-" + itoa2(day) + ".html",
			"title: Story " + itoa2(day) + " & <friends>",
			"section: world",
			"published: 2024-05-" + itoa2(day) + "T09:00:00Z",
			"author: A. Writer",
			"dateline: KABUL",
			"attack: false",
		}, "\n")
		if i == 0 {
			head += "\ncharset: windows-1252\nvia: sitemap"
		}
		s, err := ParseSource("t.txt", []byte(head+"\n---\nThe “first” paragraph — with é.\n\nTwo.\n\nThree.\n"))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func itoa2(n int) string {
	return string([]byte{byte('0' + n/10), byte('0' + n%10)})
}

func TestRender(t *testing.T) {
	srcs := testSources(t, 11)
	files, err := Render(srcs, Config{PerPage: 4})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"manifest.json", "public/index.html", "public/world/index.html", "public/world/page/2/index.html",
		"public/world/page/3/index.html", "public/rss.xml", "public/sitemap.xml", "public/sitemap-news.xml",
		"public/robots.txt", "public/404.html", "public/africa/index.html",
	} {
		if _, ok := files[want]; !ok {
			t.Errorf("missing %s", want)
		}
	}
	if _, ok := files["public/world/page/4/index.html"]; ok {
		t.Error("10 section stories at 4 a page make 3 pages, not 4")
	}
	cp := files["public/world/2024/05/10/story-10.html"]
	if utf8.Valid(cp) || !bytes.Contains(cp, []byte{0x93}) || !bytes.Contains(cp, []byte(`charset="windows-1252"`)) {
		t.Error("windows-1252 page not encoded as windows-1252")
	}
	for name, data := range files {
		if strings.HasSuffix(name, ".xml") {
			if err := xml.Unmarshal(data, new(struct{})); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	if bytes.Contains(files["public/rss.xml"], []byte("story-10.html")) {
		t.Error("sitemap-only story is in the feed")
	}
	if !bytes.Contains(files["public/sitemap-news.xml"], []byte("story-10.html")) {
		t.Error("sitemap-only story missing from the news sitemap")
	}
	for name, data := range files {
		if strings.HasSuffix(name, ".html") && name != "public/world/2024/05/10/story-10.html" && bytes.Contains(data, []byte("story-10.html")) {
			t.Errorf("%s links to the sitemap-only story", name)
		}
	}
	if !bytes.Contains(files["public/world/2024/05/11/story-11.html"], []byte("Story 11 &amp; &lt;friends&gt;")) {
		t.Error("title not escaped in page text")
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	srcs := testSources(t, 5)
	a, err := Render(srcs, Config{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(srcs, Config{})
	if err != nil {
		t.Fatal(err)
	}
	for k := range a {
		if !bytes.Equal(a[k], b[k]) {
			t.Errorf("%s differs between runs", k)
		}
	}
}

func TestBuildWritesFiles(t *testing.T) {
	src, out := t.TempDir(), t.TempDir()
	body := goodHead + goodBody
	if err := os.WriteFile(filepath.Join(src, "a.txt"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "stale.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Build(src, out, Config{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "public", "world", "2024", "05", "08", "some-story.html")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(out, "stale.html")); !os.IsNotExist(err) {
		t.Error("stale output file survived the build")
	}
	if err := os.WriteFile(filepath.Join(src, "b.txt"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Build(src, out, Config{}); err == nil {
		t.Error("two sources with one path were accepted")
	}
}
