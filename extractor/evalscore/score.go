package evalscore

import (
	"fmt"
	"io"
	"sort"
)

// Score reads gold and prediction JSON Lines and the JSON group list of
// `claimwatch groups list --json`, and scores every gold article against the
// prediction with the same id (an absent prediction scores as empty).
func Score(gold, pred io.Reader, groups io.Reader) (Report, error) {
	gaz, err := loadGazetteer(groups)
	if err != nil {
		return Report{}, err
	}
	preds, err := loadJSONL(pred, "pred")
	if err != nil {
		return Report{}, err
	}
	byID := make(map[string]map[string]any, len(preds))
	for n, p := range preds {
		k, ok := pyHashKey(p["id"])
		if !ok {
			return Report{}, fmt.Errorf("%w: pred line %d: id is not hashable", ErrInput, n+1)
		}
		byID[k] = p
	}
	golds, err := loadJSONL(gold, "gold")
	if err != nil {
		return Report{}, err
	}
	var rep Report
	for n, g := range golds {
		id, ok := g["id"]
		if !ok {
			return Report{}, fmt.Errorf("%w: gold line %d: no id", ErrInput, n+1)
		}
		k, ok := pyHashKey(id)
		if !ok {
			return Report{}, fmt.Errorf("%w: gold line %d: id is not hashable", ErrInput, n+1)
		}
		p := byID[k]
		if p == nil {
			p = map[string]any{}
		}
		d, err := scoreDoc(g, p, gaz)
		if err != nil {
			return Report{}, fmt.Errorf("%s: %w", pyStr(id), err)
		}
		rep.Docs = append(rep.Docs, d)
	}
	return rep, nil
}

func scoreDoc(gold, pred map[string]any, gaz *gazetteer) (Doc, error) {
	d := Doc{ID: pyStr(gold["id"]), id: gold["id"]}
	var err error
	if d.Groups, err = scoreGroups(gold, pred, gaz); err != nil {
		return d, err
	}
	if d.Claims, err = scoreClaims(gold, pred, gaz); err != nil {
		return d, err
	}
	d.Incidents, err = scoreIncidents(gold, pred)
	return d, err
}

func mustOf(o map[string]any) bool { return truthy(getDefault(o, "must", true)) }

func scoreGroups(gold, pred map[string]any, gaz *gazetteer) (GroupScore, error) {
	ggs, err := list(gold, "groups", "gold")
	if err != nil {
		return GroupScore{}, err
	}
	goldIDs := map[string]bool{}
	mustSets := map[string][]string{} // sorted alternatives keyed by their join: a set of frozensets
	for _, g := range ggs {
		name, err := str(g, "name", "gold group")
		if err != nil {
			return GroupScore{}, err
		}
		ids := gaz.resolve(name)
		surf, ok := getDefault(g, "surface", []any{}).([]any)
		if !ok {
			return GroupScore{}, fmt.Errorf("%w: gold group %s: surface is not a list", ErrInput, name)
		}
		for _, s := range surf {
			ss, ok := s.(string)
			if !ok {
				return GroupScore{}, fmt.Errorf("%w: gold group %s: a surface is not a string", ErrInput, name)
			}
			if len(ids) == 0 {
				ids = gaz.resolve(ss)
			}
		}
		alts := sortedSet(ids)
		if len(alts) == 0 {
			alts = []string{"?" + name}
		}
		for _, a := range alts {
			goldIDs[a] = true
		}
		if mustOf(g) {
			mustSets[fmt.Sprintf("%q", alts)] = alts
		}
	}
	predIDs := map[string]bool{}
	pgs, err := list(pred, "groups", "pred")
	if err != nil {
		return GroupScore{}, err
	}
	for _, g := range pgs {
		if !pyEqual(getDefault(g, "kind", "militant"), "militant") {
			continue
		}
		id, err := str(g, "id", "pred group")
		if err != nil {
			return GroupScore{}, err
		}
		predIDs[id] = true
	}
	found := 0
	missed := []string{}
	for _, alts := range mustSets {
		hit := false
		for _, a := range alts {
			hit = hit || predIDs[a]
		}
		if hit {
			found++
		} else {
			missed = append(missed, alts[0])
		}
	}
	sort.Strings(missed)
	fps := []string{}
	for id := range predIDs {
		if !goldIDs[id] {
			fps = append(fps, id)
		}
	}
	sort.Strings(fps)
	gs := GroupScore{Recall: 1.0, Precision: 1.0, Missed: missed, FalsePositives: fps}
	if len(mustSets) > 0 {
		gs.Recall = pyRound3(float64(found) / float64(len(mustSets)))
	}
	if len(predIDs) > 0 {
		gs.Precision = pyRound3(float64(len(predIDs)-len(fps)) / float64(len(predIDs)))
	}
	return gs, nil
}

