// Package evalscore is a Go port of shared/eval/score.py: it scores
// `claimwatch extract` output (JSON Lines) against hand-annotated gold
// (JSON Lines) with the group list of `claimwatch groups list --json`, and
// prints the same per-article text report and summary line, or the same
// JSON, as score.py does.
//
// The rules are score.py's, kept quirk for quirk: names resolve to group ids
// through name, aliases and gtd_names folded to [0-9a-z]; evidence matches
// when, after quote and whitespace folding, one text contains the other or
// both share eight words in a row; group recall is over the must groups and
// precision over the predicted militant groups (a predicted group that no
// gold group resolves to is a false positive; score.py does not read
// not_groups); claims match by group, status and evidence, once each;
// predictions matching optional gold claims are neither credited nor
// penalised; incidents are judged on found, type, place and killed.
//
// Known differences, all on inputs score.py itself handles badly: where
// score.py would crash (a missing required key, a value of the wrong type)
// Score returns an error wrapping ErrInput; a missed must group whose name
// resolves to several ids is reported by its smallest id (score.py takes an
// arbitrary one); JSON objects used as values are printed with sorted keys.
package evalscore
