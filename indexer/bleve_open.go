package indexer

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
)

// openVersioned opens the bleve index in dir, or creates it with
// newMapping, and checks or records its mapping version. what names the
// index in errors and logs ("bleve index", "incident index"); fix tells
// the user what to do about a version mismatch.
func openVersioned(dir, what, version, fix string, newMapping func() mapping.IndexMapping, lockTimeout time.Duration, log *slog.Logger) (bleve.Index, error) {
	_, statErr := os.Stat(filepath.Join(dir, "index_meta.json"))
	switch {
	case statErr == nil:
		idx, err := bleve.OpenUsing(dir, map[string]any{"bolt_timeout": lockTimeout.String()})
		if err != nil {
			return nil, fmt.Errorf("indexer: open %s %s: %w", what, dir, err)
		}
		v, err := idx.GetInternal(mappingVersionKey)
		if err != nil || string(v) != version {
			_ = idx.Close()
			if err != nil {
				return nil, fmt.Errorf("indexer: %s: read mapping version: %w", dir, err)
			}
			return nil, fmt.Errorf("%w: %s has version %q, this build uses %q; %s",
				ErrMappingVersion, dir, v, version, fix)
		}
		log.Info(what+" opened", "dir", dir)
		return idx, nil
	case errors.Is(statErr, os.ErrNotExist):
		idx, err := bleve.New(dir, newMapping())
		if err != nil {
			return nil, fmt.Errorf("indexer: create %s %s: %w", what, dir, err)
		}
		if err := idx.SetInternal(mappingVersionKey, []byte(version)); err != nil {
			_ = idx.Close()
			return nil, fmt.Errorf("indexer: %s: write mapping version: %w", dir, err)
		}
		log.Info(what+" created", "dir", dir, "mapping_version", version)
		return idx, nil
	default:
		return nil, fmt.Errorf("indexer: %w", statErr)
	}
}
