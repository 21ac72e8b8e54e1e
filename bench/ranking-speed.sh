#!/usr/bin/env bash
# What the ranking costs (issue 17): the same build and database, bench/queries.txt through one
# `newsdesk-search --batch` process (facets, snippets, collapsing on, as bench/search-speed.sh
# runs it), with three rankings in turn, RUNS rounds, medians of each round's p50/p99 took_ms:
#   shipped     newsdesk's defaults (InEB2, headline boost, selective feedback)
#   bm25-plain  the ranking before issue 17 (BM25 k1 1.2 b 0.5, no feedback): the reference
#   no-feedback the defaults without feedback (InEB2 and the headline boost alone)
#   fb-always   the defaults with the feedback gate open for every query (its worst case)
#
#   bench/ranking-speed.sh DB [RUNS]
#
# DB: a newsdesk database of the bench corpus (bench/search-speed.sh builds one under
# bench/out/search-speed/db). The build is $NEWSDESK_BUILD_DIR (default build-release).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DB=${1:?usage: bench/ranking-speed.sh DB [RUNS]}
RUNS=${2:-5}
BUILD=${NEWSDESK_BUILD_DIR:-build-release}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DNEWSDESK_BUILD_TESTS=OFF > /dev/null
cmake --build "$BUILD" -j2 --target newsdesk-search > /dev/null
SEARCH=$BUILD/searcher/newsdesk-search
work=bench/out/ranking-speed
mkdir -p "$work"
declare -A spec=(
  [shipped]=""
  [bm25-plain]="scheme=bm25 k1=1.2 b=0.5 title_real=0 fb=0"
  [no-feedback]="fb=0"
  [fb-always]="fb_ratio=0 fb_min_docs=0"
)
names=(shipped bm25-plain no-feedback fb-always)
stats() {  # stdin: latencies in ms -> "p50 p99"
  sort -n | awk '{a[NR]=$1} END {printf "%.3f %.3f\n", a[int(NR*0.50+0.5)], a[int(NR*0.99+0.5)]}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for n in "${names[@]}"; do : > "$work/$n.runs"; done
"$SEARCH" --db "$DB" --batch bench/queries.txt > /dev/null  # warm the page cache
loadavg=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$RUNS"); do
  for n in "${names[@]}"; do
    NEWSDESK_RANKING="${spec[$n]}" "$SEARCH" --db "$DB" --batch bench/queries.txt |
      /usr/bin/python3 -c 'import sys,json; [print(json.loads(l)["took_ms"]) for l in sys.stdin]' |
      stats >> "$work/$n.runs"
  done
done
echo "ranking speed — $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD), $DB"
echo "200 queries (bench/queries.txt), one --batch process each, medians over $RUNS rounds;" \
  "load average at the start: $loadavg"
ref50=$(awk '{print $1}' "$work/bm25-plain.runs" | median)
for n in "${names[@]}"; do
  p50=$(awk '{print $1}' "$work/$n.runs" | median)
  p99=$(awk '{print $2}' "$work/$n.runs" | median)
  printf "%-12s p50 %7.3f ms  p99 %7.3f ms  p50 ratio to bm25-plain %.2f\n" "$n" "$p50" "$p99" \
    "$(echo "$p50 / $ref50" | bc -l)"
done
