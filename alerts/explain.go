package alerts

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Explain reads records as JSON Lines and prints, without sending or
// storing anything, which records would fire which rules: one line per
// match, then a summary per rule. Lines that are not records are reported
// and skipped; Explain then returns an error wrapping ErrBadInput.
func Explain(rs *RuleSet, recs io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(recs)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	bw := bufio.NewWriter(w)
	perRule := map[string]int{}
	var n, firing, alerts, bad int
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var rec pipeline.Record
		if err := json.Unmarshal(b, &rec); err != nil || rec.ID == "" {
			if err == nil {
				err = fmt.Errorf("no id")
			}
			bad++
			fmt.Fprintf(bw, "line %d: not a record: %v\n", line, err)
			continue
		}
		n++
		ms := rs.Match(rec)
		if len(ms) == 0 {
			continue
		}
		firing++
		fmt.Fprintf(bw, "%s %q\n", rec.ID, rec.Article.Title)
		for _, m := range ms {
			alerts++
			perRule[m.Rule]++
			group := m.Group
			if group == "" {
				group = "-"
			}
			inc := "-"
			if m.Incident != nil {
				inc = m.Incident.Type
				if l := m.Incident.Location; l != nil && l.Name != "" {
					inc += "@" + l.Name
				}
			}
			fmt.Fprintf(bw, "  FIRE rule=%s group=%s status=%s incident=%s (%s) confidence=%.2f key=%s\n",
				m.Rule, group, m.Status, m.IncidentKey, inc, m.Claim.Confidence, m.Key[:16])
			if ev := strings.TrimSpace(m.Claim.Evidence.Text); ev != "" {
				fmt.Fprintf(bw, "       %q\n", clip(ev, 160))
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading records: %w", err)
	}
	fmt.Fprintf(bw, "\n%d records, %d fire a rule, %d alerts", n, firing, alerts)
	if bad > 0 {
		fmt.Fprintf(bw, ", %d bad lines", bad)
	}
	bw.WriteString("\n")
	names := rs.Names()
	sort.SliceStable(names, func(i, j int) bool { return perRule[names[i]] > perRule[names[j]] })
	for _, name := range names {
		fmt.Fprintf(bw, "  %-32s %d\n", name, perRule[name])
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if bad > 0 {
		return fmt.Errorf("%w: %d lines", ErrBadInput, bad)
	}
	return nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
