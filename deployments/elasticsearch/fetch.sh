#!/usr/bin/env bash
# fetch.sh: download and unpack a real Elasticsearch (no container engine
# needed) for the integration tests of indexer/elastic.
#
# The official "integ-test-zip" distribution is published on Maven Central
# as org.elasticsearch.distribution.integ-test-zip:elasticsearch:<v>:zip;
# Maven fetches it (through the proxy/mirror settings of ~/.m2, if any).
# It carries no bundled JDK: start.sh runs it with ES_JAVA_HOME (JDK 17+).
#
# Usage: fetch.sh              newest 8.19.x served (tries high to low)
#        ES_VERSION=8.19.9 fetch.sh
# Prints the path of the unpacked distribution (ES_HOME) on stdout, the
# progress on stderr. Cache: ${CLAIMWATCH_CACHE:-$HOME/.cache/claimwatch}/elasticsearch
set -euo pipefail

cache="${CLAIMWATCH_CACHE:-$HOME/.cache/claimwatch}/elasticsearch"
group="org.elasticsearch.distribution.integ-test-zip"
mkdir -p "$cache"

say() { echo "fetch.sh: $*" >&2; }

# unpack VERSION: unzip the cached zip into $cache/elasticsearch-VERSION.
unpack() {
  local v=$1 zip="$cache/elasticsearch-$1.zip" home="$cache/elasticsearch-$1"
  if [ ! -x "$home/bin/elasticsearch" ]; then
    say "unpacking $zip"
    rm -rf "$home.tmp" && mkdir -p "$home.tmp"
    (cd "$home.tmp" && unzip -q "$zip")
    rm -rf "$home"
    mv "$home.tmp/elasticsearch-$v" "$home"
    rm -rf "$home.tmp"
  fi
  echo "$v" >"$cache/current"
  echo "$home"
}

# download VERSION: copy the artifact from Maven Central into the cache.
download() {
  local v=$1
  [ -s "$cache/elasticsearch-$v.zip" ] && return 0
  command -v mvn >/dev/null || { say "mvn not found (apt-get install maven)"; return 2; }
  say "trying $group:elasticsearch:$v:zip"
  local tmp
  tmp=$(mktemp -d)
  if mvn -q -B dependency:copy -Dartifact="$group:elasticsearch:$v:zip" \
      -DoutputDirectory="$tmp" -Dmdep.overWriteReleases=true >"$tmp.log" 2>&1 &&
     [ -s "$tmp/elasticsearch-$v.zip" ]; then
    mv "$tmp/elasticsearch-$v.zip" "$cache/elasticsearch-$v.zip"
    rm -rf "$tmp" "$tmp.log"
    return 0
  fi
  rm -rf "$tmp" "$tmp.log"
  return 1
}

if [ -n "${ES_VERSION:-}" ]; then
  download "$ES_VERSION" || { say "version $ES_VERSION is not served"; exit 1; }
  unpack "$ES_VERSION"
  exit 0
fi

# A version already cached wins: no network on a warm cache.
if [ -s "$cache/current" ] && [ -x "$cache/elasticsearch-$(cat "$cache/current")/bin/elasticsearch" ]; then
  v=$(cat "$cache/current")
  say "cached $v"
  echo "$cache/elasticsearch-$v"
  exit 0
fi

# The newest 8.19.x: Maven Central's metadata names it when it is the
# latest release of the line (its <version> list is incomplete, so it is
# only a hint); otherwise try patch releases from high to low (an
# unpublished one fails in ~15 s).
candidates=()
meta="https://repo1.maven.org/maven2/${group//.//}/elasticsearch/maven-metadata.xml"
if command -v curl >/dev/null; then
  latest=$(curl -fsS -m 20 "$meta" 2>/dev/null | sed -n 's:.*<latest>\(8\.19\.[0-9]*\)</latest>.*:\1:p' || true)
  [ -n "$latest" ] && candidates+=("$latest")
fi
for patch in $(seq "${ES_MAX_PATCH:-24}" -1 0); do candidates+=("8.19.$patch"); done
for v in "${candidates[@]}"; do
  if download "$v"; then
    say "using $v"
    unpack "$v"
    exit 0
  fi
done
say "no 8.19.x served by Maven Central"
exit 1
