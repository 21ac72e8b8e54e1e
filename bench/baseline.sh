#!/usr/bin/env bash
# Foundation speed baseline (issue 2): newsdesk vs Xapian's omindex + quest-equivalent search on
# the BBC set (../shared/data/bbc, 2,225 articles), in one run, side by side; indexing also on
# Reuters-21578 converted to one file per story (issue 3), when ../shared/data has it.
#
#   bench/baseline.sh [RUNS]      (default RUNS=3; medians are reported)
#
# Indexing: whole-process wall time and peak RSS (/usr/bin/time -v) of a fresh full index, median
# over RUNS; docs/s; database size. Search: the 200 queries of bench/queries.txt through
# `newsdesk-search --batch` (one process; per-query `took_ms`) and through bench/xapian_peer.py on
# omindex's database (one process; per-query time around the same work). Results go to stdout and
# bench/out/baseline.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${1:-3}
DATA=${NEWSDESK_SHARED_DATA:-../shared/data}
BBC="$DATA/bbc"
[ -d "$BBC" ] || { echo "bench: $BBC absent; nothing to measure" >&2; exit 77; }
scripts/install-deps.sh --bench > /dev/null
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DNEWSDESK_BUILD_TESTS=OFF > /dev/null
cmake --build build-release -j"$(nproc)" > /dev/null
INDEX=build-release/indexer/newsdesk-index
SEARCH=build-release/searcher/newsdesk-search

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p bench/out
ndocs=$(find "$BBC" -name '*.txt' | wc -l)
mb=$(du -sbL "$BBC" | awk '{printf "%.1f", $1/1048576}')

# time_run LABEL CMD...: appends "label wall_s maxrss_kb" to $work/times
time_run() {
  local label=$1; shift
  /usr/bin/time -v -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || {
    cat "$work/stderr.txt" >&2; return 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  echo "$label $wall $rss" >> "$work/times"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for i in $(seq "$RUNS"); do
  rm -rf "$work/nd" "$work/om"
  time_run newsdesk "$INDEX" --db "$work/nd" "$BBC"
  time_run omindex omindex --db "$work/om" --url / "$BBC"
done

# Reuters-21578 as one file per story (bench/reuters-to-files.py), when the data is there: many
# short articles, where per-article costs show.
REUTERS_DATA="$DATA/reuters21578"
reuters=""
if [ -d "$REUTERS_DATA" ]; then
  reuters="$work/reuters-files"
  /usr/bin/python3 bench/reuters-to-files.py "$reuters" --data "$REUTERS_DATA" > /dev/null
  for i in $(seq "$RUNS"); do
    rm -rf "$work/ndr" "$work/omr"
    time_run newsdesk-reuters "$INDEX" --db "$work/ndr" "$reuters"
    time_run omindex-reuters omindex --db "$work/omr" --url / "$reuters"
  done
fi

report() {
  local label=$1 db=$2 ndocs=${3:-$ndocs} mb=${4:-$mb}
  local wall rss size
  wall=$(awk -v l="$label" '$1==l {print $2}' "$work/times" | median)
  rss=$(awk -v l="$label" '$1==l {print $3}' "$work/times" | median)
  size=$(du -sk "$db" | awk '{printf "%.1f", $1/1024}')
  printf "%-17s %8.2f s %9.0f docs/s %7.2f MB/s %8.1f MB index %8.1f MB peak RSS\n" \
    "$label" "$wall" "$(echo "$ndocs / $wall" | bc -l)" "$(echo "$mb / $wall" | bc -l)" "$size" \
    "$(echo "$rss / 1024" | bc -l)"
}

percentiles() {  # stdin: one latency (ms) per line
  sort -n | awk '{a[NR]=$1; s+=$1} END {
    printf "p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  mean %.3f ms",
      a[int(NR*0.50+0.5)], a[int(NR*0.90+0.5)], a[int(NR*0.99+0.5)], s/NR}'
}

# Search: warm the page cache once, then measure.
"$SEARCH" --db "$work/nd" --batch bench/queries.txt > /dev/null
/usr/bin/python3 bench/xapian_peer.py "$work/om" bench/queries.txt > /dev/null
"$SEARCH" --db "$work/nd" --batch bench/queries.txt |
  /usr/bin/python3 -c 'import sys,json; [print(json.loads(l)["took_ms"]) for l in sys.stdin]' > "$work/nd.lat"
/usr/bin/python3 bench/xapian_peer.py "$work/om" bench/queries.txt | awk '{print $1}' > "$work/om.lat"
nd_batch=$( { /usr/bin/time -f %e "$SEARCH" --db "$work/nd" --batch bench/queries.txt > /dev/null; } 2>&1 )

{
  echo "newsdesk baseline — $(date -u +%Y-%m-%d), $(nproc) cores, $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "BBC set: $ndocs files, $mb MB; indexing medians over $RUNS runs"
  report newsdesk "$work/nd"
  report omindex "$work/om"
  if [ -n "$reuters" ]; then
    rdocs=$(find "$reuters" -type f | wc -l)
    rmb=$(du -sbL "$reuters" | awk '{printf "%.1f", $1/1048576}')
    echo "Reuters-21578 as files: $rdocs stories, $rmb MB; indexing medians over $RUNS runs"
    report newsdesk-reuters "$work/ndr" "$rdocs" "$rmb"
    report omindex-reuters "$work/omr" "$rdocs" "$rmb"
  fi
  echo "Search, 200 queries (bench/queries.txt), top 10 with snippets, exact counts:"
  printf "  newsdesk-search --batch: %s  (whole process %s s)\n" "$(percentiles < "$work/nd.lat")" "$nd_batch"
  printf "  xapian defaults (peer):  %s\n" "$(percentiles < "$work/om.lat")"
} | tee bench/out/baseline.txt
