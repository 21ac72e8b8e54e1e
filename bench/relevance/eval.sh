#!/usr/bin/env bash
# Relevance on the TIME test collection (issue 7, item 5): newsdesk against Xapian's defaults
# (omindex + quest) and SQLite FTS5 (bm25, porter), side by side, in one run.
#
#   bench/relevance/eval.sh [--per-query]
#
# Steps: build newsdesk (Release, $NEWSDESK_BUILD_DIR, default build-rel); convert
# ../shared/data/relevance/time ($NEWSDESK_SHARED_DATA/relevance/time) with time-to-files.py;
# index the article files with newsdesk-index and with omindex; run every judged query (lower
# case) through `newsdesk-search --batch --json --limit 1000 --no-collapse`, through quest, and
# through FTS5 (peers.py); score all three runs with metrics.py (MAP, nDCG@10, P@10). The table is
# printed, with the same table for the odd and the even half of the queries (the tune/check
# split), and written into bench/relevance/RESULTS.md between the RESULTS markers with the date
# and commit. Working files: bench/out/relevance/ (runs kept there for inspection).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
HERE=bench/relevance
DATA=${NEWSDESK_SHARED_DATA:-../shared/data}/relevance/time
BUILD=${NEWSDESK_BUILD_DIR:-build-rel}
[ -f "$DATA/TIME.ALL" ] || { echo "eval: $DATA/TIME.ALL absent; nothing to measure" >&2; exit 77; }
for tool in omindex quest; do
  command -v "$tool" > /dev/null || scripts/install-deps.sh --bench > /dev/null
done

cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$BUILD" -j2 --target newsdesk-index newsdesk-search > /dev/null
INDEX=$BUILD/indexer/newsdesk-index
SEARCH=$BUILD/searcher/newsdesk-search

work=bench/out/relevance
rm -rf "$work"
mkdir -p "$work"
/usr/bin/python3 "$HERE/time-to-files.py" "$DATA" "$work"

# newsdesk
"$INDEX" --quiet --db "$work/newsdesk-db" "$work/docs"
collapse=--no-collapse  # story collapsing must not change what is evaluated
[[ $("$SEARCH" --help) == *--no-collapse* ]] || collapse=
cut -f2- "$work/queries.tsv" | tr '[:upper:]' '[:lower:]' |
  "$SEARCH" --db "$work/newsdesk-db" --batch - --json --limit 1000 $collapse > "$work/newsdesk.jsonl"
/usr/bin/python3 - "$work/queries.tsv" "$work/newsdesk.jsonl" > "$work/newsdesk.run" <<'PY'
import json, re, sys
ids = [line.split("\t")[0] for line in open(sys.argv[1], encoding="utf-8")]
answers = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
assert len(ids) == len(answers), "one answer per query expected"
for qid, answer in zip(ids, answers):
    for hit in answer["results"]:
        print("%s\t%d" % (qid, int(re.search(r"time-(\d+)\.txt$", hit["path"]).group(1))))
PY

# Xapian's defaults
omindex --db "$work/omega-db" --url / "$work/docs" > /dev/null
/usr/bin/python3 "$HERE/peers.py" quest "$work/omega-db" "$work/queries.tsv" > "$work/xapian.run"

# SQLite FTS5
/usr/bin/python3 "$HERE/peers.py" fts5 "$work/docs" "$work/queries.tsv" > "$work/fts5.run"

/usr/bin/python3 "$HERE/metrics.py" "$work/qrels.tsv" "newsdesk=$work/newsdesk.run" \
  "Xapian defaults (omindex + quest)=$work/xapian.run" "SQLite FTS5 (bm25, porter)=$work/fts5.run" \
  "$@" | tee "$work/table.md"
# The two halves of the judged queries (odd and even, in collection order): the ranking was tuned
# on one half and checked on the other (RESULTS.md).
for half in odd even; do
  /usr/bin/python3 "$HERE/metrics.py" "$work/qrels.tsv" "newsdesk=$work/newsdesk.run" \
    "Xapian defaults (omindex + quest)=$work/xapian.run" \
    "SQLite FTS5 (bm25, porter)=$work/fts5.run" --queries $half > "$work/table-$half.md"
  printf '\n%s half:\n' "$half"
  cat "$work/table-$half.md"
done

# Write the table into RESULTS.md between the markers (the rest of the file is hand-written).
commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
dirty=$(git status --porcelain --untracked-files=no -- common indexer searcher 2>/dev/null | head -1)
[ -n "$dirty" ] && commit="$commit (with uncommitted changes in common/, indexer/ or searcher/)"
/usr/bin/python3 - "$HERE/RESULTS.md" "$work/table.md" "$work/table-odd.md" "$work/table-even.md" \
  "$(date -u +%Y-%m-%d)" "$commit" <<'PY'
import sys
path, table, odd, even, date, commit = sys.argv[1:]
begin, end = "<!-- RESULTS BEGIN (written by eval.sh) -->", "<!-- RESULTS END -->"
def rows(table):
    return [l for l in open(table, encoding="utf-8").read().splitlines()
            if l.startswith("|") or l.startswith("(")]
block = "\n".join([begin, "Measured %s at commit %s by `bench/relevance/eval.sh`:" % (date, commit), ""]
                  + rows(table)
                  + ["", "The odd half of the judged queries (1st, 3rd, ... in collection order):", ""]
                  + rows(odd)
                  + ["", "The even half (2nd, 4th, ...):", ""] + rows(even) + [end])
try:
    text = open(path, encoding="utf-8").read()
except FileNotFoundError:
    text = "# Relevance on the TIME test collection\n\n%s\n%s\n" % (begin, end)
head, _, rest = text.partition(begin)
_, _, tail = rest.partition(end)
open(path, "w", encoding="utf-8").write(head + block + tail)
PY
