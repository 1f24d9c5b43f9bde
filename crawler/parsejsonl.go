package crawler

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// ParseInput is one line of `claimwatch parse`.
type ParseInput struct {
	ID   string `json:"id"`
	URL  string `json:"url"`
	HTML string `json:"html"`
}

// ParseOutput is one output line of `claimwatch parse`.
type ParseOutput struct {
	ID           string   `json:"id"`
	URL          string   `json:"url,omitempty"`
	CanonicalURL string   `json:"canonical_url,omitempty"`
	Title        string   `json:"title,omitempty"`
	Text         string   `json:"text,omitempty"`
	Authors      []string `json:"authors,omitempty"`
	Published    string   `json:"published,omitempty"`
	Lang         string   `json:"lang,omitempty"`
	Error        string   `json:"error,omitempty"`
}

// ParseStats counts lines.
type ParseStats struct{ Lines, Errors int }

// MaxLineBytes bounds one JSONL input line.
const MaxLineBytes = 64 << 20

// RunParseJSONL parses every {id,url,html} line and writes one output line
// per input line, in order, streaming.
func RunParseJSONL(ctx context.Context, r io.Reader, w io.Writer, _ func() time.Time) (ParseStats, error) {
	return RunParseJSONLWith(ctx, r, w, nil)
}

// RunParseJSONLWith is RunParseJSONL with per-source CSS selectors:
// selectors (e.g. SelectorsFor(sources)) gives those of each page's URL;
// nil means none.
func RunParseJSONLWith(ctx context.Context, r io.Reader, w io.Writer, selectors func(pageURL string) Selectors) (ParseStats, error) {
	var st ParseStats
	br := bufio.NewReaderSize(r, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		line, err := readLine(br, MaxLineBytes)
		if len(line) > 0 {
			st.Lines++
			out := parseLine(line, selectors)
			if out.Error != "" {
				st.Errors++
			}
			if werr := enc.Encode(out); werr != nil {
				return st, werr
			}
		}
		if err == io.EOF {
			return st, nil
		}
		if err != nil && err != errLineTooLong {
			return st, err
		}
	}
}

var errLineTooLong = fmt.Errorf("%w: input line longer than %d bytes", ErrTooLarge, MaxLineBytes)

func parseLine(line []byte, selectors func(string) Selectors) ParseOutput {
	if len(line) > MaxLineBytes {
		return ParseOutput{Error: errLineTooLong.Error()}
	}
	var in ParseInput
	if err := json.Unmarshal(line, &in); err != nil {
		return ParseOutput{Error: "bad JSON line: " + err.Error()}
	}
	var sel Selectors
	if selectors != nil {
		sel = selectors(in.URL)
	}
	p, err := ParseWith(in.URL, []byte(in.HTML), "text/html; charset=utf-8", sel)
	if err != nil {
		return ParseOutput{ID: in.ID, URL: in.URL, Error: err.Error()}
	}
	return ParseOutput{ID: in.ID, URL: in.URL, CanonicalURL: p.CanonicalURL, Title: p.Title, Text: p.Text,
		Authors: p.Authors, Published: p.Published, Lang: p.Lang}
}

// readLine reads one line without its newline; a line longer than max is
// consumed and returned truncated to max+1 bytes so the caller can report it.
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) <= max+1 {
			buf = append(buf, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if n := len(buf); n > 0 && buf[n-1] == '\n' {
			buf = buf[:n-1]
		}
		if len(buf) > max {
			return buf, errLineTooLong
		}
		return buf, err
	}
}
