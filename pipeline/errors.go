package pipeline

import (
	"errors"
	"fmt"
)

// Sentinel errors.
var (
	// ErrPermanent marks an error that can never succeed on retry; the runner
	// terminates the message and dead-letters it.
	ErrPermanent = errors.New("permanent failure")
	// ErrNATSNotReady is returned when the embedded server does not start in time.
	ErrNATSNotReady = errors.New("embedded NATS server not ready")
	// ErrBadConfig is returned for invalid configuration values.
	ErrBadConfig = errors.New("invalid configuration")
)

// Permanent wraps err so that errors.Is(err, ErrPermanent) holds.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %w", ErrPermanent, err)
}

// IsPermanent reports whether err was marked permanent.
func IsPermanent(err error) bool { return errors.Is(err, ErrPermanent) }
