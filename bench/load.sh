#!/usr/bin/env bash
# Load test of newsdesk-serve's /api/search (issue 6), next to the same queries through
# `newsdesk-search --batch`.
#
#   bench/load.sh [--corpus DIR] [--duration SECONDS] [--connections N] [--threads N]
#                 [--build DIR] [--queries FILE]
#
#   --corpus DIR       articles to index (default: $NEWSDESK_LOAD_CORPUS, else the ~100k-article
#                      corpus of bench/make-corpus.sh, built into ${TMPDIR:-/tmp}/newsdesk-load-corpus
#                      when absent, else the BBC set)
#   --duration S       seconds of measured load (default 60; the record in bench/LOAD.md is 600)
#   --connections N    wrk connections (default 16)
#   --threads N        server worker threads (default: as many as connections, since a
#                      keep-alive connection holds a worker)
#   --build DIR        build directory with the binaries (default build-release; configured and
#                      built when they are missing)
#   --queries FILE     one query per line (default bench/queries.txt)
#
# Indexes the corpus once (kept in bench/out/load/, reused while the corpus path is the same),
# measures --batch over the query file, starts newsdesk-serve on a free loopback port, warms it up
# for 10 s, then runs wrk for the duration. Reports requests/s and latency percentiles, errors
# (wrk's and every non-200 line of the server's access log), and the server's RSS at the start
# and end of the measured run (sampled every 10 s into bench/out/load/rss.tsv). Loopback only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

corpus="${NEWSDESK_LOAD_CORPUS:-}"
duration=60
connections=16
threads=""
build=build-release
queries=bench/queries.txt
while [[ $# -gt 0 ]]; do
  case "$1" in
    --corpus) corpus="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --queries) queries="$2"; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "load.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
threads="${threads:-$connections}"
command -v wrk > /dev/null || { echo "load.sh: wrk not found (apt-get install wrk)" >&2; exit 77; }

# ---- binaries ---------------------------------------------------------------------------------
INDEX="$build/indexer/newsdesk-index" SEARCH="$build/searcher/newsdesk-search"
SERVE="$build/server/newsdesk-serve"
if [[ ! -x "$INDEX" || ! -x "$SEARCH" || ! -x "$SERVE" ]]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DNEWSDESK_BUILD_TESTS=OFF > /dev/null
  cmake --build "$build" -j"$(nproc)" --target newsdesk-index newsdesk-search newsdesk-serve > /dev/null
fi

# ---- corpus and database ----------------------------------------------------------------------
if [[ -z "$corpus" ]]; then
  corpus="${TMPDIR:-/tmp}/newsdesk-load-corpus"
  if [[ ! -d "$corpus" ]]; then
    bench/make-corpus.sh "$corpus" || corpus=""
  fi
  [[ -n "$corpus" && -d "$corpus" ]] || corpus="${NEWSDESK_SHARED_DATA:-../shared/data}/bbc"
fi
[[ -d "$corpus" ]] || { echo "load.sh: no corpus at $corpus" >&2; exit 77; }
corpus="$(cd "$corpus" && pwd)"
out=bench/out/load
mkdir -p "$out"
db="$out/db"
if [[ "$(cat "$out/db.corpus" 2> /dev/null)" != "$corpus" ]]; then
  rm -rf "$db" "$out/db.corpus"
  echo "indexing $corpus ..."
  "$INDEX" --db "$db" --quiet "$corpus"
  echo "$corpus" > "$out/db.corpus"
fi
nqueries="$(grep -c . "$queries")"

# ---- the same queries through --batch ---------------------------------------------------------
passes=5
start=$(date +%s.%N)
for _ in $(seq $passes); do
  "$SEARCH" --db "$db" --batch "$queries" > "$out/batch.jsonl"
done
end=$(date +%s.%N)
batch_errors=$(grep -c '"error"' "$out/batch.jsonl" || true)
read -r batch_qps batch_p50 batch_p99 < <(python3 - "$out/batch.jsonl" "$start" "$end" \
    "$passes" "$nqueries" <<'EOF'
import json, sys
path, start, end, passes, n = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
took = sorted(json.loads(l).get("took_ms", 0) for l in open(path))
pct = lambda p: took[min(len(took) - 1, int(p / 100 * len(took)))]
print(f"{passes * n / (end - start):.1f} {pct(50):.2f} {pct(99):.2f}")
EOF
)

# ---- the server under wrk ---------------------------------------------------------------------
work="$(mktemp -d)"
server_pid=""
sampler_pid=""
cleanup() {
  [[ -n "$sampler_pid" ]] && kill "$sampler_pid" 2> /dev/null || true
  if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2> /dev/null || true; wait "$server_pid" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
"$SERVE" --db "$db" --listen 127.0.0.1:0 --threads "$threads" --access-log "$work/access.log" \
  > "$work/serve.out" 2> "$work/serve.err" &
server_pid=$!
for _ in $(seq 100); do grep -q '^listening on ' "$work/serve.out" && break; sleep 0.1; done
url="$(sed -n 's/^listening on //p' "$work/serve.out")"
[[ "$url" == http://127.0.0.1:* ]] || { cat "$work/serve.err"; echo "load.sh: server did not start" >&2; exit 1; }
articles="$(curl -s "$url/healthz" | sed -n 's/.*"documents":\([0-9]*\).*/\1/p')"
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"; }

echo "warming up for 10 s ($connections connections, $threads server threads) ..."
wrk -t2 -c"$connections" -d10s -s bench/load.lua "$url" -- "$queries" > /dev/null
rss_start=$(rss_kb)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
warm_lines=$(wc -l < "$work/access.log")
( t=0; while sleep 10; do t=$((t + 10)); echo -e "$t\t$(rss_kb)"; done ) > "$out/rss.tsv" &
sampler_pid=$!
echo "measuring for $duration s ..."
wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -s bench/load.lua "$url" \
  -- "$queries" > "$work/wrk.txt"
rss_end=$(rss_kb)
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$sampler_pid" 2> /dev/null || true
sampler_pid=""
health="$(curl -s "$url/healthz" || true)"

get() { awk -v k="$1" '$1 == k {print $2}' "$work/wrk.txt"; }
served=$(( $(wc -l < "$work/access.log") - warm_lines ))
non200=$(tail -n +"$((warm_lines + 1))" "$work/access.log" | awk '$(NF-2) != 200' | wc -l)
cp "$work/wrk.txt" "$out/wrk.txt"

report="$out/report.md"
{
  echo "corpus: $corpus ($articles articles); $nqueries queries from $queries"
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), wrk and the server on the same cores"
  echo "load average (1, 5, 15 min) at the start of the measured run: $load_start; at its end: $load_end"
  echo
  echo "| | requests/s | p50 ms | p99 ms | errors |"
  echo "|---|---|---|---|---|"
  echo "| \`newsdesk-search --batch\` (1 process, 1 thread; p50/p99 of took_ms) | $batch_qps | $batch_p50 | $batch_p99 | $batch_errors |"
  echo "| \`/api/search\`, wrk $connections connections, $threads server threads, ${duration} s | $(get rps) | $(get p50_ms) | $(get p99_ms) | $(( $(get socket_errors) + $(get non2xx) )) wrk, $non200 non-200 of $served logged |"
  echo
  echo "server RSS: $((rss_start / 1024)) MB at the start of the measured run, $((rss_end / 1024)) MB at its end (every 10 s: bench/out/load/rss.tsv); max latency $(get max_ms) ms; after the run: $health"
} | tee "$report"
