#!/usr/bin/env bash
# What entity extraction costs the indexer: newsdesk-index over the BBC set
# (../shared/data/bbc/<category>/) into a fresh database, with entities (the default) and with the
# hidden --no-entities switch (only for this measurement), alternating the two, RUNS runs each
# (default 5). Whole-process wall-clock and CPU (user + system) times and maximum resident set
# size from /usr/bin/time -v; medians. Prints a Markdown table. The bar (issue 4): with entities
# within 2x the time without. Build with -DCMAKE_BUILD_TYPE=Release first.
#
#   bench/ner/index-cost.sh [BUILD_DIR]        (default build-rel)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BUILD=${1:-build-rel}
SHARED=${NEWSDESK_SHARED_DATA:-../shared/data}
INDEX=$BUILD/indexer/newsdesk-index
RUNS=${RUNS:-5}
[[ -x $INDEX ]] || { echo "index-cost: build $INDEX first (a Release build)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "index-cost: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
BBC=("$SHARED"/bbc/*/)
[[ -d ${BBC[0]} ]] || { echo "index-cost: no BBC set under $SHARED/bbc" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# One run: prints "wall cpu maxrss_kb".
run_once() {
    rm -rf "$WORK/db"
    /usr/bin/time -v -o "$WORK/time" "$INDEX" --db "$WORK/db" --quiet "$@" "${BBC[@]}" >/dev/null
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
        /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { r = $2 }
        END { printf "%.3f %.3f %d\n", w, u + s, r }' "$WORK/time"
}

for ((i = 0; i < RUNS; i++)); do
    run_once >>"$WORK/with"
    run_once --no-entities >>"$WORK/without"
done

/usr/bin/python3 - "$WORK/with" "$WORK/without" "${BBC[@]}" <<'PY'
import os, statistics, sys
def load(path):
    rows = [tuple(float(x) for x in line.split()) for line in open(path)]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
w_wall, w_cpu, w_rss = load(sys.argv[1])
n_wall, n_cpu, n_rss = load(sys.argv[2])
files = [os.path.join(d, f) for d in sys.argv[3:] for f in os.listdir(d)]
size = sum(os.path.getsize(f) for f in files)
med = statistics.median
print(f"{len(files)} files, {size} bytes; {len(w_wall)} runs of each, alternating; "
      f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end.\n")
print("| newsdesk-index | wall median (s) | MB/s | CPU median (s) | max RSS median (MB) |")
print("|---|---|---|---|---|")
for name, wall, cpu, rss in (("with entities", w_wall, w_cpu, w_rss),
                             ("--no-entities", n_wall, n_cpu, n_rss)):
    print(f"| {name} | {med(wall):.2f} | {size / 1e6 / med(wall):.2f} | {med(cpu):.2f} | "
          f"{med(rss) / 1024:.0f} |")
print(f"\nWith entities / without: wall **{med(w_wall) / med(n_wall):.2f}x**, "
      f"CPU {med(w_cpu) / med(n_cpu):.2f}x (the bar is 2x).")
print(f"Wall times with (s): {' '.join(f'{x:.2f}' for x in w_wall)}; "
      f"without: {' '.join(f'{x:.2f}' for x in n_wall)}.")
PY
