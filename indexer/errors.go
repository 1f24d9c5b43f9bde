package indexer

import (
	"errors"
	"fmt"
	"strings"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Sentinel errors.
var (
	// ErrBadQuery is returned by ParseQuery (and Search) for a query that
	// cannot be understood; the message says what is wrong.
	ErrBadQuery = errors.New("bad query")
	// ErrClosed is returned by every method called after Close.
	ErrClosed = errors.New("index closed")
	// ErrInvalidRecord marks a record that can never be indexed (no id,
	// not encodable); it is always reported as a permanent item error.
	ErrInvalidRecord = errors.New("invalid record")
	// ErrMappingVersion is returned by OpenBleve for an on-disk index built
	// with another mapping version: rebuild it (re-index from the stream).
	ErrMappingVersion = errors.New("index mapping version mismatch")
)

// ItemError is the failure of one record of a Put.
type ItemError struct {
	ID        string // Record.ID ("" when the record had none)
	Index     int    // position of the record in the slice given to Put
	Permanent bool   // true: retrying cannot help (mapping/validation); false: transient
	Err       error
}

// Error implements error.
func (e ItemError) Error() string {
	kind := "transient"
	if e.Permanent {
		kind = "permanent"
	}
	return fmt.Sprintf("record %q (#%d): %s: %v", e.ID, e.Index, kind, e.Err)
}

// Unwrap returns the cause; a permanent item error also matches
// pipeline.ErrPermanent so that pipeline.IsPermanent works on it.
func (e ItemError) Unwrap() []error {
	if e.Permanent {
		return []error{e.Err, pipeline.ErrPermanent}
	}
	return []error{e.Err}
}

// BulkError is returned by Put when some records were not stored. Records
// not listed were stored.
type BulkError struct {
	Items []ItemError
}

// Error implements error.
func (e *BulkError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "indexer: %d record(s) failed", len(e.Items))
	for i, it := range e.Items {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more", len(e.Items)-3)
			break
		}
		b.WriteString("; ")
		b.WriteString(it.Error())
	}
	return b.String()
}

// Unwrap exposes the causes of the item failures to errors.Is and errors.As
// (for example ErrInvalidRecord or context.Canceled).
func (e *BulkError) Unwrap() []error {
	errs := make([]error, 0, len(e.Items))
	for _, it := range e.Items {
		if it.Err != nil {
			errs = append(errs, it.Err)
		}
	}
	return errs
}

// Is makes errors.Is(err, pipeline.ErrPermanent) true only when every
// failed item is permanent, so a runner that treats the whole batch alike
// never dead-letters a record that could succeed on retry.
func (e *BulkError) Is(target error) bool {
	return target == pipeline.ErrPermanent && len(e.Items) > 0 && e.AllPermanent()
}

// Failed reports whether the record with id failed, and how.
func (e *BulkError) Failed(id string) (ItemError, bool) {
	for _, it := range e.Items {
		if it.ID == id {
			return it, true
		}
	}
	return ItemError{}, false
}

// AllPermanent reports whether every failed item is permanent.
func (e *BulkError) AllPermanent() bool {
	for _, it := range e.Items {
		if !it.Permanent {
			return false
		}
	}
	return true
}

func badQuery(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadQuery, fmt.Sprintf(format, args...))
}