// goldClaim is a gold claim with what the matching rules read from it.
type goldClaim struct {
	raw      map[string]any
	group    any // c.get("group")
	status   any // c["status"]
	evidence string
	must     bool
}

// groupOr is c.get("group") or "" as a string (for gaz.resolve).
func (c goldClaim) groupOr() string {
	if !truthy(c.group) {
		return ""
	}
	s, _ := c.group.(string)
	return s
}

var opposite = map[string][]string{"claimed": {"unclaimed", "denied"}, "unclaimed": {"claimed"}, "denied": {"claimed"}}

func scoreClaims(gold, pred map[string]any, gaz *gazetteer) (ClaimScore, error) {
	gcsRaw, err := list(gold, "claims", "gold")
	if err != nil {
		return ClaimScore{}, err
	}
	gcs := make([]goldClaim, len(gcsRaw))
	for i, c := range gcsRaw {
		st, ok := c["status"]
		if !ok {
			return ClaimScore{}, fmt.Errorf("%w: gold claim: no \"status\"", ErrInput)
		}
		ev, err := str(c, "evidence", "gold claim")
		if err != nil {
			return ClaimScore{}, err
		}
		grp := c["group"]
		if truthy(grp) {
			if _, ok := grp.(string); !ok {
				return ClaimScore{}, fmt.Errorf("%w: gold claim: group is not a string", ErrInput)
			}
		}
		gcs[i] = goldClaim{raw: c, group: grp, status: st, evidence: ev, must: mustOf(c)}
	}
	pcs, err := list(pred, "claims", "pred")
	if err != nil {
		return ClaimScore{}, err
	}
	texts := make([]string, len(pcs))
	for i, p := range pcs {
		texts[i] = evidenceText(p)
	}
	// inIDs is `p.get("group_id") in ids` where ids = resolve(group) or {None}.
	inIDs := func(c goldClaim, p map[string]any) bool {
		if truthy(c.group) {
			return gaz.has(c.groupOr(), p["group_id"])
		}
		return p["group_id"] == nil
	}
	used := map[int]bool{}
	cs := ClaimScore{Missed: []string{}, FalsePositives: []string{}}
	for _, c := range gcs {
		hit := -1
		for i, p := range pcs {
			if used[i] || !inIDs(c, p) || !pyEqual(p["status"], c.status) {
				continue
			}
			if overlaps(c.evidence, texts[i]) {
				hit = i
				break
			}
		}
		switch {
		case hit >= 0:
			used[hit] = true
			if c.must {
				cs.TP++
			}
		case c.must:
			cs.FN++
			grp, ok := c.raw["group"]
			if !ok {
				return ClaimScore{}, fmt.Errorf("%w: gold claim: no \"group\"", ErrInput)
			}
			cs.Missed = append(cs.Missed, fmt.Sprintf("%s/%s: %s", pyStr(grp), pyStr(c.status), head(c.evidence, 60)))
		}
	}
	// a prediction matching an optional gold claim is neither credited nor penalised
	optional := map[int]bool{}
	for i, p := range pcs {
		if used[i] {
			continue
		}
		for _, c := range gcs {
			if !c.must && gaz.has(c.groupOr(), p["group_id"]) && pyEqual(p["status"], c.status) && overlaps(c.evidence, texts[i]) {
				optional[i] = true
			}
		}
	}
	for i, p := range pcs {
		if used[i] || optional[i] {
			continue
		}
		cs.FP++
		cs.FalsePositives = append(cs.FalsePositives, fmt.Sprintf("%s/%s: %s", pyStr(p["group_id"]), pyStr(p["status"]), head(texts[i], 60)))
	}
	for i, p := range pcs {
		for _, c := range gcs {
			if !gaz.has(c.groupOr(), p["group_id"]) || !oppositeOf(c.status, p["status"]) || !overlaps(c.evidence, texts[i]) {
				continue
			}
			// the same evidence may carry both a claim and a denial by different groups; same group only
			sameGroupRight := false
			for _, c2 := range gcs {
				if gaz.has(c2.groupOr(), p["group_id"]) && pyEqual(c2.status, p["status"]) && overlaps(c2.evidence, texts[i]) {
					sameGroupRight = true
					break
				}
			}
			if !sameGroupRight {
				cs.PolarityErrors++
				break
			}
		}
	}
	cs.Precision, cs.Recall, cs.F1 = prf(cs.TP, cs.FP, cs.FN)
	return cs, nil
}

