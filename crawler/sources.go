package crawler

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// ReadSources parses a sources file (configs/sources.yaml format: a
// top-level "sources" list) and validates every source.
func ReadSources(b []byte) ([]Source, error) {
	var f struct {
		Sources []Source `yaml:"sources"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	for _, s := range f.Sources {
		if err := s.Validate(); err != nil {
			return nil, err
		}
	}
	return f.Sources, nil
}
