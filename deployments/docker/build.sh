#!/bin/sh
# build.sh OUT [VERSION] builds the static claimwatch binary of the
# container image to OUT. It is the one build command: the Dockerfile RUNs
# it and size-check.sh measures what it produces. GOOS and GOARCH pass
# through from the environment.
#
# Size: the image must stay under 60,000,000 bytes unpacked (issue #9). The
# default build is ~65.9 MB, so inlining is turned off (-l) for the
# dependencies, except where CPU time goes: std, our own packages, the
# crawler's HTML parsing (x/net/html, goquery, cascadia, readability, dom,
# colly), the sentence splitter and tagger (neurosnap/sentences, prose) and
# the bleve segment and FST code the indexer spends its time in (zapx,
# vellum). Later -gcflags patterns win, so "PATTERN=" re-enables inlining.
# deployments/docker/README.md has the sizes and the measured slowdown.
set -eu
out=${1:?usage: build.sh OUT [VERSION]}
version=${2:-dev}
case $out in /*) ;; *) out=$PWD/$out ;; esac
mkdir -p "$(dirname "$out")"
cd "$(dirname "$0")/../.."

inline="std
github.com/claimwatch/claimwatch/...
golang.org/x/net/html/...
github.com/PuerkitoBio/goquery
github.com/andybalholm/cascadia
codeberg.org/readeck/go-readability/v2/...
github.com/go-shiori/dom
github.com/gocolly/colly/v2/...
gopkg.in/neurosnap/sentences.v1/...
github.com/jdkato/prose/v2/...
github.com/blevesearch/zapx/v17
github.com/blevesearch/vellum"

set -- -gcflags=all=-l
for p in $inline; do
  set -- "$@" "-gcflags=$p="
done
CGO_ENABLED=0 exec go build -trimpath -ldflags="-s -w -X main.version=$version" "$@" -o "$out" ./cmd/claimwatch
