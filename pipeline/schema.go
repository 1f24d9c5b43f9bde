package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// SchemaVersion is the version of the Record and Article wire format. It is
// bumped on any change that is not a pure addition of optional fields.
const SchemaVersion = 1

// Article is what the crawler publishes on articles.raw.<host>: one fetched
// page reduced to its main text and metadata.
type Article struct {
	SchemaVersion int       `json:"schema_version"`
	ID            string    `json:"id"`  // ArticleID(CanonicalURL)
	URL           string    `json:"url"` // the address fetched
	CanonicalURL  string    `json:"canonical_url"`
	Source        string    `json:"source,omitempty"` // configured outlet name
	Title         string    `json:"title,omitempty"`
	Text          string    `json:"text"`
	Authors       []string  `json:"authors,omitempty"`
	Published     string    `json:"published,omitempty"`   // RFC 3339 or YYYY-MM-DD
	Modified      string    `json:"modified,omitempty"`    // last revision, RFC 3339 or YYYY-MM-DD
	Description   string    `json:"description,omitempty"` // the page's own summary
	Lang          string    `json:"lang,omitempty"`
	FetchedAt     time.Time `json:"fetched_at"`
	ContentHash   string    `json:"content_hash,omitempty"`
}

// Span is a half-open byte range into the UTF-8 text it was found in;
// Text equals text[Start:End].
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// GroupKind classifies a gazetteer entry.
type GroupKind = string

// Group kinds. Only KindMilitant groups may carry claims.
const (
	KindMilitant GroupKind = "militant"
	KindState    GroupKind = "state"
	KindUnknown  GroupKind = "unknown"
	// KindOrganization is an international or non-governmental body (UN,
	// NATO, ICRC, a monitoring group): recognised, never a perpetrator.
	KindOrganization GroupKind = "organization"
)

// GroupMention is a group found in a text with every place it is named.
type GroupMention struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Kind     GroupKind `json:"kind"`
	Mentions []Span    `json:"mentions"`
}

// Location is a resolved place.
type Location struct {
	Name    string  `json:"name"`
	Country string  `json:"country,omitempty"` // ISO 3166-1 alpha-2
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
}

// Incident is one attack described in a text.
type Incident struct {
	ID            string    `json:"id"`
	Type          string    `json:"type"`
	Date          string    `json:"date,omitempty"`
	DatePrecision string    `json:"date_precision,omitempty"`
	Location      *Location `json:"location"`
	Killed        *int      `json:"killed"`
	Injured       *int      `json:"injured"`
	Suicide       bool      `json:"suicide"`
	Targets       []string  `json:"targets"`
	Evidence      Span      `json:"evidence"`
}

// Claim statuses.
const (
	StatusClaimed    = "claimed"
	StatusDenied     = "denied"
	StatusAttributed = "attributed"
	StatusUnclaimed  = "unclaimed"
)

// Certainty of an attribution.
const (
	CertaintyAsserted  = "asserted"
	CertaintySuspected = "suspected"
	CertaintyPossible  = "possible"
)

// Claim is a statement about responsibility for an incident (or, with a nil
// Incident, for attacks in general). GroupID is nil for "no group has claimed".
type Claim struct {
	GroupID    *string `json:"group_id"`
	Status     string  `json:"status"`
	Certainty  string  `json:"certainty"`
	Incident   *string `json:"incident"`
	Source     *string `json:"source"`
	Channel    *string `json:"channel"`
	Evidence   Span    `json:"evidence"`
	Confidence float64 `json:"confidence"`
}

// Extraction is the extractor's output for one text, exactly the contract of
// shared/eval/README.md (`claimwatch extract`).
type Extraction struct {
	ID        string         `json:"id"`
	Lang      string         `json:"lang"`
	Groups    []GroupMention `json:"groups"`
	Incidents []Incident     `json:"incidents"`
	Claims    []Claim        `json:"claims"`
	Error     string         `json:"error,omitempty"`
}

// Record is what the extractor publishes on records.<lang> and the indexer
// stores: the article plus its extraction. Its ID is the article ID, so a
// replay overwrites instead of duplicating.
type Record struct {
	SchemaVersion int            `json:"schema_version"`
	ID            string         `json:"id"`
	Article       Article        `json:"article"`
	Lang          string         `json:"lang"`
	Groups        []GroupMention `json:"groups"`
	Incidents     []Incident     `json:"incidents"`
	Claims        []Claim        `json:"claims"`
	ExtractedAt   time.Time      `json:"extracted_at"`
	// ExtractorVersion is extractor rules version + gazetteer fingerprint.
	ExtractorVersion string `json:"extractor_version,omitempty"`
}

// ArticleID is the idempotent id of an article: the hex SHA-256 of its
// canonical URL, truncated to 32 hex digits. It is the Nats-Msg-Id on
// ARTICLES and RECORDS and the search index document id.
func ArticleID(canonicalURL string) string {
	sum := sha256.Sum256([]byte(canonicalURL))
	return hex.EncodeToString(sum[:16])
}

// ContentHash is the hex SHA-256 of a text, truncated to 32 hex digits.
func ContentHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:16])
}
