#!/usr/bin/env bash
# Runs every Go fuzz target of the module for a bounded time each
# (CLAIMWATCH_FUZZTIME, default 5s). Called by test.sh (and so by CI) and by
# `make fuzz` with a longer time. A failure leaves the crashing input in
# <pkg>/testdata/fuzz/<Target>/: commit it as a regression case.
set -uo pipefail
cd "$(dirname "$0")/../.."
fuzztime="${CLAIMWATCH_FUZZTIME:-5s}"
status=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
n=0
for dir in $(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do
  for f in $(go test -list '^Fuzz' "$dir" | grep '^Fuzz'); do
    n=$((n + 1))
    if go test -run '^$' -fuzz "^${f}\$" -fuzztime "$fuzztime" "$dir" >"$out" 2>&1; then
      echo "ok   fuzz $dir $f ($fuzztime)"
    elif grep -q 'Failing input written to' "$out"; then
      status=1
      echo "FAIL fuzz $dir $f"
      tail -25 "$out"
    else
      # no crashing input: the fuzzing engine itself gave up (on a loaded
      # machine it can end with "context deadline exceeded" as fuzztime
      # runs out); worth a look, not a failure of the code under test
      echo "WARN fuzz $dir $f: the engine stopped without a failing input"
      tail -5 "$out"
    fi
  done
done
echo "fuzz: $n targets, ${fuzztime} each"
exit $status
