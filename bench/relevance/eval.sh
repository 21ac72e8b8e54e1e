#!/usr/bin/env bash
# Relevance on three test collections (issue 17): newsdesk against Xapian's defaults (omindex +
# quest) and SQLite FTS5 (bm25, porter), side by side, in one run; newsdesk's settings chosen by
# cross-validation (two collections choose, the third is scored, rotated).
#
#   bench/relevance/eval.sh [--all] [--no-write]
#
# Steps: build newsdesk (Release, $NEWSDESK_BUILD_DIR, default build-rel); convert TIME, CRAN and
# MED from ../shared/data/relevance ($NEWSDESK_SHARED_DATA/relevance) with to-files.py (a
# collection that is absent is skipped, saying so); index each one's files with newsdesk-index
# and with omindex; run every judged query through `newsdesk-search --batch --json --limit 1000
# --no-collapse` once per line of settings.tsv (NEWSDESK_RANKING set to it), through quest and
# through FTS5 (peers.py); crossval.py scores the runs (MAP, nDCG@10, P@10, paired
# randomisation tests) and prints the rotated table. --all adds every setting's scores on every
# collection. The table is written into bench/relevance/RESULTS.md between the RESULTS markers
# with the date and commit (not with --no-write). Working files: bench/out/relevance/.
#
# Held-out queries: point NEWSDESK_SHARED_DATA at a tree whose relevance/time holds other TIME
# queries (TIME.QUE and TIME.REL as in SOURCE.md); TIME is scored with the setting CRAN and MED
# chose, so its queries choose nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
HERE=bench/relevance
DATA=${NEWSDESK_SHARED_DATA:-../shared/data}/relevance
BUILD=${NEWSDESK_BUILD_DIR:-build-rel}
all= write=1
for arg in "$@"; do
  case $arg in
    --all) all=--all ;;
    --no-write) write= ;;
    *) echo "usage: eval.sh [--all] [--no-write]" >&2; exit 2 ;;
  esac
done
for tool in omindex quest; do
  command -v "$tool" > /dev/null || scripts/install-deps.sh --bench > /dev/null
done

cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DNEWSDESK_BUILD_TESTS=OFF > /dev/null
cmake --build "$BUILD" -j2 --target newsdesk-index newsdesk-search > /dev/null
INDEX=$BUILD/indexer/newsdesk-index
SEARCH=$BUILD/searcher/newsdesk-search

work=bench/out/relevance
rm -rf "$work"
mkdir -p "$work"
found=0
for coll in time cran med; do
  src=$DATA/$coll
  if [ ! -f "$src/SOURCE.md" ]; then
    echo "eval: skipped $coll: $src absent" >&2
    continue
  fi
  found=$((found + 1))
  dir=$work/$coll
  /usr/bin/python3 "$HERE/to-files.py" "$coll" "$src" "$dir"
  "$INDEX" --quiet --db "$dir/newsdesk-db" "$dir/docs"
  omindex --db "$dir/omega-db" --url / "$dir/docs" > /dev/null
  /usr/bin/python3 "$HERE/peers.py" quest "$dir/omega-db" "$dir/queries.tsv" > "$dir/xapian.run"
  /usr/bin/python3 "$HERE/peers.py" fts5 "$dir/docs" "$dir/queries.tsv" > "$dir/fts5.run"
  mkdir -p "$dir/nd"
  while IFS=$'\t' read -r name spec; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    # The collections' queries are plain text, not query syntax: newsdesk would refuse an
    # unbalanced parenthesis (MED's "... and 2) giant cell ...") as a malformed query.
    cut -f2- "$dir/queries.tsv" | tr '()' '  ' |
      NEWSDESK_RANKING="$spec" "$SEARCH" --db "$dir/newsdesk-db" --batch - --json --limit 1000 \
        --no-collapse --facets 0 --snippet-bytes 0 |
      /usr/bin/python3 -c '
import json, re, sys
ids = [line.split("\t")[0] for line in open(sys.argv[1], encoding="utf-8")]
answers = [json.loads(line) for line in sys.stdin]
assert len(ids) == len(answers), "one answer per query expected"
for qid, answer in zip(ids, answers):
    if "error" in answer:
        sys.exit("query %s: %s" % (qid, answer["error"]))
    for hit in answer["results"]:
        print("%s\t%d" % (qid, int(re.search(r"-(\d+)\.txt$", hit["path"]).group(1))))
' "$dir/queries.tsv" > "$dir/nd/$name.run"
  done < "$HERE/settings.tsv"
done
[ "$found" -gt 0 ] || { echo "eval: no collection under $DATA; nothing to measure" >&2; exit 77; }

/usr/bin/python3 "$HERE/crossval.py" "$work" "$HERE/settings.tsv" $all | tee "$work/table.md"
[ -n "$write" ] || exit 0

# Write the table into RESULTS.md between the markers (the rest of the file is hand-written).
commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
dirty=$(git status --porcelain --untracked-files=no -- common indexer searcher bench/relevance \
  2>/dev/null | head -1)
[ -n "$dirty" ] && commit="$commit (with uncommitted changes)"
/usr/bin/python3 - "$HERE/RESULTS.md" "$work/table.md" "$(date -u +%Y-%m-%d)" "$commit" <<'PY'
import sys
path, table, date, commit = sys.argv[1:]
begin, end = "<!-- RESULTS BEGIN (written by eval.sh) -->", "<!-- RESULTS END -->"
block = "\n".join([begin, "Measured %s at commit %s by `bench/relevance/eval.sh`:" % (date, commit),
                   "", open(table, encoding="utf-8").read().rstrip(), end])
try:
    text = open(path, encoding="utf-8").read()
except FileNotFoundError:
    text = "# Relevance\n\n%s\n%s\n" % (begin, end)
head, _, rest = text.partition(begin)
_, _, tail = rest.partition(end)
open(path, "w", encoding="utf-8").write(head + block + tail)
PY
