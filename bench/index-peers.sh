#!/usr/bin/env bash
# Indexing speed and size side by side with the peers (issue 15), in one run, on one corpus:
#
#   bench/index-peers.sh CORPUS_DIR [RUNS]      (RUNS default 1; medians over the runs)
#
# CORPUS_DIR is the ~100k-article corpus of bench/make-corpus.sh. Each configuration indexes it
# into an empty database, the files in the page cache (a warm-up read first):
#   newsdesk-t2        newsdesk-index --threads 2 (default shards: one per core), entities, stories
#   newsdesk-t1        the same with --threads 1
#   newsdesk-no-ent    --threads 2 --no-entities
#   omindex            Xapian's own indexer (omega), its defaults
#   fts5               SQLite FTS5 through Python (bench/fts5_peer.py build), loading the
#                      articles of a `newsdesk-index --dump --no-entities` made beforehand (the
#                      dump is not timed: the loader does no parsing of its own)
#   xapian-floor       pure Xapian, two writers each on its own database, then xapian-compact
#                      (bench/xapian_floor.py: no entities, stories or sync state)
# then a no-op re-run of the newsdesk-t2 database. Per run: whole-process wall time, CPU use and
# peak RSS (/usr/bin/time -v: for the floor, the largest of its processes). Reported: median wall time,
# documents, docs/s, MB/s of input, peak RSS, index size and index size / input bytes (the
# corpus's bytes on disk), --threads 2 against --threads 1, and what each Xapian table of the
# newsdesk-t2 database holds (summed over its shards). Results: stdout and
# bench/out/index-peers.txt (each run's raw times as they come: bench/out/index-peers-times.txt).
# NEWSDESK_BUILD selects the build directory (default build-release, configured Release here).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CORPUS=$(cd "${1:?usage: bench/index-peers.sh CORPUS_DIR [RUNS]}" && pwd)
RUNS=${2:-1}
BUILD=${NEWSDESK_BUILD:-build-release}
if [ ! -x "$BUILD/indexer/newsdesk-index" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DNEWSDESK_BUILD_TESTS=OFF > /dev/null
fi
cmake --build "$BUILD" -j2 --target newsdesk-index > /dev/null
INDEX=$BUILD/indexer/newsdesk-index
for tool in omindex xapian-compact xapian-delve; do
  command -v $tool > /dev/null || { echo "bench: $tool missing (scripts/install-deps.sh --bench)" >&2; exit 77; }
done
/usr/bin/python3 -c "import xapian, sqlite3" 2> /dev/null ||
  { echo "bench: python3-xapian missing (scripts/install-deps.sh --bench)" >&2; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p bench/out
bytes=$(du -sbL "$CORPUS" | cut -f1)
mb=$(echo "$bytes / 1048576" | bc -l)
find "$CORPUS" -type f -exec cat {} + > /dev/null  # warm the page cache
"$INDEX" --dump --no-entities "$CORPUS" > "$work/articles.jsonl" 2> /dev/null

# timed LABEL CMD...: appends "LABEL wall_s peak_rss_kb cpu_percent" to $work/times
timed() {
  local label=$1; shift
  /usr/bin/time -v -o "$work/time.txt" "$@" > "$work/stdout.txt" 2> "$work/stderr.txt" || {
    cat "$work/stderr.txt" >&2; return 1; }
  awk -v l="$label" -F': ' '
    /Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; w=s}
    /Maximum resident set size/ {r=$2}
    /Percent of CPU this job got/ {c=$2+0}
    END {print l, w, r, c}' "$work/time.txt" | tee -a bench/out/index-peers-times.txt >> "$work/times"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
xapian_docs() { xapian-delve "$1" | awk -F'= ' '/number of documents/ {print $2}'; }

docs_of() {
  case $1 in
    newsdesk-*) xapian_docs "$work/$1/XAPIANDB" ;;
    omindex|xapian-floor) xapian_docs "$work/$1" ;;
    fts5) /usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from docs').fetchone()[0])" "$work/fts5" ;;
  esac
}
report() {
  local label=$1 wall rss cpu size docs
  wall=$(awk -v l="$label" '$1==l {print $2}' "$work/times" | median)
  rss=$(awk -v l="$label" '$1==l {print $3}' "$work/times" | median)
  cpu=$(awk -v l="$label" '$1==l {print $4}' "$work/times" | median)
  size=$(du -sbL "$work/$label" | cut -f1)
  docs=$(docs_of "$label")
  printf "%-16s %8.1f s %4.0f%% CPU %7d docs %7.0f docs/s %6.2f MB/s %7.1f MB RSS %8.1f MB index (%.2fx input)\n" \
    "$label" "$wall" "$cpu" "$docs" "$(echo "$docs / $wall" | bc -l)" "$(echo "$mb / $wall" | bc -l)" \
    "$(echo "$rss / 1024" | bc -l)" "$(echo "$size / 1048576" | bc -l)" "$(echo "$size / $bytes" | bc -l)"
}
summary() {
  {
  echo "newsdesk and peers, indexing — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "corpus: $CORPUS, $(find "$CORPUS" -type f | wc -l) files, $(printf %.1f "$mb") MB; medians over $1 of $RUNS run(s)"
  for label in newsdesk-t2 newsdesk-t1 newsdesk-no-ent omindex fts5 xapian-floor; do report "$label"; done
  full=$(awk '$1=="newsdesk-t2" {print $2}' "$work/times" | median)
  t1=$(awk '$1=="newsdesk-t1" {print $2}' "$work/times" | median)
  nop=$(awk '$1=="no-op" {print $2}' "$work/times" | median)
  printf -- "--threads 2 vs --threads 1: %.2fx faster\n" "$(echo "$t1 / $full" | bc -l)"
  printf "newsdesk-t2 tables (all shards):"
  for table in docdata postlist termlist position; do
    printf " %s %.1f MB" "$table" "$(find "$work/newsdesk-t2" -name "$table.glass" -printf '%s\n' |
      awk '{s+=$1} END {print s/1048576}')"
  done
  echo
  printf "no-op re-run (newsdesk-t2 database): %.2f s, %.1f%% of its full index\n" "$nop" "$(echo "100 * $nop / $full" | bc -l)"
  } > bench/out/index-peers.txt
  cat bench/out/index-peers.txt
}

: > bench/out/index-peers-times.txt
for i in $(seq "$RUNS"); do
  for c in "newsdesk-t2:--threads 2" "newsdesk-t1:--threads 1" "newsdesk-no-ent:--threads 2 --no-entities"; do
    label=${c%%:*}
    rm -rf "$work/$label"
    # shellcheck disable=SC2086
    timed "$label" "$INDEX" --quiet --db "$work/$label" ${c#*:} "$CORPUS"
  done
  rm -rf "$work/omindex"
  timed omindex omindex --db "$work/omindex" --url / "$CORPUS"
  rm -f "$work/fts5"
  timed fts5 sh -c "/usr/bin/python3 bench/fts5_peer.py build '$work/fts5' < '$work/articles.jsonl'"
  rm -rf "$work/xapian-floor"
  timed xapian-floor /usr/bin/python3 bench/xapian_floor.py "$work/xapian-floor" "$CORPUS"
  timed no-op "$INDEX" --quiet --db "$work/newsdesk-t2" "$CORPUS"
  summary "$i"  # after every run, so that an interrupted bench still says what it measured
done

