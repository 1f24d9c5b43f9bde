package extractor

import "runtime"

// Config tunes the extractor. DefaultConfig gives the values used in
// production; the zero value is not useful.
type Config struct {
	// Fuzzy enables matching of misspelt long group names (1-2 edits).
	Fuzzy bool `json:"fuzzy" yaml:"fuzzy"`
	// FuzzyMinLen is the folded length from which a name is matched fuzzily.
	FuzzyMinLen int `json:"fuzzy_min_len" yaml:"fuzzy_min_len"`
	// UnknownGroups reports capitalised "... Brigades/Front/Army" names that
	// are not in the gazetteer, with kind "unknown" (never in claims).
	UnknownGroups bool `json:"unknown_groups" yaml:"unknown_groups"`
	// MaxTextBytes bounds the text analysed; longer texts are cut (on a
	// rune boundary) and offsets stay valid for the original text.
	MaxTextBytes int `json:"max_text_bytes" yaml:"max_text_bytes"`
	// MaxIncidents and MaxClaims bound the output for one text.
	MaxIncidents int `json:"max_incidents" yaml:"max_incidents"`
	MaxClaims    int `json:"max_claims" yaml:"max_claims"`
	// MinConfidence drops claims below it.
	MinConfidence float64 `json:"min_confidence" yaml:"min_confidence"`
	// MaxLineBytes bounds one JSON line in RunJSONL.
	MaxLineBytes int `json:"max_line_bytes" yaml:"max_line_bytes"`
	// Workers is how many lines RunJSONL analyses at once (output order is
	// kept). Default: GOMAXPROCS.
	Workers int `json:"workers" yaml:"workers"`
}

// DefaultConfig returns the default configuration.
func DefaultConfig() Config {
	return Config{
		Fuzzy:         true,
		FuzzyMinLen:   10,
		UnknownGroups: true,
		MaxTextBytes:  4 << 20,
		MaxIncidents:  100,
		MaxClaims:     300,
		MinConfidence: 0,
		MaxLineBytes:  32 << 20,
		Workers:       runtime.GOMAXPROCS(0),
	}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.FuzzyMinLen <= 0 {
		c.FuzzyMinLen = d.FuzzyMinLen
	}
	if c.MaxTextBytes <= 0 {
		c.MaxTextBytes = d.MaxTextBytes
	}
	if c.MaxIncidents <= 0 {
		c.MaxIncidents = d.MaxIncidents
	}
	if c.MaxClaims <= 0 {
		c.MaxClaims = d.MaxClaims
	}
	if c.MaxLineBytes <= 0 {
		c.MaxLineBytes = d.MaxLineBytes
	}
	if c.Workers <= 0 {
		c.Workers = d.Workers
	}
	return c
}
