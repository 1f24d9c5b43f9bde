package alerts

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/claimwatch/claimwatch/extractor"
	"github.com/claimwatch/claimwatch/pipeline"
)

// Rule is one subscription as written in the rules file. Empty lists match
// anything; every criterion given must hold (lists are any-of). Types,
// countries, near and min_killed are about the claim's incident: the one it
// links, else the record's only incident; a claim with neither never
// matches them.
type Rule struct {
	Name string `yaml:"name" json:"name"`
	// Groups are gazetteer ids. With IncludeAffiliates a group also stands
	// for every group whose parents chain reaches it (IS provinces for
	// islamic-state) and for its affiliates (listed on either side).
	Groups            []string `yaml:"groups" json:"groups,omitempty"`
	IncludeAffiliates bool     `yaml:"include_affiliates" json:"include_affiliates,omitempty"`
	Statuses          []string `yaml:"statuses" json:"statuses,omitempty"`   // claimed, denied, attributed, unclaimed
	Types             []string `yaml:"types" json:"types,omitempty"`         // GTD attack types of the incident
	Countries         []string `yaml:"countries" json:"countries,omitempty"` // ISO alpha-2 of the incident's place
	Near              *Near    `yaml:"near" json:"near,omitempty"`
	MinKilled         int      `yaml:"min_killed" json:"min_killed,omitempty"`
	// Keywords: any of them in the title or text, case-insensitive, as whole words.
	Keywords      []string `yaml:"keywords" json:"keywords,omitempty"`
	MinConfidence float64  `yaml:"min_confidence" json:"min_confidence,omitempty"`
	Outlets       []string `yaml:"outlets" json:"outlets,omitempty"` // Article.Source, case-insensitive
	Outputs       Outputs  `yaml:"outputs" json:"outputs"`
}

// Near restricts a rule to incidents within RadiusKM of a point.
type Near struct {
	Lat      *float64 `yaml:"lat" json:"lat"`
	Lon      *float64 `yaml:"lon" json:"lon"`
	RadiusKM float64  `yaml:"radius_km" json:"radius_km"`
}

// Outputs say where a rule's alerts go besides claimwatch.alerts.<rule>,
// which every alert is published to.
type Outputs struct {
	Webhooks []Webhook `yaml:"webhooks" json:"webhooks,omitempty"`
	Email    *Email    `yaml:"email" json:"email,omitempty"`
}

// Webhook formats.
const (
	FormatJSON  = "json"  // the Alert as JSON
	FormatSlack = "slack" // {"text": "..."} (Slack, Mattermost, Rocket.Chat incoming webhooks)
)

// Webhook is an HTTP endpoint that receives a signed POST per alert.
type Webhook struct {
	URL string `yaml:"url" json:"url"`
	// Secret signs the body (X-Claimwatch-Signature); SecretEnv names an
	// environment variable holding it instead, to keep it out of the file.
	Secret    string            `yaml:"secret" json:"-"`
	SecretEnv string            `yaml:"secret_env" json:"secret_env,omitempty"`
	Format    string            `yaml:"format" json:"format,omitempty"` // json (default) | slack
	Headers   map[string]string `yaml:"headers" json:"-"`
}

// Email sends each alert to a list of recipients through the Deliverer's SMTP server.
type Email struct {
	To            []string `yaml:"to" json:"to"`
	SubjectPrefix string   `yaml:"subject_prefix" json:"subject_prefix,omitempty"`
}

type rulesFile struct {
	Rules []Rule `yaml:"rules"`
}

// RuleSet is a validated, immutable set of rules ready to match.
type RuleSet struct {
	rules  []*compiled
	byName map[string]*compiled
	hash   string
	path   string
}

// Rules returns the set itself, so a fixed RuleSet is a RuleSource.
func (rs *RuleSet) Rules() *RuleSet { return rs }

// Len is the number of rules.
func (rs *RuleSet) Len() int { return len(rs.rules) }

