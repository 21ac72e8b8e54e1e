#!/usr/bin/env bash
# Does reading query words whatever their case cost relevance? (issue 13, item 1)
#
#   bench/query/case-map.sh NAME=SEARCH_BINARY [NAME=SEARCH_BINARY ...]
#
# Indexes the TIME test collection (../shared/data/relevance/time, $NEWSDESK_SHARED_DATA) once
# with build/indexer/newsdesk-index ($NEWSDESK_BUILD_DIR), then runs every judged query through
# each newsdesk-search given (e.g. one built from main and one from a branch) three ways: in lower
# case (as bench/relevance/eval.sh does), as the collection types them (capitals), and with
# each query's first letter capitalised (as a person starts a sentence). Prints MAP, nDCG@10 and
# P@10 per binary and casing (bench/relevance/metrics.py). Working files: bench/out/query-case/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DATA=${NEWSDESK_SHARED_DATA:-../shared/data}/relevance/time
BUILD=${NEWSDESK_BUILD_DIR:-build}
[ -f "$DATA/TIME.ALL" ] || { echo "case-map: $DATA/TIME.ALL absent; nothing to measure" >&2; exit 77; }
[ $# -ge 1 ] || { echo "usage: $0 NAME=SEARCH_BINARY..." >&2; exit 2; }
work=bench/out/query-case
rm -rf "$work"
mkdir -p "$work"
/usr/bin/python3 bench/relevance/time-to-files.py "$DATA" "$work"
"$BUILD/indexer/newsdesk-index" --quiet --db "$work/db" "$work/docs"
runs=()
for spec in "$@"; do
  name=${spec%%=*}
  bin=${spec#*=}
  for casing in lower typed initial; do
    case $casing in
      lower) cut -f2- "$work/queries.tsv" | tr '[:upper:]' '[:lower:]' ;;
      typed) cut -f2- "$work/queries.tsv" ;;
      initial) cut -f2- "$work/queries.tsv" | tr '[:upper:]' '[:lower:]' | sed 's/^./\U&/' ;;
    esac > "$work/queries-$casing.txt"
    "$bin" --db "$work/db" --batch "$work/queries-$casing.txt" --json --limit 1000 --no-collapse \
      > "$work/$name-$casing.jsonl" || true
    /usr/bin/python3 - "$work/queries.tsv" "$work/$name-$casing.jsonl" > "$work/$name-$casing.run" <<'PY'
import json, re, sys
ids = [line.split("\t")[0] for line in open(sys.argv[1], encoding="utf-8")]
answers = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
assert len(ids) == len(answers), "one answer per query expected"
for qid, answer in zip(ids, answers):
    for hit in answer.get("results", []):
        print("%s\t%d" % (qid, int(re.search(r"time-(\d+)\.txt$", hit["path"]).group(1))))
PY
    runs+=("$name, $casing=$work/$name-$casing.run")
  done
done
/usr/bin/python3 bench/relevance/metrics.py "$work/qrels.tsv" "${runs[@]}"
