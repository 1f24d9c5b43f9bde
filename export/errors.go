package export

import "errors"

// Sentinel errors.
var (
	// ErrBadOptions is returned for invalid Options (format, batch, out dir).
	ErrBadOptions = errors.New("export: bad options")
	// ErrExists is returned when OutDir already holds an export (a
	// checkpoint or a manifest) and Resume is not set.
	ErrExists = errors.New("export: output directory already holds an export")
	// ErrNoCheckpoint is returned by a Resume in a directory without a
	// checkpoint or a finished export.
	ErrNoCheckpoint = errors.New("export: nothing to resume")
	// ErrCheckpointMismatch is returned by a Resume whose query or format
	// differ from the checkpoint's, or whose files do not match it.
	ErrCheckpointMismatch = errors.New("export: checkpoint does not match")
)

// ErrCorrupt is returned by Verify when a file differs from the manifest.
var ErrCorrupt = errors.New("export: file does not match the manifest")
