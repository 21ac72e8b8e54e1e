#!/usr/bin/env bash
# The top values of each entity facet (person, org, place) over whole corpora, for hand labelling.
#
#   bench/facets/top-values.sh [BUILD_DIR] [N]     (default build, 40)
#
# Indexes the BBC set (../shared/data/bbc) and Reuters-21578 as files (bench/reuters-to-files.py)
# into fresh databases under a temporary directory, then asks newsdesk-search for the facets of
# every article (query "date:1900..", which every dated article matches, and every article has a date; --no-collapse: each article counted once).
# Prints one tab-separated line per value: corpus, facet, rank, value, articles. Deterministic
# for a given build (ties are ordered by name). Set KEEP_DBS=DIR to keep the databases there
# (bench/facets/held-out.sh and the e2e test can reuse them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BUILD=${1:-build}
N=${2:-40}
SHARED=${NEWSDESK_SHARED_DATA:-../shared/data}
[[ -d $SHARED/bbc && -d $SHARED/reuters21578 ]] || { echo "top-values: $SHARED/bbc or reuters21578 missing" >&2; exit 1; }
INDEX=$BUILD/indexer/newsdesk-index
SEARCH=$BUILD/searcher/newsdesk-search
[[ -x $INDEX && -x $SEARCH ]] || { echo "top-values: build $BUILD first" >&2; exit 1; }

if [[ -n ${KEEP_DBS:-} ]]; then
  WORK=$KEEP_DBS
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
if [[ ! -d $WORK/reuters-files ]]; then
  python3 bench/reuters-to-files.py "$WORK/reuters-files" > /dev/null
fi
for corpus in bbc reuters; do
  src=("$SHARED"/bbc/*/)
  [[ $corpus == reuters ]] && src=("$WORK/reuters-files")
  if [[ ! -d $WORK/$corpus-db ]]; then
    "$INDEX" --db "$WORK/$corpus-db" --quiet "${src[@]}" >&2
  fi
  "$SEARCH" --db "$WORK/$corpus-db" --json --no-collapse --limit 0 --facets "$N" "date:1900.." |
    python3 -c '
import json, sys
corpus = sys.argv[1]
r = json.load(sys.stdin)
for facet in ("person", "org", "place"):
    for rank, v in enumerate(r["facets"].get(facet, []), 1):
        print(corpus, facet, rank, v["value"], v["count"], sep="\t")
' "$corpus"
done
