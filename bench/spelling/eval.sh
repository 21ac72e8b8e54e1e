#!/usr/bin/env bash
# Spelling suggestions on hand-written lists (issue 13, item 4):
#   misspellings.tsv  40 realistic misspellings and the word meant: the share corrected
#   rare-words.txt    40 correct words the archive holds rarely: the share wrongly "corrected"
#
#   bench/spelling/eval.sh [DB] [LISTS]
#
# LISTS names the pair of lists: empty (default) for the BBC ones above, `reuters` for
# reuters-misspellings.tsv and reuters-rare-words.txt, written for Reuters-21578 (the held-out
# check: the rules were shaped on the BBC lists). Give DB then: an index of Reuters-21578's
# stories as files (bench/reuters-to-files.py OUT; newsdesk-index --db DB OUT).
#
# DB defaults to an index of the BBC set (../shared/data/bbc, $NEWSDESK_SHARED_DATA) built once
# into bench/out/spelling/bbc-db with $NEWSDESK_BUILD_DIR (default build). Each word is one query
# through `newsdesk-search --batch --json`; a misspelling counts as corrected when the suggestion
# is the word meant (case aside), a rare word as wrongly corrected when it gets any suggestion.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
HERE=bench/spelling
BUILD=${NEWSDESK_BUILD_DIR:-build}
DB=${1:-}
LISTS=${2:+$2-}
if [ -z "$DB" ]; then
  DATA=${NEWSDESK_SHARED_DATA:-../shared/data}/bbc
  [ -d "$DATA" ] || { echo "spelling: $DATA absent; nothing to measure" >&2; exit 77; }
  DB=bench/out/spelling/bbc-db
  [ -e "$DB" ] || { mkdir -p bench/out/spelling; "$BUILD/indexer/newsdesk-index" --quiet --db "$DB" "$DATA" || true; }
fi
SEARCH=$BUILD/searcher/newsdesk-search
"$SEARCH" --db "$DB" --limit 0 check > /dev/null  # fails here, saying why, on a bad database
ask() {  # words on stdin -> one suggestion (or "null") per line
  "$SEARCH" --db "$DB" --batch - --json --limit 0 --facets 0 --no-collapse |
    /usr/bin/python3 -c 'import json, sys
for line in sys.stdin:
    print(json.loads(line).get("suggestion") or "null")'
}
typos=$(grep -v '^#' "$HERE/${LISTS}misspellings.tsv")
rare=$(grep -v '^#' "$HERE/${LISTS}rare-words.txt")
paste <(cut -f1 <<< "$typos") <(cut -f2 <<< "$typos") <(cut -f1 <<< "$typos" | ask) |
  awk -F'\t' '{ n++; if (tolower($3) == tolower($2)) ok++; else printf "  missed: %s -> %s (wanted %s)\n", $1, $3, $2 }
    END { printf "misspellings corrected: %d/%d (%.0f%%)\n", ok, n, 100 * ok / n }'
paste <(cat <<< "$rare") <(ask <<< "$rare") |
  awk -F'\t' '{ n++; if ($2 != "null") { bad++; printf "  wrongly corrected: %s -> %s\n", $1, $2 } }
    END { printf "rare words wrongly corrected: %d/%d (%.0f%%)\n", bad, n, 100 * bad / n }'
