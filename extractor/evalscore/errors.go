package evalscore

import "errors"

// Sentinel errors returned (wrapped) by Score.
var (
	// ErrGroups: the groups list is not a JSON list of {id, name, ...}.
	ErrGroups = errors.New("evalscore: cannot read groups")
	// ErrInput: a gold or prediction line is not JSON, or lacks what
	// score.py needs from it.
	ErrInput = errors.New("evalscore: unusable input")
)
