#!/usr/bin/env bash
# start.sh: run a real single-node Elasticsearch on 127.0.0.1 for tests.
#
#   eval "$(bash deployments/elasticsearch/start.sh)"   # exports ES_URL, ES_PID_FILE, ES_RUN_DIR
#   ES_URL=$ES_URL go test ./indexer/elastic/
#   bash deployments/elasticsearch/stop.sh
#
# Fetches the distribution (fetch.sh), copies it and its config into a
# fresh run directory owned by the system user claimwatch-es (Elasticsearch
# refuses to run as root; the user is created when missing), and starts it
# daemonised with: single-node discovery, HTTP on 127.0.0.1:PORT (ES_PORT,
# default 9200, else the next free port), security off, heap 512 MB
# (ES_HEAP), disk watermarks off, no GeoIP downloads. Waits (ES_WAIT,
# default 120 s) for cluster health yellow or green.
#
# stdout: shell assignments only (for eval); progress goes to stderr.
# State for stop.sh: ${CLAIMWATCH_ES_STATE:-/tmp/claimwatch-es.env}.
# Environment: ES_JAVA_HOME (JDK; default JDK 17 for 8.x, Temurin 25 for 9.x),
# ES_USER (default claimwatch-es), CLAIMWATCH_CACHE (see fetch.sh).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
state="${CLAIMWATCH_ES_STATE:-/tmp/claimwatch-es.env}"
user="${ES_USER:-claimwatch-es}"
wait_s="${ES_WAIT:-120}"
heap="${ES_HEAP:-512m}"

say() { echo "start.sh: $*" >&2; }
die() { say "$*"; exit 1; }

if [ -s "$state" ]; then
  # shellcheck disable=SC1090
  . "$state"
  if [ -n "${ES_PID_FILE:-}" ] && [ -s "$ES_PID_FILE" ] && kill -0 "$(cat "$ES_PID_FILE")" 2>/dev/null; then
    die "already running at $ES_URL (pid $(cat "$ES_PID_FILE")); run stop.sh first"
  fi
  rm -f "$state"
fi

