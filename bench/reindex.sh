#!/usr/bin/env bash
# Re-index benchmark (issue 5) on the ~100k-article corpus of bench/make-corpus.sh:
#
#   bench/reindex.sh CORPUS_DIR [THREADS]
#
# 1. full index into an empty database;
# 2. no-op re-run over the same files (nothing changed: the target is < 5% of 1.);
# 3. a night's changes — 500 files deleted, 500 changed (a paragraph added), 500 touched (same
#    bytes, new mtime), 500 added (copies of existing ones with a new paragraph, in a new
#    folder), 100 JSON Lines records removed and 100 added in one file — then a re-run;
# 4. --compact on its own (a no-op run plus compaction).
# Each run: wall time and peak RSS from /usr/bin/time -v, counts from --json. The corpus is not
# modified: runs index a hard-linked copy in a temporary directory, and changes replace files
# (new inodes) instead of writing into them. Results go to stdout and bench/out/reindex.txt.
# NEWSDESK_BUILD selects the build directory (default build-release, configured Release here).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CORPUS=$(cd "${1:?usage: bench/reindex.sh CORPUS_DIR [THREADS]}" && pwd)
THREADS=${2:-}
BUILD=${NEWSDESK_BUILD:-build-release}
if [ ! -x "$BUILD/indexer/newsdesk-index" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DNEWSDESK_BUILD_TESTS=OFF > /dev/null
fi
cmake --build "$BUILD" -j2 --target newsdesk-index > /dev/null
INDEX=$BUILD/indexer/newsdesk-index
threads_opt=()
[ -n "$THREADS" ] && threads_opt=(--threads "$THREADS")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -al "$CORPUS" "$work/corpus"
mkdir -p bench/out
out=bench/out/reindex.txt

# timed LABEL ARGS...: runs the indexer, appends "LABEL wall_s rss_kb" to $work/times and keeps
# its JSON report as $work/LABEL.json.
timed() {
  local label=$1; shift
  /usr/bin/time -v -o "$work/time.txt" "$INDEX" --db "$work/db" --json "${threads_opt[@]}" "$@" \
    "$work/corpus" > "$work/$label.json"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  echo "$label $wall $rss" >> "$work/times"
}

counts() {  # the report's counts in one line
  /usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(" ".join(f"{k}={r[k]}" for k in ("files_seen", "files_read", "added", "updated", "unchanged",
      "deleted", "moved", "skipped", "failed")))' "$1"
}

# A night of changes, deterministic (every 40th file, in sorted order, and so on).
night() {
  /usr/bin/python3 - "$work/corpus" <<'PY'
import os, sys
root = sys.argv[1]
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith('.txt'))
def replace(path, data):  # a new inode: the hard-linked original stays as it is
    tmp = path + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(data)
    os.replace(tmp, path)
picked = files[::40]
deleted, changed, touched, copied = picked[0:500], picked[500:1000], picked[1000:1500], picked[1500:2000]
for p in deleted:
    os.remove(p)
for p in changed:
    replace(p, open(p, 'rb').read() + b'\n\nThis story was updated overnight with new figures.\n')
for p in touched:
    replace(p, open(p, 'rb').read())
os.makedirs(os.path.join(root, 'late'), exist_ok=True)
for i, p in enumerate(copied):
    data = open(p, 'rb').read() + b'\n\nA late addition to the story, filed after midnight.\n'
    with open(os.path.join(root, 'late', f'{i:04d}.txt'), 'wb') as f:
        f.write(data)
jsonl = os.path.join(root, 'rewrites-4-jsonl', 'bbc-business.jsonl')
lines = open(jsonl, 'rb').read().splitlines(keepends=True)
extra = [l.replace(b'"url": "https://bench.invalid/', b'"url": "https://bench.invalid/late/')
         for l in lines[100:200]]
replace(jsonl, b''.join(lines[100:] + extra))
PY
}

articles=$(/usr/bin/python3 -c '
import os, sys
n = 0
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        p = os.path.join(d, f)
        n += sum(1 for _ in open(p, "rb")) if f.endswith(".jsonl") else 1
print(n)' "$CORPUS")
files=$(find "$CORPUS" -type f | wc -l)
mb=$(du -sbL "$CORPUS" | awk '{printf "%.0f", $1/1048576}')

timed full
timed noop
night
timed night
timed compact --compact

{
  echo "# newsdesk-index re-index benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "corpus: $CORPUS: $files files, $articles articles, $mb MB (bench/make-corpus.sh)"
  echo "threads: ${THREADS:-default}; database after the runs: $(du -sm "$work/db" | cut -f1) MB"
  echo
  printf "%-8s %9s %12s  %s\n" run "wall s" "peak RSS MB" counts
  while read -r label wall rss; do
    printf "%-8s %9.2f %12.1f  %s\n" "$label" "$wall" "$(echo "$rss / 1024" | bc -l)" \
      "$(counts "$work/$label.json")"
  done < "$work/times"
  full=$(awk '$1=="full" {print $2}' "$work/times")
  noop=$(awk '$1=="noop" {print $2}' "$work/times")
  echo
  printf "no-op re-run: %.2f%% of the full index (target < 5%%); full index %.0f articles/s\n" \
    "$(echo "100 * $noop / $full" | bc -l)" "$(echo "$articles / $full" | bc -l)"
} | tee "$out"