// Names returns the rule names in file order.
func (rs *RuleSet) Names() []string {
	out := make([]string, len(rs.rules))
	for i, r := range rs.rules {
		out[i] = r.Name
	}
	return out
}

// Rule returns the rule with the given name.
func (rs *RuleSet) Rule(name string) (Rule, bool) {
	c, ok := rs.byName[name]
	if !ok {
		return Rule{}, false
	}
	return c.Rule, true
}

// Hash is the hex SHA-256 of the file the set was parsed from.
func (rs *RuleSet) Hash() string { return rs.hash }

// RuleSource gives the current rules; *RuleSet and *Watcher implement it.
type RuleSource interface {
	Rules() *RuleSet
}

var (
	namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	knownStatus = map[string]bool{pipeline.StatusClaimed: true, pipeline.StatusDenied: true, pipeline.StatusAttributed: true, pipeline.StatusUnclaimed: true}
	// knownTypes are the GTD attack types of shared/eval/README.md.
	knownTypes = map[string]bool{"assassination": true, "armed_assault": true, "bombing": true, "hijacking": true,
		"hostage_barricade": true, "kidnapping": true, "facility_attack": true, "unarmed_assault": true, "unknown": true}
	countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)
	emailPattern   = regexp.MustCompile(`^[^@\s<>]+@[^@\s<>]+$`)
)

// LoadRules reads and validates a rules file against the group gazetteer.
// Every problem found is listed in the returned error, which wraps ErrRules.
func LoadRules(path string, gaz *extractor.Gazetteer) (*RuleSet, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRules, err)
	}
	rs, err := ParseRules(b, gaz)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	rs.path = path
	return rs, nil
}

// ParseRules validates rules given as YAML (the content of a rules file).
func ParseRules(data []byte, gaz *extractor.Gazetteer) (*RuleSet, error) {
	if gaz == nil {
		return nil, fmt.Errorf("%w: no group gazetteer", ErrRules)
	}
	var f rulesFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: %v", ErrRules, err)
	}
	sum := sha256.Sum256(data)
	rs := &RuleSet{byName: map[string]*compiled{}, hash: hex.EncodeToString(sum[:])}
	var problems []string
	exp := newGroupExpander(gaz)
	for i, r := range f.Rules {
		where := fmt.Sprintf("rule %d", i+1)
		if r.Name != "" {
			where = fmt.Sprintf("rule %q", r.Name)
		}
		c, errs := compile(r, gaz, exp)
		for _, e := range errs {
			problems = append(problems, where+": "+e)
		}
		if r.Name != "" {
			if _, dup := rs.byName[r.Name]; dup {
				problems = append(problems, where+": duplicate rule name")
				continue
			}
		}
		if len(errs) == 0 {
			rs.byName[r.Name] = c
			rs.rules = append(rs.rules, c)
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w:\n  %s", ErrRules, strings.Join(problems, "\n  "))
	}
	return rs, nil
}

