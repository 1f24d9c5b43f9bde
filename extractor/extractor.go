package extractor

import (
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Input is one text to analyse: a line of `claimwatch extract`.
type Input struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	HTML      string `json:"html,omitempty"`
	Title     string `json:"title,omitempty"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
}

// Extractor finds groups, incidents and responsibility claims in English
// news text. It is safe for concurrent use.
type Extractor struct {
	gaz     *Gazetteer
	places  PlaceResolver
	cfg     Config
	log     *slog.Logger
	matcher *groupMatcher
	split   *sentenceSplitter
	tagger  *proseTagger // prose POS tagger for unknown claimants
	desc    [][]int      // per group, its descendants (gazetteer parents, transitively)
}

// New builds an extractor: the group automaton and the sentence model are
// built once here. places may be nil (no incident locations); log may be nil.
func New(g *Gazetteer, places PlaceResolver, cfg Config, log *slog.Logger) (*Extractor, error) {
	if g == nil {
		return nil, ErrNilGazetteer
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	sp, err := newSentenceSplitter()
	if err != nil {
		return nil, fmt.Errorf("extractor: sentence model: %w", err)
	}
	tg, err := newProseTagger()
	if err != nil {
		return nil, err
	}
	return &Extractor{gaz: g, places: places, cfg: cfg, log: log, matcher: newGroupMatcher(g, cfg), split: sp, tagger: tg, desc: descendantsTable(g)}, nil
}

// Gazetteer returns the extractor's group gazetteer.
func (e *Extractor) Gazetteer() *Gazetteer { return e.gaz }

// Extract analyses one input. It never panics: an internal failure is
// reported in Error, as is unusable input (no text and no html).
func (e *Extractor) Extract(in Input) (out pipeline.Extraction) {
	out = pipeline.Extraction{ID: in.ID, Lang: "en", Groups: []pipeline.GroupMention{}, Incidents: []pipeline.Incident{}, Claims: []pipeline.Claim{}}
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("extractor panic", "id", in.ID, "panic", fmt.Sprint(r))
			out = pipeline.Extraction{ID: in.ID, Lang: "en", Groups: []pipeline.GroupMention{}, Incidents: []pipeline.Incident{},
				Claims: []pipeline.Claim{}, Error: fmt.Sprintf("internal error: %v", r)}
		}
	}()
	text := in.Text
	if text == "" && in.HTML != "" {
		text = htmlText(in.HTML)
	}
	if text == "" && in.Text == "" && in.HTML == "" {
		out.Error = ErrNoText.Error()
		return out
	}
	if !utf8.ValidString(text) {
		// keep byte offsets: every invalid byte becomes one space
		text = repairUTF8(text)
	}
	if len(text) > e.cfg.MaxTextBytes {
		cut := e.cfg.MaxTextBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		e.log.Warn("text cut", "id", in.ID, "bytes", len(text), "kept", cut)
		text = text[:cut]
	}
	out.Lang = detectLang(text)
	e.analyse(text, in, &out)
	if out.Groups == nil {
		out.Groups = []pipeline.GroupMention{}
	}
	return out
}

// repairUTF8 replaces each byte of an invalid sequence by a space, so that
// offsets into the repaired text are offsets into the original.
func repairUTF8(s string) string {
	b := []byte(s)
	for i := 0; i < len(b); {
		r, sz := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && sz <= 1 {
			b[i] = ' '
			i++
			continue
		}
		i += sz
	}
	return string(b)
}

func (e *Extractor) analyse(text string, in Input, out *pipeline.Extraction) {
	nt := normalize(text)
	lc := newLineCaps(text)
	ms := e.matcher.find(text, nt, lc)
	var places []PlaceMatch
	if e.places != nil {
		places = e.places.Find(text)
		sort.SliceStable(places, func(i, j int) bool { return places[i].Start < places[j].Start })
	}
	anchor, hasAnchor := anchorDate(in.Published)
	year := 0
	if hasAnchor {
		year = anchor.Year()
	}
	disambiguate(e.gaz, ms, places, year)
	out.Groups = groupMentions(e.gaz, text, ms)
	if e.cfg.UnknownGroups {
		out.Groups = append(out.Groups, unknownGroups(text, ms)...)
	}
	e.titleGroups(text, in.Title, out, places, year)

	sents := e.split.split(text)
	if e.cfg.UnknownGroups && e.tagger != nil {
		out.Groups = appendNewGroups(out.Groups, e.tagger.claimantCandidates(text, sents, ms))
	}
	cr := newCoref(e.gaz, sents, ms)
	all := append([]mention(nil), ms...)

	// tokens of every sentence
	toks := make([][]token, len(sents))
	mi := 0
	for si, s := range sents {
		for mi < len(ms) && ms[mi].End <= s.Start {
			mi++
		}
		toks[si] = resolveSubsidiaries(e.gaz, e.desc, cr.resolveGenerics(tokenize(text, s, ms, mi), &all), &all, ms)
	}

	articleSports := sportsArticle(toks)
	incOf := make([]sentIncidents, len(sents))
	n := 0
	lastInc, lastIncSent := -1, -1
	for si := range sents {
		st := toks[si]
		if len(st) == 0 {
			continue
		}
		sportsy := articleSports
		for _, t := range st {
			if sportsWords[t.Low] {
				sportsy = true
				break
			}
		}
		var next []token
		if si+1 < len(sents) {
			next = toks[si+1]
		}
		regions := incidentRegions(st, sportsy)
		for _, r := range regions {
			inc, _, anchored := buildIncident(text, st, r.a, r.b, r.hit, places, ms, st, len(regions) == 1, next, anchor, hasAnchor)
			if !anchored {
				continue
			}
			merged := false
			for k := range out.Incidents {
				if sameIncident(out.Incidents[k], inc) {
					mergeIncident(&out.Incidents[k], inc)
					incOf[si].add(out.Incidents[k].ID)
					merged = true
					break
				}
			}
			// a description with neither place nor count right after an
			// incident elaborates on it ("..., saying its fighters wore
			// suicide belts"; "On Thursday, IS said its members detonated")
			if !merged && inc.Location == nil && inc.Killed == nil && inc.Injured == nil && lastInc >= 0 && si-lastIncSent <= 2 &&
				compatibleType(out.Incidents[lastInc].Type, inc.Type) {
				mergeIncident(&out.Incidents[lastInc], inc)
				incOf[si].add(out.Incidents[lastInc].ID)
				merged = true
			}
			// "A security source in Ouagadougou said the assault bore the
			// hallmarks of X": a definite mention of an attack, with no
			// count and not placed by "in"/"near", is the incident last told,
			// however many sentences back
			if !merged && inc.Killed == nil && inc.Injured == nil && lastInc >= 0 &&
				compatibleType(out.Incidents[lastInc].Type, inc.Type) && definiteMentionOnly(st, r.hit) {
				mergeIncident(&out.Incidents[lastInc], inc)
				incOf[si].add(out.Incidents[lastInc].ID)
				merged = true
			}
			if merged {
				continue
			}
			if len(out.Incidents) >= e.cfg.MaxIncidents {
				continue
			}
			n++
			inc.ID = in.ID + "#" + strconv.Itoa(n)
			out.Incidents = append(out.Incidents, inc)
			lastInc, lastIncSent = len(out.Incidents)-1, si
			incOf[si].add(inc.ID)
		}
	}

	var narrative []bool // per claim of out.Claims
	defer func() { out.Claims = dropNarrative(out.Claims, narrative) }()
	for si, s := range sents {
		if len(toks[si]) == 0 {
			continue
		}
		ctx := newSentenceCtx(text, toks[si], all, e.gaz, cr.before)
		cands := ctx.findClaims()
		if len(cands) == 0 {
			continue
		}
		src := ctx.sourceOf()
		ch := ctx.channelOf()
		ev := pipeline.Span{Start: s.Start, End: s.End, Text: text[s.Start:s.End]}
		incs := incOf[si].ids
		prevIncs := []string(nil)
		if len(incs) == 0 && si > 0 && len(incOf[si-1].ids) == 1 {
			prevIncs = incOf[si-1].ids // a specific statement right after one incident
		}
		if len(incs) == 0 && anaphoric(toks[si]) {
			// "the attack": the last incident told before
			for back := si - 1; back >= 0; back-- {
				if p := incOf[back].ids; len(p) > 0 {
					incs = p[len(p)-1:]
					break
				}
			}
		}
		emitted := map[string]bool{} // group|status|incident already reported for this sentence
		for _, c := range cands {
			if c.confidence < e.cfg.MinConfidence {
				continue
			}
			groups := []*string{nil}
			if len(c.mentions) > 0 {
				groups = groups[:0]
				seen := map[int]bool{}
				for _, m := range c.mentions {
					gm := all[m]
					if seen[gm.Group] || e.gaz.entries[gm.Group].Kind != pipeline.KindMilitant {
						continue
					}
					seen[gm.Group] = true
					id := e.gaz.entries[gm.Group].ID
					groups = append(groups, &id)
				}
			}
			conf := c.confidence
			for _, m := range c.mentions {
				if all[m].Fuzzy {
					conf *= 0.9
				}
				if all[m].Generic {
					conf *= 0.85
				}
			}
			var channel *string
			if c.channel {
				channel = ch
			}
			targets := incs
			if len(targets) == 0 && !c.generic {
				targets = prevIncs
			}
			if len(targets) == 0 || c.status == pipeline.StatusAttributed && len(incs) > 1 {
				targets = []string{""}
			}
			for _, gid := range groups {
				for _, incID := range targets {
					if len(out.Claims) >= e.cfg.MaxClaims {
						return
					}
					key := c.status + "|" + incID + "|"
					if gid != nil {
						key += *gid
					}
					if emitted[key] {
						continue // the same statement found through two mentions
					}
					emitted[key] = true
					cl := pipeline.Claim{GroupID: gid, Status: c.status, Certainty: c.certainty, Source: src,
						Channel: channel, Evidence: ev, Confidence: round2(conf)}
					if incID != "" {
						id := incID
						cl.Incident = &id
					}
					out.Claims = append(out.Claims, cl)
					narrative = append(narrative, c.narrative)
				}
			}
		}
	}
}

// sentIncidents are the incident ids a sentence describes, in order.
type sentIncidents struct{ ids []string }

func (s *sentIncidents) add(id string) {
	for _, x := range s.ids {
		if x == id {
			return
		}
	}
	s.ids = append(s.ids, id)
}

// anaphoric reports a definite reference to an attack named before:
// "the attack", "the bombing", "claimed it".
func anaphoric(toks []token) bool {
	for i := 0; i+1 < len(toks); i++ {
		if (toks[i].Low == "the" || toks[i].Low == "this" || toks[i].Low == "that") && attackObjects[toks[i+1].Low] &&
			toks[i+1].Low != "attacks" && toks[i+1].Low != "it" {
			return true
		}
		if claimVerbs[toks[i].Low] && toks[i+1].Low == "it" {
			return true
		}
	}
	return false
}

func round2(f float64) float64 {
	if f > 1 {
		f = 1
	}
	if f < 0 {
		f = 0
	}
	return float64(int(f*100+0.5)) / 100
}

// titleGroups adds groups named only in a headline that is not part of the
// text: they are listed with no mentions (offsets refer to the text).
func (e *Extractor) titleGroups(text, title string, out *pipeline.Extraction, places []PlaceMatch, year int) {
	title = strings.TrimSpace(title)
	if title == "" || strings.Contains(text[:min(len(text), len(title)+512)], title) {
		return
	}
	tn := normalize(title)
	ms := e.matcher.find(title, tn, newLineCaps(title))
	disambiguate(e.gaz, ms, places, year) // by the body's places
	have := map[string]bool{}
	for _, g := range out.Groups {
		have[g.ID] = true
	}
	for _, m := range ms {
		en := e.gaz.entries[m.Group]
		if have[en.ID] {
			continue
		}
		have[en.ID] = true
		out.Groups = append(out.Groups, pipeline.GroupMention{ID: en.ID, Name: en.Name, Kind: en.Kind, Mentions: []pipeline.Span{}})
	}
}

// detectLang is a cheap check: English function words make "en", a text of
// many words without them "und" (undetermined).
func detectLang(text string) string {
	words, hits := 0, 0
	for _, w := range strings.Fields(text[:min(len(text), 20000)]) {
		words++
		switch strings.ToLower(strings.Trim(w, ".,;:!?\"'()")) {
		case "the", "and", "of", "to", "in", "a", "is", "was", "that", "for", "on", "with", "by", "said":
			hits++
		}
	}
	if words >= 30 && hits*25 < words {
		return "und"
	}
	return "en"
}

// sortedIDs is used by tests and tools.
func sortedIDs(gs []pipeline.GroupMention) []string {
	ids := make([]string, 0, len(gs))
	for _, g := range gs {
		ids = append(ids, g.ID)
	}
	sort.Strings(ids)
	return ids
}

// dropNarrative removes narrative attributions ("X fighters stormed the
// base, police said") of groups that claim in the article: the account of
// the attack then restates the group's own claim.
func dropNarrative(cs []pipeline.Claim, narrative []bool) []pipeline.Claim {
	claimed := map[string]bool{}
	for _, c := range cs {
		if c.Status == pipeline.StatusClaimed && c.GroupID != nil {
			claimed[*c.GroupID] = true
		}
	}
	out := cs[:0]
	for i, c := range cs {
		if i < len(narrative) && narrative[i] && c.GroupID != nil && claimed[*c.GroupID] {
			continue
		}
		out = append(out, c)
	}
	return out
}

// definiteMentionOnly reports triggers that are all definite mentions of an
// attack already told ("the assault", "this bombing"), none placed by a
// following "in"/"near"/"at" ("the attack in Kano" is another attack) or
// by a place before it ("the Kano attack").
func definiteMentionOnly(toks []token, hits []triggerHit) bool {
	if len(hits) == 0 {
		return false
	}
	for _, h := range hits {
		if h.i < 1 {
			return false
		}
		if d := toks[h.i-1].Low; d != "the" && d != "this" && d != "that" && d != "same" {
			return false
		}
		if k := h.i + h.n; k < len(toks) {
			l := toks[k].Low
			if l == "on" && k+1 < len(toks) {
				// "the attack on Sunday" is the same attack; "the attack on a
				// church" may be another
				next := toks[k+1].Low
				_, day := weekdayNames[next]
				_, month := monthNames[next]
				if day || month {
					continue
				}
			}
			// "the bombing of a girls school", "the attack in Kano", "the
			// raid against the camp": a new attack described
			if l == "in" || l == "near" || l == "at" || l == "on" || l == "outside" || l == "of" || l == "against" || l == "targeting" {
				return false
			}
		}
	}
	return true
}
