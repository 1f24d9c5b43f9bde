package geo

import "errors"

// ErrBadData reports an embedded gazetteer file that cannot be parsed.
var ErrBadData = errors.New("geo: malformed gazetteer data")
