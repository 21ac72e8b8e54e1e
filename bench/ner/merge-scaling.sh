#!/usr/bin/env bash
# How entity extraction's cost grows with the number of names in one text (issue 11, item 6).
#
#   bench/ner/merge-scaling.sh [BUILD_DIR] [N...]     (default build, 25000 50000 100000 200000)
#
# For each N, bench/ner/many-names.py N writes one text of N capitalised names and
# `newsdesk-entities --raw` extracts it (whole process, /usr/bin/time: wall seconds, max RSS).
# The peer, in the same run, is the same text cut into files of about 1,000 names each, extracted
# by one process: the same work without one text's merging growing with N. Linear merging keeps
# the ratio one text / split flat as N doubles; a quadratic one doubles it. CPU is user time: on
# a loaded machine it is the steadier figure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BUILD=${1:-build}
shift || true
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(25000 50000 100000 200000)
BIN=$BUILD/indexer/newsdesk-entities
[[ -x $BIN ]] || { echo "merge-scaling: build $BUILD first" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
printf '| names | bytes | one text: wall (s) | CPU (s) | max RSS (MB) | split into 1k-name files: wall (s) | CPU (s) | ratio (CPU) |\n|---|---|---|---|---|---|---|---|\n'
for n in "${SIZES[@]}"; do
  python3 bench/ner/many-names.py "$n" > "$WORK/one.txt"
  rm -rf "$WORK/split" && mkdir "$WORK/split"
  # 8 sentences (32 names) a paragraph: 31 paragraphs make about 1,000 names.
  awk -v dir="$WORK/split" 'BEGIN{RS="\n\n"} {f=sprintf("%s/%06d.txt", dir, int((NR-1)/31)); print > f}' "$WORK/one.txt"
  /usr/bin/time -f '%e %U %M' -o "$WORK/t1" "$BIN" --raw "$WORK/one.txt" > /dev/null
  /usr/bin/time -f '%e %U %M' -o "$WORK/t2" "$BIN" --raw "$WORK"/split/*.txt > /dev/null
  read -r s1 u1 m1 < "$WORK/t1"
  read -r s2 u2 _ < "$WORK/t2"
  awk -v n="$n" -v b="$(stat -c %s "$WORK/one.txt")" -v s1="$s1" -v u1="$u1" -v m1="$m1" \
    -v s2="$s2" -v u2="$u2" \
    'BEGIN{printf "| %d | %d | %.2f | %.2f | %.0f | %.2f | %.2f | %.1f |\n", n, b, s1, u1, m1/1024, s2, u2, (u2>0? u1/u2 : 0)}'
done