// oppositeOf is `p_status in opposite.get(gold_status, ())`.
func oppositeOf(goldStatus, predStatus any) bool {
	g, ok := goldStatus.(string)
	if !ok {
		return false
	}
	p, ok := predStatus.(string)
	if !ok {
		return false
	}
	for _, o := range opposite[g] {
		if o == p {
			return true
		}
	}
	return false
}

func scoreIncidents(gold, pred map[string]any) (IncidentScore, error) {
	gis, err := list(gold, "incidents", "gold")
	if err != nil {
		return IncidentScore{}, err
	}
	pis, err := list(pred, "incidents", "pred")
	if err != nil {
		return IncidentScore{}, err
	}
	inc := []IncidentDetail{}
	for _, g := range gis {
		if !mustOf(g) {
			continue
		}
		key, ok := g["key"]
		if !ok {
			return IncidentScore{}, fmt.Errorf("%w: gold incident: no \"key\"", ErrInput)
		}
		var best map[string]any
		ev, err := str(g, "evidence", "gold incident")
		if err != nil && len(pis) > 0 {
			return IncidentScore{}, err
		}
		for _, p := range pis {
			if overlaps(ev, evidenceText(p)) {
				best = p
				break
			}
		}
		d := IncidentDetail{Key: pyStr(key), key: key, Found: best != nil}
		if best != nil {
			typ, ok := g["type"]
			if !ok {
				return IncidentScore{}, fmt.Errorf("%w: gold incident: no \"type\"", ErrInput)
			}
			alt, ok := getDefault(g, "alt_types", []any{}).([]any)
			if !ok {
				return IncidentScore{}, fmt.Errorf("%w: gold incident: alt_types is not a list", ErrInput)
			}
			types := append([]any{typ}, alt...)
			for _, t := range types {
				if pyEqual(best["type"], t) {
					d.TypeOK = true
					break
				}
			}
			loc, _ := best["location"].(map[string]any)
			name := ""
			if n, ok := loc["name"].(string); ok {
				name = n
			}
			goldLoc, _ := g["location"].(string)
			d.PlaceOK = foldName(name) == foldName(goldLoc)
			killed, has := g["killed"]
			d.KilledOK = !has || pyEqual(best["killed"], killed)
		}
		inc = append(inc, d)
	}
	n := float64(max(len(inc), 1))
	var s [4]int
	for _, d := range inc {
		for k, b := range []bool{d.Found, d.TypeOK, d.PlaceOK, d.KilledOK} {
			if b {
				s[k]++
			}
		}
	}
	return IncidentScore{Found: pyRound3(float64(s[0]) / n), TypeOK: pyRound3(float64(s[1]) / n),
		PlaceOK: pyRound3(float64(s[2]) / n), KilledOK: pyRound3(float64(s[3]) / n), Detail: inc}, nil
}
