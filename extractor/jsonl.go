package extractor

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// Stats counts what RunJSONL did.
type Stats struct {
	Lines     int           `json:"lines"`
	OK        int           `json:"ok"`
	Errors    int           `json:"errors"`
	Groups    int           `json:"groups"`
	Incidents int           `json:"incidents"`
	Claims    int           `json:"claims"`
	Elapsed   time.Duration `json:"elapsed_ns"`
}

// errorLine is the output for an input line that could not be analysed.
type errorLine struct {
	ID    *string `json:"id"`
	Error string  `json:"error"`
}

// RunJSONL is `claimwatch extract`: it reads JSON Lines of Input from r and
// writes one JSON line of pipeline.Extraction per input line to w, in the
// same order, streaming. Config.Workers lines are analysed at once; memory
// is bounded by the lines in flight (at most 3 per worker, each at most
// Config.MaxLineBytes, 32 MiB by default). A bad line gives
// {"id": ..., "error": "..."} and the run goes on. It stops at the end of
// the input, on a read or write error, or when ctx is done.
func RunJSONL(ctx context.Context, r io.Reader, w io.Writer, e *Extractor) (Stats, error) {
	start := time.Now()
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := e.cfg.Workers
	if workers < 1 {
		workers = 1
	}
	type job struct {
		seq     int
		line    []byte
		tooLong bool
	}
	type result struct {
		seq int
		out []byte
		ok  bool
		nG  int
		nI  int
		nC  int
	}
	jobs := make(chan job, workers)
	results := make(chan result, workers)
	var readErr error
	limit := e.cfg.MaxLineBytes

	// reader
	go func() {
		defer close(jobs)
		br := bufio.NewReaderSize(r, 1<<20)
		var buf []byte
		for seq := 0; ; seq++ {
			line, tooLong, err := readLine(br, buf[:0], limit)
			buf = line
			if err != nil && !errors.Is(err, io.EOF) {
				readErr = fmt.Errorf("extractor: read: %w", err)
				return
			}
			if errors.Is(err, io.EOF) && len(line) == 0 && !tooLong {
				return
			}
			j := job{seq: seq, line: append([]byte(nil), line...), tooLong: tooLong}
			if cap(buf) > 4<<20 {
				buf = nil // do not keep a huge buffer after a huge line
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
			if errors.Is(err, io.EOF) {
				return
			}
		}
	}()

	// workers
	done := make(chan struct{})
	for k := 0; k < workers; k++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for j := range jobs {
				var out any
				res := result{seq: j.seq}
				if j.tooLong {
					out = errorLine{Error: fmt.Sprintf("%v (limit %d bytes)", ErrLineTooLong, limit)}
				} else {
					out = processLine(j.line, e)
				}
				if ex, isEx := out.(pipeline.Extraction); isEx && ex.Error == "" {
					res.ok, res.nG, res.nI, res.nC = true, len(ex.Groups), len(ex.Incidents), len(ex.Claims)
				}
				var b bytes.Buffer
				enc := json.NewEncoder(&b)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(out); err != nil {
					b.Reset()
					_ = json.NewEncoder(&b).Encode(errorLine{Error: "cannot encode result: " + err.Error()})
					res.ok = false
				}
				res.out = b.Bytes()
				select {
				case results <- res:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		for k := 0; k < workers; k++ {
			<-done
		}
		close(results)
	}()

	// writer: in input order
	var st Stats
	bw := bufio.NewWriterSize(w, 1<<16)
	pending := map[int]result{}
	next := 0
	var werr error
	for res := range results {
		if werr != nil {
			continue // drain
		}
		pending[res.seq] = res
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			st.Lines++
			if p.ok {
				st.OK++
				st.Groups += p.nG
				st.Incidents += p.nI
				st.Claims += p.nC
			} else {
				st.Errors++
			}
			if _, err := bw.Write(p.out); err != nil {
				werr = fmt.Errorf("extractor: write: %w", err)
				cancel()
				break
			}
		}
		if werr == nil && len(pending) == 0 && len(results) == 0 {
			if err := bw.Flush(); err != nil {
				werr = fmt.Errorf("extractor: write: %w", err)
				cancel()
			}
		}
	}
	st.Elapsed = time.Since(start)
	if werr != nil {
		return st, werr
	}
	if err := bw.Flush(); err != nil {
		return st, fmt.Errorf("extractor: write: %w", err)
	}
	if readErr != nil {
		return st, readErr
	}
	if err := parent.Err(); err != nil {
		return st, err
	}
	return st, nil
}

// readLine reads one line (without its newline and a trailing \r) into buf.
// A line longer than limit is skipped to its end and reported as tooLong.
func readLine(br *bufio.Reader, buf []byte, limit int) ([]byte, bool, error) {
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > limit+2 {
				tooLong = true
				buf = buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && len(buf) == 0 && !tooLong {
			return buf, false, err
		}
		buf = bytes.TrimRight(buf, "\r\n")
		if err != nil {
			return buf, tooLong, err
		}
		return buf, tooLong, nil
	}
}

// processLine decodes and analyses one line.
func processLine(line []byte, e *Extractor) any {
	trimmed := bytes.TrimSpace(line)
	if len(trimmed) == 0 {
		return errorLine{Error: "empty line"}
	}
	var in Input
	if err := json.Unmarshal(trimmed, &in); err != nil {
		el := errorLine{Error: fmt.Sprintf("%v: %v", ErrBadLine, err)}
		var probe struct {
			ID json.RawMessage `json:"id"`
		}
		if json.Unmarshal(trimmed, &probe) == nil && len(probe.ID) > 0 {
			var s string
			if json.Unmarshal(probe.ID, &s) == nil {
				el.ID = &s
			} else {
				s = string(probe.ID)
				el.ID = &s
			}
		}
		return el
	}
	return e.Extract(in)
}
