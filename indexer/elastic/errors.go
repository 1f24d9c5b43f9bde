package elastic

import "errors"

// Sentinel errors.
var (
	// ErrNoURL is returned by Open when Config.URLs is empty.
	ErrNoURL = errors.New("elastic: no Elasticsearch URL configured")
	// ErrSetup is returned by Open when the index template, the index or
	// its alias cannot be installed (the cluster is unreachable, refuses
	// the request, or the alias points at an index of another version;
	// the latter also matches indexer.ErrMappingVersion).
	ErrSetup = errors.New("elastic: index setup failed")
	// ErrNoIncidentIndex is returned by OpenIncidentsReadOnly when the
	// incident index (its alias) does not exist.
	ErrNoIncidentIndex = errors.New("elastic: no incident index")
	// ErrReadOnly is returned by Put on an incident index opened with
	// OpenIncidentsReadOnly.
	ErrReadOnly = errors.New("elastic: incident index opened read-only")
)
