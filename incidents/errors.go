package incidents

import "errors"

// Sentinel errors.
var (
	// ErrClosed is returned by a Store after Close.
	ErrClosed = errors.New("incidents: store closed")
	// ErrNoReport is returned for a record that describes no attack.
	ErrNoReport = errors.New("incidents: record describes no attack")
)
