#!/usr/bin/env bash
# What hostile inputs cost (issue 11): whole-process times and peak memory, medians of RUNS, each
# beside a peer of the same size measured in the same run.
#
#   bench/hostile-costs.sh [BUILD_DIR] [RUNS]
#
#  - HTML: one tag with N attributes (N = 10k, 20k, 40k, 80k) through `newsdesk-index --dump`; peer:
#    a page of the same byte size whose tag has 20 attributes and the rest as text.
#  - Wildcards: `s* s* ...` (1, 8 and 340 of them, 340 being 1 KB, the server's query cap) through
#    `newsdesk-search` on an index of ../shared/data/bbc; peer: the one-word query `government`.
# BUILD_DIR defaults to build (the README's); pass another to compare builds of two commits.
# ATTRS="10000 20000" picks the attribute counts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD=${1:-build}
BUILD=$(cd "$BUILD" && pwd)
RUNS=${2:-3}
INDEX=$BUILD/indexer/newsdesk-index
SEARCH=$BUILD/searcher/newsdesk-search
work=bench/out/hostile-costs
mkdir -p "$work"

# median of RUNS runs of "$@": "seconds KB" (exit code ignored: refusals are answers too).
measure() {
  local t
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2>&1 || true
    tail -1 "$work/time"
  done | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %10s %10s   %-28s %10s\n' case seconds "max KB" peer "seconds"
for n in ${ATTRS:-10000 20000 40000 80000}; do
  python3 - "$n" "$work" << 'EOF'
import sys
n, work = int(sys.argv[1]), sys.argv[2]
body = '<p>Kursk troops text after a tag with many attributes.</p>'
many = '<html><body><div ' + ' '.join('a%d="v"' % i for i in range(n)) + '>' + body
few = '<html><body><div ' + ' '.join('a%d="v"' % i for i in range(20)) + '>' + body
few += '<p>' + ('filler words ' * ((len(many) - len(few)) // 13)) + '</p>'
open(f'{work}/attrs-{n}.html', 'w').write(many + '</div></body></html>')
open(f'{work}/peer-{n}.html', 'w').write(few + '</div></body></html>')
EOF
  read -r s kb <<< "$(measure "$INDEX" --dump "$work/attrs-$n.html")"
  read -r ps _ <<< "$(measure "$INDEX" --dump "$work/peer-$n.html")"
  printf '%-34s %10s %10s   %-28s %10s\n' "html: 1 tag, $n attributes" "$s" "$kb" \
    "same size, 20 attributes" "$ps"
done

BBC=../shared/data/bbc
if [ ! -d "$BBC" ]; then
  echo "skipped: wildcards need $BBC, which is absent"
  exit 0
fi
if [ ! -f "$work/bbc/XAPIANDB" ]; then
  rm -rf "$work/bbc.new"
  "$INDEX" --quiet --db "$work/bbc.new" "$BBC" > /dev/null 2>&1
  mv "$work/bbc.new" "$work/bbc"
fi
read -r ps _ <<< "$(measure "$SEARCH" --db "$work/bbc" --json government)"
for n in 1 8 340; do
  q=$(python3 -c "print(' '.join(['s*'] * $n))")
  read -r s kb <<< "$(measure "$SEARCH" --db "$work/bbc" --json -- "$q")"
  printf '%-34s %10s %10s   %-28s %10s\n' "search: $n x s*" "$s" "$kb" "government" "$ps"
done
