#!/usr/bin/env bash
# stop.sh: stop the Elasticsearch started by start.sh and delete its run
# directory (data, logs, config copy). Idempotent: nothing running is fine.
# Set ES_KEEP_RUN_DIR=1 to keep the run directory (logs) for debugging.
set -uo pipefail

state="${CLAIMWATCH_ES_STATE:-/tmp/claimwatch-es.env}"
say() { echo "stop.sh: $*" >&2; }

if [ ! -s "$state" ]; then
  say "nothing to stop ($state missing)"
  exit 0
fi
# shellcheck disable=SC1090
. "$state"

pid=""
[ -n "${ES_PID_FILE:-}" ] && [ -s "$ES_PID_FILE" ] && pid=$(cat "$ES_PID_FILE")
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
  say "stopping pid $pid (${ES_URL:-})"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "pid $pid still running after 30 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
else
  say "not running"
fi

case "${ES_RUN_DIR:-}" in
  /tmp/claimwatch-es.*)
    if [ "${ES_KEEP_RUN_DIR:-0}" = 1 ]; then say "kept $ES_RUN_DIR"; else rm -rf "$ES_RUN_DIR"; fi ;;
esac
rm -f "$state"
say "stopped"
