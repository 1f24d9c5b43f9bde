package hostile

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// HostileURLs are URLs no crawler should fetch or should handle with care:
// non-HTTP schemes, credentials, private and metadata addresses in odd
// notations, IDN homographs, control characters, overlong forms.
func HostileURLs() []string {
	long := strings.Repeat("a", 100_000)
	return []string{
		// non-HTTP schemes
		"file:///etc/passwd", "file://localhost/etc/shadow", "FILE:///c:/windows/win.ini", "gopher://127.0.0.1:70/_GET%20/",
		"javascript:alert(document.domain)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)", "\x01javascript:alert(1)",
		"data:text/html,<script>alert(1)</script>", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
		"ftp://127.0.0.1/", "mailto:a@b.c", "ws://127.0.0.1/", "wss://127.0.0.1/", "dict://127.0.0.1:11211/stat", "ldap://127.0.0.1/",
		"jar:http://127.0.0.1/a.jar!/", "view-source:http://127.0.0.1/", "about:blank", "blob:http://127.0.0.1/x", "chrome://settings",
		"sftp://127.0.0.1/", "tel:+1", "urn:isbn:1", "http:", "http:/", "http://", "https:///path", "//127.0.0.1/", "///etc/passwd",
		// credentials
		"http://user:pass@127.0.0.1/", "http://user@127.0.0.1/", "https://:@127.0.0.1/", "http://127.0.0.1:80@169.254.169.254/",
		"http://a:b@c:d@127.0.0.1/", "http://%75ser:%70ass@127.0.0.1/", "http://user:p%40ss@127.0.0.1/a?b#c",
		// private, metadata and odd notations
		"http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://metadata.google.internal/", "http://10.0.0.1/",
		"http://192.168.0.1/", "http://172.16.0.1/", "http://0.0.0.0/", "http://[::]/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
		"http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://0x7f.1/", "http://127.1/", "http://127.000.000.001/",
		"http://[0:0:0:0:0:ffff:a9fe:a9fe]/", "http://[fe80::1%25eth0]/", "http://localhost/", "http://LOCALHOST./", "http://localhost.localdomain/",
		"http://127.0.0.1.nip.io/", "http://224.0.0.1/", "http://255.255.255.255/", "http://100.64.0.1/",
		// IDN homographs and Unicode hosts
		"http://раураl.com/", "http://xn--80aa0cbo65f.com/", "http://аррӏе.com/", "http://gооgle.com/", "http://ｅｘａｍｐｌｅ.com/",
		"http://example。com/", "http://exa\u200bmple.com/", "http://exam\u202eelpmaxe.com/", "http://例え.テスト/", "http://xn--/",
		"http://xn--zz.com/", "http://ex%61mple.com/", "http://EXAMPLE.COM./", "http://ᴀʙᴄ.com/", "http://bbc.co.uk\u2024evil.com/",
		// malformed
		"http://127.0.0.1:99999/", "http://127.0.0.1:-1/", "http://127.0.0.1:8080:8080/", "http://[127.0.0.1]/", "http://[::1/",
		"http://127.0.0.1/%zz", "http://127.0.0.1/%00", "http://127.0.0.1/\x00", "http://127.0.0.1/a\r\nSet-Cookie: x=y", "http://127.0.0.1/a b",
		"http://127.0.0.1\\@evil.com/", "http:\\\\127.0.0.1\\a", "http://127.0.0.1/#" + long, "http://127.0.0.1/" + long, "http://" + long + ".com/",
		"http://" + strings.Repeat("a.", 5000) + "com/", "http://127.0.0.1/?" + strings.Repeat("a=1&", 20000), "http://127.0.0.1/" + strings.Repeat("../", 1000) + "etc/passwd",
		"http://127.0.0.1/\xff\xfe", "http://\xff/", "http://%/", "http://%zz/", "ht tp://127.0.0.1/", "hTTp://127.0.0.1/", "http://127.0.0.1/..%2f..%2fetc",
		"", " ", "\x00", "?", "#", "/", "//", "http://?", "http://#",
	}
}

func hostileURLs(_ Config, _ *rand.Rand) []Case {
	var out []Case
	for i, u := range HostileURLs() {
		// as the page's own URL (parse path), with a link and a canonical to it
		out = append(out, Case{Name: fmt.Sprintf("url/page-%03d", i), Kind: "hostile-url", PageURL: u,
			Body: str(Article(`<link rel="canonical" href="`+attrEscape(u)+`">`, `<a href="`+attrEscape(u)+`">x</a>`))})
		// as links and a <base> on a normal page (crawl path)
		out = append(out, Case{Name: fmt.Sprintf("url/link-%03d", i), Kind: "hostile-url",
			Body: str(Article(`<base href="`+attrEscape(u)+`">`, `<a href="`+attrEscape(u)+`">x</a><a href="relative">y</a><img src="`+attrEscape(u)+`">`))})
	}
	return out
}

// attrEscape escapes only what would end the attribute.
func attrEscape(s string) string { return strings.ReplaceAll(s, `"`, "&quot;") }

func redirects(_ Config, _ *rand.Rand) []Case {
	var out []Case
	for n := 1; n <= 30; n++ {
		out = append(out, Case{Name: fmt.Sprintf("redirect/chain-%02d", n), Kind: "redirect", Redirects: n, Body: str(Article("", ""))})
	}
	for _, code := range []int{301, 302, 303, 307, 308} {
		for i, u := range []string{"{base}/c/{self}", "file:///etc/passwd", "gopher://127.0.0.1:70/", "javascript:alert(1)", "data:text/html,x",
			"http://user:pass@127.0.0.1/", "http://169.254.169.254/latest/", "http://10.0.0.1/", "http://[::1]:1/", "ftp://127.0.0.1/",
			"", "//169.254.169.254/", "http://127.0.0.1/" + strings.Repeat("r", 10000), "http://раураl.com/", "\x00"} {
			out = append(out, Case{Name: fmt.Sprintf("redirect/%d-%02d", code, i), Kind: "redirect", Status: code, Location: u})
		}
	}
	return out
}
