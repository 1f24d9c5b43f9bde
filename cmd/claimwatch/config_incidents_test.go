package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/pipeline"
)

// TestIncidentsConfigDefaults: the bundled default.yaml states the
// defaults of incidents.DefaultConfig (so the two cannot drift apart) and
// enables the stage.
func TestIncidentsConfigDefaults(t *testing.T) {
	cfg, err := LoadConfig("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := (IncidentsConfig{Enabled: true, Config: incidents.DefaultConfig()}); cfg.Incidents != want {
		t.Errorf("incidents config from default.yaml = %+v, want %+v", cfg.Incidents, want)
	}
	if DefaultConfig().Incidents != cfg.Incidents {
		t.Errorf("built-in defaults %+v differ from default.yaml %+v", DefaultConfig().Incidents, cfg.Incidents)
	}
}

func TestIncidentsConfigLayers(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "c.yaml")
	yml := "incidents:\n  enabled: false\n  threshold: 0.7\n  max_day_gap: 3\n  weights:\n    text: 0.5\n"
	if err := os.WriteFile(file, []byte(yml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(file, []string{"CLAIMWATCH_INCIDENTS_RADIUS_KM=25", "CLAIMWATCH_INCIDENTS_WEIGHTS_PLACE=0.3", "CLAIMWATCH_INCIDENTS_THRESHOLD=0.65"})
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.Incidents
	d := incidents.DefaultConfig()
	if got.Enabled || got.Threshold != 0.65 || got.MaxDayGap != 3 || got.RadiusKm != 25 || got.NearKm != d.NearKm ||
		got.Weights.Text != 0.5 || got.Weights.Place != 0.3 || got.Weights.Date != d.Weights.Date {
		t.Errorf("file and environment not layered over the defaults: %+v", got)
	}
	if e := incidents.NewEngine(got.Config).Config(); e.Threshold != 0.65 || e.RadiusKm != 25 || e.MaxDayGap != 3 {
		t.Errorf("engine config %+v", e)
	}
}

func TestIncidentsConfigErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		env        []string
		want       string
	}{
		{"unknown key", "incidents:\n  treshold: 0.5\n", nil, "treshold"},
		{"unknown weight", "incidents:\n  weights:\n    colour: 1\n", nil, "colour"},
		{"threshold above 1", "incidents:\n  threshold: 1.5\n", nil, "incidents.threshold"},
		{"negative radius", "", []string{"CLAIMWATCH_INCIDENTS_RADIUS_KM=-1"}, "radius_km"},
		{"near beyond radius", "incidents:\n  near_km: 80\n", nil, "near_km"},
		{"negative days", "incidents:\n  max_day_gap: -2\n", nil, "max_day_gap"},
		{"negative weight", "incidents:\n  weights:\n    text: -0.1\n", nil, "weights"},
		{"bad env value", "", []string{"CLAIMWATCH_INCIDENTS_ENABLED=maybe"}, "CLAIMWATCH_INCIDENTS_ENABLED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := ""
			if tt.yaml != "" {
				file = filepath.Join(t.TempDir(), "c.yaml")
				if err := os.WriteFile(file, []byte(tt.yaml), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			_, err := LoadConfig(file, tt.env)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one naming %q", err, tt.want)
			}
			if strings.HasPrefix(tt.want, "incidents.") && !errors.Is(err, pipeline.ErrBadConfig) {
				t.Errorf("err = %v, want ErrBadConfig", err)
			}
		})
	}
}
