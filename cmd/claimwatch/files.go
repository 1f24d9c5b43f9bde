package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
)

func openIn(path string, stdin io.Reader) (io.Reader, func(), error) {
	if path == "" || path == "-" {
		return stdin, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("input: %w", err)
	}
	return f, func() { _ = f.Close() }, nil
}

// openOut returns a buffered writer; the close function flushes and closes.
func openOut(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		bw := bufio.NewWriterSize(stdout, 1<<16)
		return bw, bw.Flush, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("output: %w", err)
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	return bw, func() error {
		if err := bw.Flush(); err != nil {
			_ = f.Close()
			return err
		}
		return f.Close()
	}, nil
}
