#!/usr/bin/env bash
# Sharded indexing side by side (issue 15), in one run, on one corpus:
#
#   bench/shards.sh [CORPUS_DIR] [RUNS]     (default: ../shared/data/bbc, RUNS=3; medians)
#
# Full index into an empty database (it ends compacted) with --shards 1 and --shards 2, each
# with --threads 2 and --threads 1; --no-entities --shards 2; Xapian's omindex on the same files;
# then a no-op re-run of the --shards 2 database. Per run: whole-process wall time and peak RSS
# (/usr/bin/time -v). Reported: median wall time, docs/s, MB/s of input, peak RSS, index size and
# index size / input, and each configuration's time as a ratio to omindex measured in the same
# run (absolute figures swing with the machine's load; ratios much less). For the ~100k corpus,
# build it with bench/make-corpus.sh and give its directory. Results: stdout and
# bench/out/shards.txt. NEWSDESK_BUILD selects the build directory (default build-release).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CORPUS=$(cd "${1:-${NEWSDESK_SHARED_DATA:-../shared/data}/bbc}" && pwd)
RUNS=${2:-3}
BUILD=${NEWSDESK_BUILD:-build-release}
if [ ! -x "$BUILD/indexer/newsdesk-index" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DNEWSDESK_BUILD_TESTS=OFF > /dev/null
fi
cmake --build "$BUILD" -j2 --target newsdesk-index > /dev/null
INDEX=$BUILD/indexer/newsdesk-index
command -v omindex > /dev/null || { echo "bench: omindex missing (scripts/install-deps.sh --bench)" >&2; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p bench/out
ndocs=$(find "$CORPUS" -type f | wc -l)
bytes=$(du -sbL "$CORPUS" | cut -f1)
mb=$(echo "$bytes / 1048576" | bc -l)

# timed LABEL CMD...: appends "LABEL wall_s rss_kb" to $work/times
timed() {
  local label=$1; shift
  /usr/bin/time -v -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || {
    cat "$work/stderr.txt" >&2; return 1; }
  awk -v l="$label" -F': ' '
    /Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; w=s}
    /Maximum resident set size/ {r=$2}
    END {print l, w, r}' "$work/time.txt" >> "$work/times"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

configs=("s1-t2:--shards 1 --threads 2" "s2-t2:--shards 2 --threads 2" "s1-t1:--shards 1 --threads 1"
         "s2-t1:--shards 2 --threads 1" "s2-t2-no-entities:--shards 2 --threads 2 --no-entities")
for i in $(seq "$RUNS"); do
  for c in "${configs[@]}"; do
    label=${c%%:*}
    rm -rf "$work/$label"
    # shellcheck disable=SC2086
    timed "$label" "$INDEX" --quiet --db "$work/$label" ${c#*:} "$CORPUS"
  done
  rm -rf "$work/omindex"
  timed omindex omindex --db "$work/omindex" --url / "$CORPUS"
  timed no-op "$INDEX" --quiet --db "$work/s2-t2" "$CORPUS"
done

om=$(awk '$1=="omindex" {print $2}' "$work/times" | median)
full=$(awk '$1=="s2-t2" {print $2}' "$work/times" | median)
report() {
  local label=$1 db=${2:-$work/$1}
  local wall rss size
  wall=$(awk -v l="$label" '$1==l {print $2}' "$work/times" | median)
  rss=$(awk -v l="$label" '$1==l {print $3}' "$work/times" | median)
  size=$(du -sbL "$db" | cut -f1)
  printf "%-19s %8.2f s %8.0f docs/s %6.2f MB/s %7.1f MB RSS %7.1f MB index (%.2fx input) %5.2fx omindex's time\n" \
    "$label" "$wall" "$(echo "$ndocs / $wall" | bc -l)" "$(echo "$mb / $wall" | bc -l)" \
    "$(echo "$rss / 1024" | bc -l)" "$(echo "$size / 1048576" | bc -l)" "$(echo "$size / $bytes" | bc -l)" \
    "$(echo "$wall / $om" | bc -l)"
}
{
  echo "newsdesk shards — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "corpus: $CORPUS, $ndocs files, $(printf %.1f "$mb") MB; medians over $RUNS runs"
  for c in "${configs[@]}"; do report "${c%%:*}"; done
  report omindex
  nop=$(awk '$1=="no-op" {print $2}' "$work/times" | median)
  printf "no-op re-run (s2-t2 database): %.2f s, %.1f%% of its full index\n" "$nop" "$(echo "100 * $nop / $full" | bc -l)"
  t1=$(awk '$1=="s2-t1" {print $2}' "$work/times" | median)
  printf -- "--threads 2 vs --threads 1 (2 shards): %.2fx\n" "$(echo "$t1 / $full" | bc -l)"
} | tee bench/out/shards.txt
