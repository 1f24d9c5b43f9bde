// Command gen regenerates the Demo Wire site (site/) from the article
// sources (content/). Run it with `go generate` in crawler/demosite.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/claimwatch/claimwatch/crawler/demosite/internal/sitegen"
)

func main() {
	src := flag.String("src", "content", "directory of article sources (*.txt)")
	out := flag.String("out", "site", "output directory (emptied first)")
	flag.Parse()
	if err := sitegen.Build(*src, *out, sitegen.Config{}); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
