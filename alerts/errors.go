package alerts

import "errors"

// Sentinel errors.
var (
	// ErrRules wraps every problem found in a rules file.
	ErrRules = errors.New("invalid alert rules")
	// ErrStateConflict is returned by a StateStore when the revision given
	// to Put is not the current one (another worker updated the state).
	ErrStateConflict = errors.New("alert state changed concurrently")
	// ErrBadInput is returned by Explain when some input lines were not
	// records.
	ErrBadInput = errors.New("bad input records")
	// ErrDelivery wraps a failed webhook or e-mail delivery.
	ErrDelivery = errors.New("alert delivery failed")
)
