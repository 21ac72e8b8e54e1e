#!/usr/bin/env bash
# The README's follow-up commands (after "To go on from there"), run as written after the quick
# start, in a scratch copy of its layout: build/indexer, build/searcher, build/demo-db.
#
#   tests/readme.sh SOURCE_DIR NEWSDESK_INDEX NEWSDESK_SEARCH
set -euo pipefail
src=$(realpath "$1") index=$(realpath "$2") search=$(realpath "$3")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/build/indexer" "$tmp/build/searcher" "$tmp/build/server"
ln -s "$index" "$tmp/build/indexer/newsdesk-index"
ln -s "$search" "$tmp/build/searcher/newsdesk-search"
"$index" --quiet --db "$tmp/build/demo-db" "$src/corpus"
block=$(awk '/^To go on from there/ { f = 1 } f && /^```sh$/ { g = 1; next } g && /^```$/ { exit } g' \
  "$src/README.md")
[ -n "$block" ] || { echo "README.md: no follow-up commands after 'To go on from there'"; exit 1; }
status=0
out=$(cd "$tmp" && env -i PATH=/usr/bin:/bin HOME="$tmp" bash -euo pipefail -c "$block" 2>&1) || status=$?
printf '%s\n' "$out"
[ "$status" -eq 0 ] || { echo "FAIL: the README's commands exited with $status"; exit 1; }
grep -q '^4 results for "Kursk troops"' <<< "$out" || { echo "FAIL: --no-collapse did not list four"; exit 1; }
grep -q '^5 results in story ' <<< "$out" || { echo "FAIL: --story did not list the story"; exit 1; }
