#!/usr/bin/env bash
# Search speed on the ~100k-article bench corpus (issue 7): newsdesk-search --batch with facets,
# snippets and story collapsing on, against SQLite FTS5 (bm25 + snippet()), in one run.
#
#   bench/search-speed.sh [CORPUS_DIR] [RUNS]
#
# CORPUS_DIR defaults to bench/out/corpus, built by bench/make-corpus.sh when missing.
# Per-query latency: newsdesk's own took_ms for each query of bench/queries.txt in one --batch
# process (whole-process time reported beside it); FTS5: time around the same work in one Python
# process (top 10 by bm25 with snippet, plus the exact match count). Medians of p50/p99 over RUNS.
#
# PRIORITY=rt runs both peers (and nothing else) at real-time priority (chrt -f 50, needs root):
# on a shared, loaded machine, time slices lost to other jobs otherwise show up as query latency
# (a 1 ms query can take 20 ms when the scheduler hands the core to someone else). The load
# average at the start is printed either way.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CORPUS=${1:-bench/out/corpus}
RUNS=${2:-3}
scripts/install-deps.sh --bench > /dev/null
if [ ! -d "$CORPUS" ]; then
  [ -x bench/make-corpus.sh ] || { echo "no corpus at $CORPUS and no bench/make-corpus.sh" >&2; exit 1; }
  bench/make-corpus.sh "$CORPUS"
fi
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DNEWSDESK_BUILD_TESTS=OFF > /dev/null
cmake --build build-release -j"$(nproc)" > /dev/null
INDEX=build-release/indexer/newsdesk-index
SEARCH=build-release/searcher/newsdesk-search
mkdir -p bench/out
work=bench/out/search-speed
mkdir -p "$work"

if [ ! -f "$work/db/XAPIANDB" ] || [ "${REINDEX:-0}" = 1 ]; then
  rm -rf "$work/db"
  "$INDEX" --quiet --db "$work/db" "$CORPUS"
fi
if [ ! -f "$work/fts5.db" ] || [ "${REINDEX:-0}" = 1 ]; then
  "$INDEX" --dump "$CORPUS" 2> /dev/null | /usr/bin/python3 bench/fts5_peer.py build "$work/fts5.db"
fi
run=()
priority="normal"
if [ "${PRIORITY:-}" = rt ]; then
  if chrt -f 50 true 2> /dev/null; then
    run=(chrt -f 50); priority="real-time (chrt -f 50)"
  else
    echo "search-speed: cannot use real-time priority here; measuring at normal priority" >&2
  fi
fi
loadavg=$(cut -d' ' -f1-3 /proc/loadavg)
docs=$(/usr/bin/python3 -c 'import xapian,sys; print(xapian.Database(sys.argv[1]).get_doccount())' "$work/db")

stats() {  # stdin: latencies in ms -> "p50 p99"
  sort -n | awk '{a[NR]=$1} END {printf "%.3f %.3f", a[int(NR*0.50+0.5)], a[int(NR*0.99+0.5)]}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: > "$work/nd.runs"; : > "$work/fts.runs"; : > "$work/fts-or.runs"
"$SEARCH" --db "$work/db" --batch bench/queries.txt > /dev/null   # warm the page cache
/usr/bin/python3 bench/fts5_peer.py query "$work/fts5.db" bench/queries.txt > /dev/null
for i in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  "${run[@]}" "$SEARCH" --db "$work/db" --batch bench/queries.txt > "$work/nd.json"
  end=$(date +%s.%N)
  lat=$(/usr/bin/python3 -c 'import sys,json; [print(json.loads(l)["took_ms"]) for l in open(sys.argv[1])]' "$work/nd.json" | stats)
  echo "$lat $(echo "$end - $start" | bc -l)" >> "$work/nd.runs"
  "${run[@]}" /usr/bin/python3 bench/fts5_peer.py query "$work/fts5.db" bench/queries.txt | awk '{print $1}' | stats >> "$work/fts.runs"; echo >> "$work/fts.runs"
  "${run[@]}" /usr/bin/python3 bench/fts5_peer.py query "$work/fts5.db" bench/queries.txt --or | awk '{print $1}' | stats >> "$work/fts-or.runs"; echo >> "$work/fts-or.runs"
done
col() { awk -v c="$2" 'NF {print $c}' "$1" | median; }
nd50=$(col "$work/nd.runs" 1); nd99=$(col "$work/nd.runs" 2); ndwall=$(col "$work/nd.runs" 3)
f50=$(col "$work/fts.runs" 1); f99=$(col "$work/fts.runs" 2)
o50=$(col "$work/fts-or.runs" 1); o99=$(col "$work/fts-or.runs" 2)
{
  echo "search speed — $(date -u +%Y-%m-%d), $(nproc) cores, commit $(git rev-parse --short HEAD)"
  echo "corpus: $CORPUS, $docs articles; 200 queries (bench/queries.txt); medians over $RUNS runs"
  echo "priority: $priority; load average at the start: $loadavg"
  printf "%-44s %9s %9s\n" "" "p50 ms" "p99 ms"
  printf "%-44s %9.3f %9.3f   (whole process %.2f s)\n" "newsdesk --batch (facets, snippets, collapse)" "$nd50" "$nd99" "$ndwall"
  printf "%-44s %9.3f %9.3f\n" "SQLite FTS5 AND (bm25 + snippet + count)" "$f50" "$f99"
  printf "%-44s %9.3f %9.3f\n" "SQLite FTS5 OR  (bm25 + snippet + count)" "$o50" "$o99"
  printf "ratio newsdesk / FTS5 AND: p50 %.2f, p99 %.2f\n" "$(echo "$nd50 / $f50" | bc -l)" "$(echo "$nd99 / $f99" | bc -l)"
} | tee bench/out/search-speed.txt
