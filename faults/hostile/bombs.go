package hostile

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"io"
	"math/rand/v2"
	"sync"

	"github.com/andybalholm/brotli"
)

// gzipBomb returns a generator of a gzip stream that decompresses to n
// bytes of the repeated unit: one member compressing 1 MB, repeated (a gzip
// file may hold many members; readers concatenate them), so a 1 GB bomb
// costs one 1 MB compression. layers > 1 gzips the result again.
func gzipBomb(n int64, unit []byte, layers int) func() []byte {
	var once sync.Once
	var out []byte
	return func() []byte {
		once.Do(func() {
			chunk := bytes.Repeat(unit, (1<<20)/len(unit)+1)[:1<<20]
			var m bytes.Buffer
			w, _ := gzip.NewWriterLevel(&m, gzip.BestCompression)
			_, _ = w.Write(chunk)
			_ = w.Close()
			out = bytes.Repeat(m.Bytes(), int(n>>20))
			for l := 1; l < layers; l++ {
				var buf bytes.Buffer
				w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
				_, _ = w.Write(out)
				_ = w.Close()
				out = buf.Bytes()
			}
		})
		return out
	}
}

// compressed returns a generator of n bytes of the repeated unit
// compressed with enc ("deflate" or "br"), built once.
func compressed(enc string, n int64, unit []byte) func() []byte {
	var once sync.Once
	var out []byte
	return func() []byte {
		once.Do(func() {
			var buf bytes.Buffer
			var w io.WriteCloser
			if enc == "br" {
				w = brotli.NewWriterLevel(&buf, brotli.BestSpeed)
			} else {
				w, _ = flate.NewWriter(&buf, flate.BestSpeed)
			}
			chunk := bytes.Repeat(unit, (1<<20)/len(unit)+1)[:1<<20]
			for written := int64(0); written < n; written += int64(len(chunk)) {
				_, _ = w.Write(chunk[:min(int64(len(chunk)), n-written)])
			}
			_ = w.Close()
			out = buf.Bytes()
		})
		return out
	}
}

func bombs(cfg Config, _ *rand.Rand) []Case {
	n := cfg.BombBytes
	html := []byte("<p>Al-Shabaab claimed the attack.</p>")
	zero := []byte{0}
	xmlUnit := []byte("<url><loc>http://127.0.0.1/a</loc></url>")
	// The crawler decodes gzip itself, capped (see crawler/netguard.go);
	// deflate and br it never asks for, so such bodies arrive as raw
	// bytes: those bombs decompress to 64 MB to keep generation cheap.
	small := min(n, 64<<20)
	var out []Case
	for _, u := range []struct {
		name string
		unit []byte
		as   string
		ct   string
	}{{"html", html, "", ""}, {"zeros", zero, "", ""}, {"sitemap", xmlUnit, "sitemap", "application/xml"}} {
		out = append(out,
			Case{Name: "bomb/gzip-" + u.name, Kind: "decompression-bomb", As: u.as, ContentType: u.ct, ContentEncoding: "gzip", Body: gzipBomb(n, u.unit, 1)},
			Case{Name: "bomb/deflate-" + u.name, Kind: "decompression-bomb", As: u.as, ContentType: u.ct, ContentEncoding: "deflate", Body: compressed("deflate", small, u.unit)},
			Case{Name: "bomb/br-" + u.name, Kind: "decompression-bomb", As: u.as, ContentType: u.ct, ContentEncoding: "br", Body: compressed("br", small, u.unit)},
		)
	}
	out = append(out,
		Case{Name: "bomb/gzip-double", Kind: "decompression-bomb", ContentEncoding: "gzip", Body: gzipBomb(n, zero, 2)},
		Case{Name: "bomb/gzip-as-type", Kind: "decompression-bomb", ContentType: "application/x-gzip", Body: gzipBomb(n, html, 1)},
		Case{Name: "bomb/gzip-truncated", Kind: "decompression-bomb", ContentEncoding: "gzip", Body: func() []byte { b := gzipBomb(1<<20, html, 1)(); return b[:len(b)/2] }},
		Case{Name: "bomb/gzip-garbage", Kind: "decompression-bomb", ContentEncoding: "gzip", Body: str("\x1f\x8b\x08\x00garbage garbage garbage")},
		Case{Name: "bomb/gzip-header-only", Kind: "decompression-bomb", ContentEncoding: "gzip", Body: str("\x1f\x8b")},
		Case{Name: "bomb/gzip-sitemap-index-type", Kind: "decompression-bomb", As: "sitemap", ContentType: "application/gzip", Body: gzipBomb(n, xmlUnit, 1)},
		Case{Name: "bomb/unknown-encoding", Kind: "decompression-bomb", ContentEncoding: "zstd", Body: str("\x28\xb5\x2f\xfd garbage")},
	)
	return out
}
