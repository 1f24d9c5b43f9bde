#!/bin/sh
# size-check.sh builds the image's binary with build.sh (the Dockerfile's
# build command) and fails when the image would exceed the 60 MB goal of
# issue #9: unpacked size = binary + CA bundle (the final stage is scratch;
# /data and /tmp are empty directories) must stay under LIMIT bytes
# (CLAIMWATCH_IMAGE_LIMIT, default 60000000, decimal MB as `docker images`
# shows). The CA bundle is this machine's /etc/ssl/certs/ca-certificates.crt
# (Debian's, as in the golang build image), or 230000 bytes if absent.
set -eu
cd "$(dirname "$0")/../.."
limit=${CLAIMWATCH_IMAGE_LIMIT:-60000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh deployments/docker/build.sh "$tmp/claimwatch" v0.0.0-size-check
bin=$(wc -c <"$tmp/claimwatch")
ca=/etc/ssl/certs/ca-certificates.crt
if [ -r "$ca" ]; then
  cab=$(wc -c <"$ca")
else
  cab=230000
  ca="(estimate)"
fi
total=$((bin + cab))
awk -v b="$bin" -v c="$cab" -v t="$total" -v l="$limit" -v ca="$ca" 'BEGIN {
  printf "image size: binary %d + CA bundle %d %s = %d bytes (%.2f MB, %.2f MiB); limit %d, margin %d\n", b, c, ca, t, t/1e6, t/1048576, l, l-t }'
if [ "$total" -ge "$limit" ]; then
  echo "image size: FAIL: over the limit; see deployments/docker/README.md (size)" >&2
  exit 1
fi
