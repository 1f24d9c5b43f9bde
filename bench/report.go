package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Sentinel errors of Report.Check.
var (
	ErrLost       = errors.New("bench: articles lost")
	ErrDuplicates = errors.New("bench: duplicate index entries")
)

// Report is the result of one bench run.
type Report struct {
	Articles int     `json:"articles"`
	Rate     float64 `json:"rate"` // articles published per second by the site; 0 = all at once
	Seed     uint64  `json:"seed"`
	Backend  string  `json:"backend"`
	// Conditions.
	StartedAt time.Time `json:"started_at"`
	CPUs      int       `json:"cpus"`
	GoVersion string    `json:"go_version"`
	LoadStart string    `json:"load_start"` // /proc/loadavg 1, 5, 15 min at the start
	LoadEnd   string    `json:"load_end"`
	// Results.
	Wall              Duration      `json:"wall"` // site start to everything drained
	Stages            []StageResult `json:"stages"`
	FetchToPublished  Distribution  `json:"fetch_to_published"` // page fetched to article on ARTICLES (crawler queueing)
	FetchToSearchable Distribution  `json:"fetch_to_searchable"`
	// PublishedToSearchable starts when the article reached ARTICLES: the
	// part of fetch-to-searchable after the crawler.
	PublishedToSearchable Distribution `json:"published_to_searchable"`
	FetchToAlert          Distribution `json:"fetch_to_alert"`
	PeakRSSBytes          uint64       `json:"peak_rss_bytes"`  // VmHWM of the whole process
	PeakHeapBytes         uint64       `json:"peak_heap_bytes"` // largest Go heap sample (objects)
	Crawl                 CrawlFigures `json:"crawl"`
	Accounting            Accounting   `json:"accounting"`
}

// CrawlFigures are the crawler's own counts.
type CrawlFigures struct {
	Passes   int   `json:"passes"`
	Pages    int   `json:"pages"`    // responses (feeds, sitemaps, sections, articles)
	Requests int64 `json:"requests"` // requests the site answered
	Errors   int   `json:"errors"`
}

// Check returns ErrLost or ErrDuplicates (joined) when the run lost or
// duplicated articles.
func (r Report) Check() error {
	var errs []error
	if r.Accounting.Lost > 0 {
		errs = append(errs, fmt.Errorf("%w: %d of %d (e.g. %s)", ErrLost, r.Accounting.Lost, r.Accounting.Served, strings.Join(r.Accounting.LostSample, " ")))
	}
	if r.Accounting.Duplicates > 0 {
		errs = append(errs, fmt.Errorf("%w: %d", ErrDuplicates, r.Accounting.Duplicates))
	}
	return errors.Join(errs...)
}

// WriteJSON writes the report as indented JSON.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report for people.
func (r Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	rate := "as fast as possible"
	if r.Rate > 0 {
		rate = fmt.Sprintf("%g/s", r.Rate)
	}
	fmt.Fprintf(tw, "claimwatch bench: %d articles, published %s, backend %s, seed %d\n", r.Articles, rate, r.Backend, r.Seed)
	fmt.Fprintf(tw, "conditions: %d CPUs, %s, load %s at start, %s at end\n", r.CPUs, r.GoVersion, r.LoadStart, r.LoadEnd)
	fmt.Fprintf(tw, "wall time (site start to drained)\t%s\n", r.Wall)
	fmt.Fprintf(tw, "\nstage\titems\trepeats\tfirst\tlast\titems/s\n")
	for _, s := range r.Stages {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%.1f\n", s.Name, s.Items, s.Repeats, s.First, s.Last, s.PerSecond)
	}
	fmt.Fprintf(tw, "\nlatency\tn\tp50\tp95\tp99\tmax\n")
	for _, l := range []struct {
		name string
		d    Distribution
	}{{"fetch-to-published", r.FetchToPublished}, {"fetch-to-searchable", r.FetchToSearchable}, {"published-to-searchable", r.PublishedToSearchable}, {"fetch-to-alert", r.FetchToAlert}} {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", l.name, l.d.N, l.d.P50, l.d.P95, l.d.P99, l.d.Max)
	}
	fmt.Fprintf(tw, "\nmemory\n  peak RSS (VmHWM, whole process)\t%s\n  peak Go heap\t%s\n", mib(r.PeakRSSBytes), mib(r.PeakHeapBytes))
	fmt.Fprintf(tw, "\ncrawl\n  passes\t%d\n  responses\t%d\n  site requests\t%d\n  errors\t%d\n", r.Crawl.Passes, r.Crawl.Pages, r.Crawl.Requests, r.Crawl.Errors)
	a := r.Accounting
	fmt.Fprintf(tw, "\naccounting\n  served\t%d\n  fetched\t%d\n  published\t%d\n  near-duplicates linked (indexed all the same)\t%d\n", a.Served, a.Fetched, a.Published, a.NearDupLinked)
	fmt.Fprintf(tw, "  indexed\t%d\n  dead-lettered with reason\t%d\n  LOST\t%d\n  index entries\t%d\n  DUPLICATES\t%d\n", a.Indexed, a.DeadLettered, a.Lost, a.IndexEntries, a.Duplicates)
	for _, st := range []string{"extract", "index", "alerts", "deliver"} {
		if n := a.DeadLetters[st]; n > 0 {
			fmt.Fprintf(tw, "  dead letters (%s)\t%d\n", st, n)
		}
	}
	for _, u := range a.LostSample {
		fmt.Fprintf(tw, "  lost: %s\n", u)
	}
	return tw.Flush()
}

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', 6, 64) }

// LoadAverage returns the 1, 5 and 15 minute load averages from
// /proc/loadavg ("" where it is missing).
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