// compile validates one rule and precomputes what matching needs.
func compile(r Rule, gaz *extractor.Gazetteer, exp *groupExpander) (*compiled, []string) {
	var p []string
	if r.Name == "" {
		p = append(p, "no name")
	} else if !namePattern.MatchString(r.Name) {
		p = append(p, "name must match [a-z0-9][a-z0-9_-]* (it is a NATS subject token)")
	}
	c := &compiled{Rule: r}
	if len(r.Groups) > 0 {
		c.groups = map[string]bool{}
	}
	for _, g := range r.Groups {
		if _, ok := gaz.Get(g); !ok {
			p = append(p, fmt.Sprintf("unknown group id %q%s", g, suggestion(g, gaz)))
			continue
		}
		c.groups[g] = true
		if r.IncludeAffiliates {
			for _, x := range exp.expand(g) {
				c.groups[x] = true
			}
		}
	}
	if r.IncludeAffiliates && len(r.Groups) == 0 {
		p = append(p, "include_affiliates without groups")
	}
	c.statuses = set(r.Statuses, func(s string) string { return strings.ToLower(strings.TrimSpace(s)) })
	for s := range c.statuses {
		if !knownStatus[s] {
			p = append(p, fmt.Sprintf("unknown status %q (claimed, denied, attributed, unclaimed)", s))
		}
	}
	c.types = set(r.Types, func(s string) string { return strings.ToLower(strings.TrimSpace(s)) })
	for t := range c.types {
		if !knownTypes[t] {
			p = append(p, fmt.Sprintf("unknown attack type %q (%s)", t, strings.Join(sortedKeys(knownTypes), ", ")))
		}
	}
	c.countries = set(r.Countries, func(s string) string { return strings.ToUpper(strings.TrimSpace(s)) })
	for cc := range c.countries {
		if !countryPattern.MatchString(cc) {
			p = append(p, fmt.Sprintf("country %q is not an ISO 3166-1 alpha-2 code", cc))
		}
	}
	if n := r.Near; n != nil {
		switch {
		case n.Lat == nil || n.Lon == nil:
			p = append(p, "near: radius_km without a point (lat and lon are required)")
		case *n.Lat < -90 || *n.Lat > 90 || *n.Lon < -180 || *n.Lon > 180:
			p = append(p, fmt.Sprintf("near: point %g,%g out of range", *n.Lat, *n.Lon))
		}
		if n.RadiusKM <= 0 {
			p = append(p, "near: radius_km must be > 0")
		}
	}
	if r.MinKilled < 0 {
		p = append(p, "min_killed must be >= 0")
	}
	if r.MinConfidence < 0 || r.MinConfidence > 1 {
		p = append(p, "min_confidence must be between 0 and 1")
	}
	for _, k := range r.Keywords {
		k = strings.ToLower(strings.TrimSpace(k))
		if k == "" {
			p = append(p, "empty keyword")
			continue
		}
		c.keywords = append(c.keywords, k)
	}
	c.outlets = set(r.Outlets, func(s string) string { return strings.ToLower(strings.TrimSpace(s)) })
	p = append(p, c.compileOutputs()...)
	return c, p
}

func (c *compiled) compileOutputs() []string {
	var p []string
	for i := range c.Outputs.Webhooks {
		w := &c.Outputs.Webhooks[i]
		if !strings.HasPrefix(w.URL, "http://") && !strings.HasPrefix(w.URL, "https://") {
			p = append(p, fmt.Sprintf("webhook %d: url %q must be http:// or https://", i+1, w.URL))
		}
		if w.Format == "" {
			w.Format = FormatJSON
		}
		if w.Format != FormatJSON && w.Format != FormatSlack {
			p = append(p, fmt.Sprintf("webhook %d: unknown format %q (json, slack)", i+1, w.Format))
		}
		if w.SecretEnv != "" {
			if w.Secret != "" {
				p = append(p, fmt.Sprintf("webhook %d: secret and secret_env both set", i+1))
			}
			v, ok := os.LookupEnv(w.SecretEnv)
			if !ok || v == "" {
				p = append(p, fmt.Sprintf("webhook %d: secret_env %s is not set", i+1, w.SecretEnv))
			}
			w.Secret = v
		}
		if w.Secret == "" && w.Format == FormatJSON {
			p = append(p, fmt.Sprintf("webhook %d: a json webhook needs secret or secret_env (receivers verify X-Claimwatch-Signature)", i+1))
		}
	}
	if e := c.Outputs.Email; e != nil {
		if len(e.To) == 0 {
			p = append(p, "email: no recipients (to)")
		}
		for _, a := range e.To {
			if !emailPattern.MatchString(a) {
				p = append(p, fmt.Sprintf("email: bad address %q", a))
			}
		}
	}
	return p
}

func set(in []string, norm func(string) string) map[string]bool {
	if len(in) == 0 {
		return nil
	}
	m := make(map[string]bool, len(in))
	for _, s := range in {
		m[norm(s)] = true
	}
	return m
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
