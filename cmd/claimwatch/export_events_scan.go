package main

import (
	"context"
	"errors"
	"iter"
	"reflect"

	"github.com/claimwatch/claimwatch/export"
	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/indexer"
)

// errScanStopped ends the incident scan behind scanEvents when the reader
// stops early.
var errScanStopped = errors.New("events scan stopped")

// scanEvents serves the events table of `claimwatch export`, which reads
// the incident index page by page with Search (From 0, Size, 2*Size, ...),
// from one incident scan (indexer.IncidentScanner: Elasticsearch's point
// in time + search_after) instead of from/size searches, which
// Elasticsearch refuses past 10,000 incidents. The scan delivers Search's
// order, so the table is the one Search pages would give. Consecutive
// pages of one query continue the running scan; any other request starts
// a new scan and skips to From. Result.Total is a lower bound: the
// incidents delivered so far, plus one when more follow. Not safe for
// concurrent use; close ends the scan.
type scanEvents struct {
	sc    indexer.IncidentScanner
	batch int

	q    incidents.Query // query of the running scan (From and Size zero)
	next func() (incidents.Incident, error, bool)
	stop func()
	pos  int                 // incidents of the running scan read so far
	peek *incidents.Incident // the next one, read ahead (not counted in pos)
}

var _ export.EventSearcher = (*scanEvents)(nil)

// newScanEvents reads sc in pages of batch incidents.
func newScanEvents(sc indexer.IncidentScanner, batch int) *scanEvents {
	return &scanEvents{sc: sc, batch: batch}
}

// Search implements export.EventSearcher.
func (s *scanEvents) Search(ctx context.Context, q incidents.Query) (incidents.Result, error) {
	from, size := max(q.From, 0), q.Size
	if size <= 0 {
		size = indexer.DefaultSize
	}
	q.From, q.Size = 0, 0
	if s.next == nil || from < s.pos || !reflect.DeepEqual(q, s.q) {
		s.start(ctx, q)
	}
	var out []incidents.Incident
	for s.pos < from+size {
		inc, ok, err := s.take()
		if err != nil {
			s.close()
			return incidents.Result{}, err
		}
		if !ok {
			return incidents.Result{Total: s.pos, Incidents: out}, nil
		}
		if s.pos > from {
			out = append(out, inc)
		}
	}
	// Read one ahead: does a next page follow?
	inc, ok, err := s.take()
	if err != nil {
		s.close()
		return incidents.Result{}, err
	}
	if !ok {
		return incidents.Result{Total: s.pos, Incidents: out}, nil
	}
	s.peek, s.pos = &inc, s.pos-1
	return incidents.Result{Total: s.pos + 1, Incidents: out}, nil
}

// take returns the next incident of the running scan (false at its end)
// and counts it as read.
func (s *scanEvents) take() (incidents.Incident, bool, error) {
	if s.peek != nil {
		inc := *s.peek
		s.peek = nil
		s.pos++
		return inc, true, nil
	}
	inc, err, ok := s.next()
	if !ok {
		return incidents.Incident{}, false, nil
	}
	if err != nil {
		return incidents.Incident{}, false, err
	}
	s.pos++
	return inc, true, nil
}

// start ends the running scan, if any, and starts one of q.
func (s *scanEvents) start(ctx context.Context, q incidents.Query) {
	s.close()
	s.q, s.pos, s.peek = q, 0, nil
	s.next, s.stop = iter.Pull2(s.scan(ctx, q))
}

// scan is the scan of q as an iterator; a failed scan yields its error
// last.
func (s *scanEvents) scan(ctx context.Context, q incidents.Query) iter.Seq2[incidents.Incident, error] {
	return func(yield func(incidents.Incident, error) bool) {
		err := s.sc.ScanIncidents(ctx, q, s.batch, func(inc incidents.Incident) error {
			if !yield(inc, nil) {
				return errScanStopped
			}
			return nil
		})
		if err != nil && !errors.Is(err, errScanStopped) {
			yield(incidents.Incident{}, err)
		}
	}
}

// close ends the running scan (its point in time is released).
func (s *scanEvents) close() {
	if s.stop != nil {
		s.stop()
	}
	s.next, s.stop, s.peek = nil, nil, nil
}
