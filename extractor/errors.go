package extractor

import "errors"

// Sentinel errors returned by the extractor.
var (
	// ErrGazetteer wraps every problem found while loading the group gazetteer.
	ErrGazetteer = errors.New("extractor: invalid group gazetteer")
	// ErrNoText is reported when an input has neither text nor html.
	ErrNoText = errors.New("extractor: input has no text and no html")
	// ErrBadLine is reported by RunJSONL for an input line that is not a JSON object.
	ErrBadLine = errors.New("extractor: input line is not a JSON object")
	// ErrLineTooLong is reported by RunJSONL for a line longer than the limit.
	ErrLineTooLong = errors.New("extractor: input line too long")
	// ErrNilGazetteer is returned by New without a gazetteer.
	ErrNilGazetteer = errors.New("extractor: nil gazetteer")
)
