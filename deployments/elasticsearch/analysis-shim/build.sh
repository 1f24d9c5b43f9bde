#!/usr/bin/env bash
# build.sh ES_HOME OUT_DIR: compile the test-only analysis shim plugin
# (see src/.../EnglishStemShimPlugin.java) against the jars of ES_HOME and
# lay it out as an installed plugin in OUT_DIR (descriptor + jar).
# Needs javac ($ES_JAVA_HOME/bin/javac).
set -euo pipefail
es_home=$1 out=$2
here="$(cd "$(dirname "$0")" && pwd)"
javac="${ES_JAVA_HOME:?}/bin/javac"
[ -x "$javac" ] || { echo "build.sh: no javac in $ES_JAVA_HOME" >&2; exit 1; }
version=$(basename "$es_home"); version=${version#elasticsearch-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$javac" -nowarn -source 17 -target 17 -cp "$es_home/lib/*" -d "$tmp/classes" \
  "$here/src/org/claimwatch/esshim/EnglishStemShimPlugin.java" 2>&1 | grep -v '^warning\|^Note' >&2 || true
[ -f "$tmp/classes/org/claimwatch/esshim/EnglishStemShimPlugin.class" ] || { echo "build.sh: compile failed" >&2; exit 1; }
mkdir -p "$out"
"${ES_JAVA_HOME}/bin/jar" --create --file "$out/claimwatch-analysis-shim.jar" -C "$tmp/classes" .
cat >"$out/plugin-descriptor.properties" <<PROPS
description=claimwatch test-only English stemming shim (porter_stem, stemmer) for the integ-test distribution
version=$version
name=claimwatch-analysis-shim
classname=org.claimwatch.esshim.EnglishStemShimPlugin
java.version=17
elasticsearch.version=$version
PROPS
