#!/usr/bin/env bash
# Times entity extraction over the BBC set (../shared/data/bbc/*/*.txt): the whole process
# (start-up, reading the files, tokenising, tagging, merging) in one thread, median of RUNS runs
# (default 5). Reports wall-clock and CPU (user + system) time: on a shared machine the CPU time
# is the steadier of the two. Prints a Markdown paragraph.
#
#   bench/ner/speed.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BUILD=${1:-build-ner}
SHARED=${NEWSDESK_SHARED_DATA:-../shared/data}
TOOL=$BUILD/common/newsdesk-train-ner
[[ -x $TOOL ]] || { echo "speed: build $TOOL first (bench/ner/eval.sh builds it)" >&2; exit 1; }
RUNS=${RUNS:-5} /usr/bin/python3 - "$TOOL" "$SHARED"/bbc/*/*.txt <<'PY'
import os, resource, statistics, subprocess, sys, time
tool, files = sys.argv[1], sys.argv[2:]
size = sum(os.path.getsize(f) for f in files)
runs = int(os.environ["RUNS"])
walls, cpus = [], []
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run([tool, "extract", *files], check=True, capture_output=True, text=True)
    walls.append(time.perf_counter() - start)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
wall, cpu = statistics.median(walls), statistics.median(cpus)
print(f"{len(files)} files, {size} bytes; {out.stdout.strip()}.")
print(f"Over {runs} runs: wall-clock median **{wall:.3f} s = {size / 1e6 / wall:.2f} MB/s**, "
      f"CPU median {cpu:.3f} s = {size / 1e6 / cpu:.2f} MB/s (MB = 10^6 bytes; one thread).")
print(f"Wall times (s): {' '.join(f'{w:.3f}' for w in walls)}; load average at the end: "
      f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores. The bar is 5 MB/s.")
PY
