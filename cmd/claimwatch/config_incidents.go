package main

import (
	"fmt"

	"github.com/claimwatch/claimwatch/incidents"
	"github.com/claimwatch/claimwatch/pipeline"
)

// IncidentsConfig configures the incidents stage, which merges the reports
// of several articles about one attack into one cross-article incident
// (package incidents). The clustering keys (radius_km, near_km,
// max_day_gap, undated_days, threshold, weights, max_candidates) are those
// of incidents.Config, inline; a zero value takes the default of
// incidents.DefaultConfig. The stage uses index.runner's batch settings.
type IncidentsConfig struct {
	// Enabled runs the stage in `claimwatch run`; `claimwatch incidents
	// --stage` runs it whatever this says.
	Enabled          bool `yaml:"enabled"`
	incidents.Config `yaml:",inline"`
}

// defaultIncidentsConfig is the stage enabled with the clustering defaults.
func defaultIncidentsConfig() IncidentsConfig {
	return IncidentsConfig{Enabled: true, Config: incidents.DefaultConfig()}
}

// validate rejects values the engine would not default: negative distances,
// days, weights or candidates, and a threshold above 1.
func (c IncidentsConfig) validate() error {
	w := c.Weights
	switch {
	case c.Threshold < 0 || c.Threshold > 1:
		return fmt.Errorf("%w: incidents.threshold %v, want 0-1", pipeline.ErrBadConfig, c.Threshold)
	case c.RadiusKm < 0 || c.NearKm < 0:
		return fmt.Errorf("%w: incidents.radius_km and near_km must not be negative", pipeline.ErrBadConfig)
	case c.RadiusKm > 0 && c.NearKm > 0 && c.NearKm >= c.RadiusKm:
		return fmt.Errorf("%w: incidents.near_km %v must be below radius_km %v", pipeline.ErrBadConfig, c.NearKm, c.RadiusKm)
	case c.MaxDayGap < 0 || c.UndatedDays < 0 || c.MaxCandidates < 0:
		return fmt.Errorf("%w: incidents.max_day_gap, undated_days and max_candidates must not be negative", pipeline.ErrBadConfig)
	case w.Place < 0 || w.Date < 0 || w.Type < 0 || w.Groups < 0 || w.Casualties < 0 || w.Text < 0:
		return fmt.Errorf("%w: incidents.weights must not be negative", pipeline.ErrBadConfig)
	}
	return nil
}
