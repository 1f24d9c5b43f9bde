package faults

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMain removes the claimwatch binary the scenarios built.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.path != "" {
		_ = os.RemoveAll(filepath.Dir(built.path))
	}
	os.Exit(code)
}
