package indexer

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// maxTitle is the width at which FormatText cuts titles.
const maxTitle = 100

// FormatText writes r as a human-readable listing (`claimwatch search`):
// a count line, one numbered entry per hit (date, title, URL, groups and
// claims), then the facets when present.
func FormatText(w io.Writer, r Result) error {
	bw := bufio.NewWriter(w)
	switch {
	case r.Total == 0:
		fmt.Fprintln(bw, "no results")
	case len(r.Hits) == 0:
		fmt.Fprintf(bw, "%d result%s (none on this page)\n", r.Total, plural(r.Total))
	default:
		fmt.Fprintf(bw, "%d result%s, showing %d\n", r.Total, plural(r.Total), len(r.Hits))
	}
	for i, h := range r.Hits {
		date := h.Published
		if len(date) > 10 {
			date = date[:10]
		}
		if date == "" {
			date = "????-??-??"
		}
		title := strings.Join(strings.Fields(h.Title), " ")
		if title == "" {
			title = "(no title)"
		}
		if n := []rune(title); len(n) > maxTitle {
			title = string(n[:maxTitle-1]) + "…"
		}
		fmt.Fprintf(bw, "\n%3d. %s  %s\n", i+1, date, title)
		if h.URL != "" {
			fmt.Fprintf(bw, "     %s\n", h.URL)
		}
		var meta []string
		if len(h.Groups) > 0 {
			meta = append(meta, "groups: "+strings.Join(h.Groups, ", "))
		}
		if len(h.Claims) > 0 {
			cs := make([]string, len(h.Claims))
			for j, c := range h.Claims {
				g := c.GroupID
				if g == "" {
					g = "(no group)"
				}
				cs[j] = g + " " + c.Status
			}
			meta = append(meta, "claims: "+strings.Join(cs, "; "))
		}
		meta = append(meta, "id: "+h.ID)
		fmt.Fprintf(bw, "     %s\n", strings.Join(meta, "  |  "))
	}
	if len(r.Facets) > 0 {
		fmt.Fprintln(bw, "\nfacets:")
		for _, name := range FacetNames() {
			counts, ok := r.Facets[name]
			if !ok {
				continue
			}
			parts := make([]string, len(counts))
			for i, c := range counts {
				parts[i] = fmt.Sprintf("%s (%d)", c.Term, c.Count)
			}
			if len(parts) == 0 {
				parts = []string{"-"}
			}
			fmt.Fprintf(bw, "  %-8s %s\n", name+":", strings.Join(parts, ", "))
		}
	}
	return bw.Flush()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
