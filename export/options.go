package export

import (
	"fmt"
	"io"
	"time"
)

// Format is an output format.
type Format string

// Formats.
const (
	CSV     Format = "csv"
	JSONL   Format = "jsonl"
	Parquet Format = "parquet"
)

// Formats lists the supported formats.
func Formats() []Format { return []Format{CSV, JSONL, Parquet} }

// ParseFormat returns the Format named s.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("%w: format %q: want csv, jsonl or parquet", ErrBadOptions, s)
}

// Defaults.
const (
	DefaultBatch         = 1000
	MaxBatch             = 10000
	DefaultPartRecords   = 100_000
	DefaultProgressEvery = 10 * time.Second
)

// CountryNamer gives the English name of an ISO 3166-1 alpha-2 country
// code; *geo.Gazetteer implements it.
type CountryNamer interface {
	CountryName(code string) (string, bool)
}

// Options configure Run.
type Options struct {
	Query  string // search query in the syntax of indexer.ParseQuery ("" = all records)
	Format Format
	OutDir string
	// Batch is the number of records read, converted and written between
	// checkpoints (0 = DefaultBatch, at most MaxBatch); memory grows with it.
	Batch int
	// PartRecords is the number of records per Parquet part file
	// (0 = DefaultPartRecords); Parquet checkpoints at each part.
	PartRecords int
	// Progress receives a progress bar with ETA when it is a terminal;
	// otherwise progress is logged every ProgressEvery. nil: no progress.
	Progress      io.Writer
	ProgressEvery time.Duration // 0 = DefaultProgressEvery
	// Resume continues an interrupted export in OutDir from its checkpoint.
	Resume bool
	// GazetteerVersion and SoftwareVersion are recorded in the manifest.
	GazetteerVersion, SoftwareVersion string
	// Events is the cross-article incident index; when set, the export
	// also writes the events table (one row per incident matching Query)
	// after the record tables. nil: no events table.
	Events EventSearcher
	// Countries names incident countries (country_txt); nil loads the
	// embedded GeoNames gazetteer (extractor/geo).
	Countries CountryNamer
	// Now is the clock (nil = time.Now), for tests.
	Now func() time.Time
}

// withDefaults validates o and fills in defaults.
func (o Options) withDefaults() (Options, error) {
	if _, err := ParseFormat(string(o.Format)); err != nil {
		return o, err
	}
	if o.OutDir == "" {
		return o, fmt.Errorf("%w: no output directory", ErrBadOptions)
	}
	if o.Batch < 0 || o.PartRecords < 0 {
		return o, fmt.Errorf("%w: negative batch or part size", ErrBadOptions)
	}
	if o.Batch == 0 {
		o.Batch = DefaultBatch
	}
	o.Batch = min(o.Batch, MaxBatch)
	if o.PartRecords == 0 {
		o.PartRecords = DefaultPartRecords
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = DefaultProgressEvery
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}
