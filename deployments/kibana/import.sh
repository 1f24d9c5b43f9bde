#!/bin/sh
# Imports the claimwatch saved objects (claimwatch.ndjson: the data view
# claimwatch-records*, Lens visualisations, the incident map, the saved
# search "latest claims" and the dashboard "claimwatch: claims") into Kibana
# with the saved objects API, overwriting earlier versions. Idempotent.
# POSIX sh + curl only (runs in curlimages/curl; compose service kibana-setup).
#
#   KIBANA_URL=http://127.0.0.1:5601 deployments/kibana/import.sh
#
# Environment:
#   KIBANA_URL        default http://127.0.0.1:5601
#   KIBANA_SPACE      import into this space (default: the default space)
#   KIBANA_API_KEY    "Authorization: ApiKey ..." (base64 id:key), or
#   KIBANA_USER / KIBANA_PASSWORD   basic auth
#   KIBANA_CACERT     CA file for https
#   NDJSON            default: claimwatch.ndjson next to this script
#   RETRIES           default 60 (x DELAY seconds waiting for Kibana)
#   DELAY             default 5
set -eu

here=$(cd "$(dirname "$0")" && pwd)
KIBANA_URL=${KIBANA_URL:-http://127.0.0.1:5601}
KIBANA_URL=${KIBANA_URL%/}
NDJSON=${NDJSON:-$here/claimwatch.ndjson}
RETRIES=${RETRIES:-60}
DELAY=${DELAY:-5}
base=$KIBANA_URL
if [ -n "${KIBANA_SPACE:-}" ]; then base=$KIBANA_URL/s/$KIBANA_SPACE; fi

say() { echo "kibana-import: $*" >&2; }

[ -r "$NDJSON" ] || { say "cannot read $NDJSON"; exit 1; }

# kcurl ARGS...: curl with the auth and TLS options from the environment.
kcurl() {
  if [ -n "${KIBANA_API_KEY:-}" ]; then
    set -- -H "Authorization: ApiKey $KIBANA_API_KEY" "$@"
  elif [ -n "${KIBANA_USER:-}" ]; then
    set -- -u "$KIBANA_USER:${KIBANA_PASSWORD:-}" "$@"
  fi
  if [ -n "${KIBANA_CACERT:-}" ]; then set -- --cacert "$KIBANA_CACERT" "$@"; fi
  curl -sS --connect-timeout 5 --max-time 120 "$@"
}

# 1. Wait until Kibana reports itself available.
i=0
until kcurl "$KIBANA_URL/api/status" 2>/dev/null | grep -q '"level":"available"'; do
  i=$((i + 1))
  if [ "$i" -ge "$RETRIES" ]; then
    say "Kibana at $KIBANA_URL not available after $((RETRIES * DELAY))s"
    exit 1
  fi
  say "waiting for Kibana at $KIBANA_URL ($i/$RETRIES)"
  sleep "$DELAY"
done

# 2. Import, retrying transient failures (Kibana answers 503 while its
#    saved objects migrations finish).
out=$(mktemp)
trap 'rm -f "$out"' EXIT
i=0
while :; do
  i=$((i + 1))
  code=$(kcurl -o "$out" -w '%{http_code}' -X POST \
    -H 'kbn-xsrf: claimwatch' \
    -F "file=@$NDJSON" \
    "$base/api/saved_objects/_import?overwrite=true" || echo 000)
  if [ "$code" = 200 ] && grep -q '"success":true' "$out"; then
    n=$(grep -o '"successCount":[0-9]*' "$out" | cut -d: -f2)
    say "imported ${n:-?} saved objects from $(basename "$NDJSON") into $base"
    exit 0
  fi
  case $code in
    200|400|401|403|413|415)
      # The request reached Kibana and was refused or partly failed: retrying
      # will not help. Show why.
      say "import failed (HTTP $code):"
      cat "$out" >&2
      echo >&2
      exit 1
      ;;
  esac
  if [ "$i" -ge 5 ]; then
    say "import failed after $i attempts (HTTP $code)"
    cat "$out" >&2 || true
    exit 1
  fi
  say "import attempt $i: HTTP $code, retrying in ${DELAY}s"
  sleep "$DELAY"
done
