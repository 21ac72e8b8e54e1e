#!/usr/bin/env bash
# Times entity extraction over the BBC set (../shared/data/bbc/*/*.txt): the whole process
# (start-up, reading the files, extraction with merging), median of RUNS runs (default 5), on one
# core. Prints a Markdown paragraph.
#
#   bench/ner/speed.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BUILD=${1:-build-ner}
RUNS=${RUNS:-5}
SHARED=${NEWSDESK_SHARED_DATA:-../shared/data}
TOOL=$BUILD/common/newsdesk-train-ner
[[ -x $TOOL ]] || { echo "speed: build $TOOL first (bench/ner/eval.sh builds it)" >&2; exit 1; }
mapfile -t files < <(ls "$SHARED"/bbc/*/*.txt)
bytes=$(cat "${files[@]}" | wc -c)
times=()
for _ in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  summary=$(taskset -c 0 "$TOOL" extract "${files[@]}")
  end=$(date +%s.%N)
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
mbs=$(awk -v b="$bytes" -v t="$median" 'BEGIN {printf "%.2f", b / 1e6 / t}')
echo "${#files[@]} files, $bytes bytes ($summary). Whole-process times over $RUNS runs (s):"
echo "$(printf '%s ' "${times[@]}"); median **$median s = $mbs MB/s** (MB = 10^6 bytes), one core"
echo "(\`taskset -c 0\`). The bar is 5 MB/s."
