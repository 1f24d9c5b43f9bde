package sitegen

import "errors"

// Sentinel errors of the generator.
var (
	ErrFrontMatter = errors.New("sitegen: bad front matter")
	ErrSource      = errors.New("sitegen: bad article source")
)
