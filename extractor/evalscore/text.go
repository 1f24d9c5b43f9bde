package evalscore

import (
	"bufio"
	"fmt"
	"io"
)

// WriteText writes the report exactly as score.py prints it without --json.
func (r Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	f := pyFloat
	for _, d := range r.Docs {
		g, c, i := d.Groups, d.Claims, d.Incidents
		fmt.Fprintf(bw, "%s\n", d.ID)
		fmt.Fprintf(bw, "  groups    recall %s  precision %s  missed %s  fp %s\n",
			f(g.Recall), f(g.Precision), pyRepr(g.Missed), pyRepr(g.FalsePositives))
		fmt.Fprintf(bw, "  claims    P %s  R %s  F1 %s  polarity errors %d\n",
			f(c.Precision), f(c.Recall), f(c.F1), c.PolarityErrors)
		for _, m := range c.Missed {
			fmt.Fprintf(bw, "    missed  %s\n", m)
		}
		for _, m := range c.FalsePositives {
			fmt.Fprintf(bw, "    extra   %s\n", m)
		}
		fmt.Fprintf(bw, "  incidents found %s  type %s  place %s  killed %s\n",
			f(i.Found), f(i.TypeOK), f(i.PlaceOK), f(i.KilledOK))
	}
	t := r.Totals()
	fmt.Fprintf(bw, "claims F1 %s (P %s R %s), polarity errors %d\n", f(t.F1), f(t.Precision), f(t.Recall), t.PolarityErrors)
	return bw.Flush()
}