home_src=$(bash "$here/fetch.sh")
version=$(basename "$home_src"); version=${version#elasticsearch-}
major=${version%%.*}

# A JDK: the integ-test-zip distribution bundles none.
if [ -z "${ES_JAVA_HOME:-}" ]; then
  if [ "$major" -ge 9 ]; then
    cands="/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64"
  else
    cands="/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"
  fi
  for j in $cands; do
    if [ -x "$j/bin/java" ]; then ES_JAVA_HOME=$j; break; fi
  done
fi
[ -n "${ES_JAVA_HOME:-}" ] && [ -x "$ES_JAVA_HOME/bin/java" ] || die "no JDK found: set ES_JAVA_HOME"

# The user Elasticsearch runs as (it refuses root).
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id "$user" >/dev/null 2>&1; then
    say "creating system user $user"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
  fi
  if command -v runuser >/dev/null; then run_as=(runuser -u "$user" --)
  else run_as=(su -s /bin/sh "$user" -c); fi
fi

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port="${ES_PORT:-9200}"
while port_busy "$port"; do
  say "port $port is busy"
  port=$((port + 1))
  [ "$port" -lt "$(( ${ES_PORT:-9200} + 100 ))" ] || die "no free port"
done

# A run directory with its own copy of the distribution (the cache may sit
# under a home the service user cannot read), config, data and logs.
run_dir=$(mktemp -d /tmp/claimwatch-es.XXXXXX)
chmod 755 "$run_dir"
cp -al "$home_src" "$run_dir/home" 2>/dev/null || cp -a "$home_src" "$run_dir/home"
rm -rf "$run_dir/home/config"
cp -a "$home_src/config" "$run_dir/config"
mkdir -p "$run_dir/data" "$run_dir/logs" "$run_dir/tmp"
cat >>"$run_dir/config/elasticsearch.yml" <<EOF

# claimwatch test node (deployments/elasticsearch/start.sh)
cluster.name: claimwatch-test
node.name: claimwatch-test-1
discovery.type: single-node
network.host: 127.0.0.1
http.port: $port
transport.port: 9300-9399
path.data: $run_dir/data
path.logs: $run_dir/logs
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
cluster.routing.allocation.disk.watermark.low: 99%
cluster.routing.allocation.disk.watermark.high: 99%
cluster.routing.allocation.disk.watermark.flood_stage: 99%
action.destructive_requires_name: false
EOF
if [ -d "$home_src/modules/ingest-geoip" ]; then
  echo "ingest.geoip.downloader.enabled: false" >>"$run_dir/config/elasticsearch.yml"
fi
# The integ-test distribution lacks the analysis-common module, whose
# English stemming filters the claimwatch index template uses when present;
# add a tiny test-only plugin with the same filters (analysis-shim/,
# compiled once per version). ES_ANALYSIS_SHIM=0 skips it (the backend then
# falls back to unstemmed analysis and its stemming tests are skipped).
if [ ! -d "$home_src/modules/analysis-common" ] && [ "${ES_ANALYSIS_SHIM:-1}" != 0 ]; then
  shim="$(dirname "$home_src")/analysis-shim-$version"
  src="$here/analysis-shim/src/org/claimwatch/esshim/EnglishStemShimPlugin.java"
  if [ ! -s "$shim/claimwatch-analysis-shim.jar" ] || [ "$src" -nt "$shim/claimwatch-analysis-shim.jar" ]; then
    say "building the analysis shim plugin"
    rm -rf "$shim"
    ES_JAVA_HOME="$ES_JAVA_HOME" bash "$here/analysis-shim/build.sh" "$home_src" "$shim" ||
      { say "analysis shim build failed: continuing without stemming"; rm -rf "$shim"; }
  fi
  if [ -s "$shim/claimwatch-analysis-shim.jar" ]; then
    mkdir -p "$run_dir/home/plugins/claimwatch-analysis-shim"
    cp "$shim"/* "$run_dir/home/plugins/claimwatch-analysis-shim/"
  fi
fi
pid_file="$run_dir/elasticsearch.pid"
if [ ${#run_as[@]} -gt 0 ]; then chown -R "$user" "$run_dir/config" "$run_dir/data" "$run_dir/logs" "$run_dir/tmp"; chown "$user" "$run_dir"; fi

say "starting Elasticsearch $version on 127.0.0.1:$port (java $ES_JAVA_HOME, heap $heap, dir $run_dir)"
t0=$(date +%s)
env_vars=(ES_JAVA_HOME="$ES_JAVA_HOME" ES_PATH_CONF="$run_dir/config" ES_TMPDIR="$run_dir/tmp"
  ES_JAVA_OPTS="-Xms$heap -Xmx$heap ${ES_JAVA_OPTS_EXTRA--XX:TieredStopAtLevel=1 -XX:-UsePerfData}")
cmd=(env "${env_vars[@]}" "$run_dir/home/bin/elasticsearch" -d -p "$pid_file")
if [ "${run_as[0]:-}" = su ]; then
  "${run_as[@]}" "$(printf '%q ' "${cmd[@]}")" </dev/null >"$run_dir/stdout.log" 2>&1 || true
else
  "${run_as[@]}" "${cmd[@]}" </dev/null >"$run_dir/stdout.log" 2>&1 || true
fi

url="http://127.0.0.1:$port"
{
  echo "ES_URL=$url"
  echo "ES_PID_FILE=$pid_file"
  echo "ES_RUN_DIR=$run_dir"
  echo "ES_VERSION=$version"
} >"$state"

health=""
for _ in $(seq 1 "$wait_s"); do
  health=$(curl -fsS -m 5 "$url/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null || true)
  case "$health" in *'"status":"green"'* | *'"status":"yellow"'*) break ;; esac
  if [ ! -s "$pid_file" ] && [ "$(( $(date +%s) - t0 ))" -gt 15 ]; then
    break # -d returned but the daemon died before writing its pid
  fi
  sleep 1
done
case "$health" in
  *'"status":"green"'* | *'"status":"yellow"'*) ;;
  *)
    say "not healthy after $(( $(date +%s) - t0 )) s; last log lines:"
    tail -n 40 "$run_dir/stdout.log" "$run_dir"/logs/*.log 2>/dev/null >&2 || true
    bash "$here/stop.sh" >&2 || true
    exit 1 ;;
esac
say "ready in $(( $(date +%s) - t0 )) s: $url ($(echo "$health" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'))"
echo "export ES_URL=$url"
echo "export ES_PID_FILE=$pid_file"
echo "export ES_RUN_DIR=$run_dir"
