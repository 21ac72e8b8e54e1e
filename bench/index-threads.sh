#!/usr/bin/env bash
# Where newsdesk-index spends its CPU, thread by thread (issue 15: which thread limits --threads):
#
#   bench/index-threads.sh [CORPUS_DIR] [THREADS]   (default: ../shared/data/bbc, --threads 1)
#
# Indexes CORPUS_DIR into an empty database under perf(1) (perf record -F 499 -g) and prints each
# thread's share of the CPU samples with its five heaviest functions. The threads: the main one
# (walk, story detection, feeding the writers), THREADS parsers (reading, cleaning, entities,
# building documents) and one writer per shard (Xapian). Shares of CPU samples do not depend
# much on the machine's load, unlike wall times. NEWSDESK_BUILD selects the build directory
# (default build-release, configured Release here).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CORPUS=$(cd "${1:-${NEWSDESK_SHARED_DATA:-../shared/data}/bbc}" && pwd)
THREADS=${2:-1}
BUILD=${NEWSDESK_BUILD:-build-release}
command -v perf > /dev/null || { echo "bench: perf missing (apt-get install linux-perf)" >&2; exit 77; }
if [ ! -x "$BUILD/indexer/newsdesk-index" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DNEWSDESK_BUILD_TESTS=OFF > /dev/null
fi
cmake --build "$BUILD" -j2 --target newsdesk-index > /dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
perf record -q -F 499 -g -o "$work/perf.data" -- \
  "$BUILD/indexer/newsdesk-index" --quiet --db "$work/db" --threads "$THREADS" "$CORPUS" > /dev/null
echo "newsdesk-index --threads $THREADS on $CORPUS: CPU samples by thread"
perf report -i "$work/perf.data" --no-children --sort pid --stdio -g none 2> /dev/null |
  grep -v '^#' | grep -v '^$' > "$work/threads.txt" || true
while read -r share tid; do
  echo "$share  thread ${tid%%:*}"
  { perf report -i "$work/perf.data" --no-children --tid "${tid%%:*}" --sort dso,symbol --stdio \
      -g none 2> /dev/null || true; } | grep -v '^#' | grep -v '^$' | sed -n 1,5p | cut -c1-110 |
    sed 's/^/      /'
done < "$work/threads.txt"
