package crawler

import "errors"

// Sentinel errors.
var (
	ErrNotArticle       = errors.New("page is not an article")
	ErrEmptyText        = errors.New("article has no main text")
	ErrNotHTML          = errors.New("response is not HTML")
	ErrTooLarge         = errors.New("page exceeds the size limit")
	ErrBadURL           = errors.New("bad or disallowed URL")
	ErrInvalidUTF8      = errors.New("text is not valid UTF-8 after charset conversion")
	ErrForbiddenAddress = errors.New("address is private, loopback, link-local or multicast")
	ErrTooManyRedirects = errors.New("too many redirects")
	ErrBinary           = errors.New("binary content type")
	ErrCircuitOpen      = errors.New("host circuit breaker is open")
	ErrNotFound         = errors.New("not found")
	ErrBadSelector      = errors.New("invalid CSS selector")
)
