package evalscore

// Report is the score of a whole prediction file, one Doc per gold line.
type Report struct {
	Docs []Doc
}

// Doc is the score of one gold article.
type Doc struct {
	ID        string // the gold id as score.py prints it (str())
	id        any    // the gold id as read, for JSON
	Groups    GroupScore
	Claims    ClaimScore
	Incidents IncidentScore
}

// GroupScore: recall over must groups, precision over predicted militant
// groups; Missed are ids (or "?name" for names the gazetteer lacks).
type GroupScore struct {
	Recall, Precision float64
	Missed            []string
	FalsePositives    []string
}

// ClaimScore: precision, recall and F1 over must claims (rounded to three
// decimals like score.py), the counts behind them and the polarity errors.
type ClaimScore struct {
	Precision, Recall, F1 float64
	TP, FP, FN            int
	PolarityErrors        int
	Missed                []string // "group/status: evidence[:60]"
	FalsePositives        []string // "group_id/status: evidence[:60]"
}

// IncidentScore: the share of must incidents found, with the right type,
// place and killed count.
type IncidentScore struct {
	Found, TypeOK, PlaceOK, KilledOK float64
	Detail                           []IncidentDetail
}

// IncidentDetail is one must gold incident.
type IncidentDetail struct {
	Key                              string // str() of the gold key
	key                              any
	Found, TypeOK, PlaceOK, KilledOK bool
}

// Totals are the claim counts over all articles and P/R/F1 from them (the
// summary line).
type Totals struct {
	TP, FP, FN, PolarityErrors int
	Precision, Recall, F1      float64
}

// Totals sums the claim counts over all documents.
func (r Report) Totals() Totals {
	var t Totals
	for _, d := range r.Docs {
		t.TP += d.Claims.TP
		t.FP += d.Claims.FP
		t.FN += d.Claims.FN
		t.PolarityErrors += d.Claims.PolarityErrors
	}
	t.Precision, t.Recall, t.F1 = prf(t.TP, t.FP, t.FN)
	return t
}

// prf is score.py's prf: rounded precision, recall and F1.
func prf(tp, fp, fn int) (p, r, f float64) {
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r != 0 {
		f = 2 * p * r / (p + r)
	}
	return pyRound3(p), pyRound3(r), pyRound3(f)
}
