package demosite

import "errors"

// ErrBadManifest reports an embedded manifest that does not parse or that
// is inconsistent; it can only happen when site/ was edited by hand.
var ErrBadManifest = errors.New("demosite: bad manifest")
