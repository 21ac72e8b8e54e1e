#!/usr/bin/env bash
# Query latency on one machine, on 4 local shards and on 4 remote shards (xapian-tcpsrv over
# loopback), side by side in one run (issue 16); then wrk against newsdesk-serve on the remote
# cluster.
#
#   bench/cluster.sh [CORPUS_DIR] [WRK_SECONDS]   (default: ../shared/data/bbc, 30 s)
#
# Indexes CORPUS_DIR twice (--shards 1 and --shards 4), serves each of the 4 shards with its own
# xapian-tcpsrv on 127.0.0.1, and answers the 200 queries of bench/queries.txt with
# `newsdesk-search --batch --json` on each of: the one-shard database, the 4-shard database, and
# a cluster file of the 4 remote shards. Each batch holds the queries twice; the second pass is
# measured (the first builds the tables a long-running server keeps). Reported: p50, p90, p99 and
# max of the engine's took_ms per query, and each p50 as a ratio to the local one-shard p50 of the
# same run. Then newsdesk-serve on the remote cluster, wrk -c16 (bench/load.lua) for WRK_SECONDS:
# requests/s, latency percentiles, errors and non-200 answers. Also: index size per shard and the
# query node's peak RSS (/usr/bin/time -v) per configuration. With strace installed, also the
# requests one query sends to the remote shards, by message type (bench/remote_requests.py: the
# batch traced once and twice, the difference per query). Results: stdout and
# bench/out/cluster.txt. NEWSDESK_BUILD selects the build directory (default build-release).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CORPUS=$(cd "${1:-${NEWSDESK_SHARED_DATA:-../shared/data}/bbc}" && pwd)
WRK_SECONDS=${2:-30}
BUILD=${NEWSDESK_BUILD:-build-release}
for tool in xapian-tcpsrv wrk python3; do
  command -v "$tool" > /dev/null || { echo "bench: $tool missing (scripts/install-deps.sh --bench)" >&2; exit 77; }
done
if [ ! -x "$BUILD/server/newsdesk-serve" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DNEWSDESK_BUILD_TESTS=OFF > /dev/null
fi
# A directory holding only the binaries (indexer/, searcher/, server/) is used as it is.
if [ -f "$BUILD/CMakeCache.txt" ]; then
  cmake --build "$BUILD" -j2 --target newsdesk-index newsdesk-search newsdesk-serve > /dev/null
fi
INDEX=$BUILD/indexer/newsdesk-index
SEARCH=$BUILD/searcher/newsdesk-search
SERVE=$BUILD/server/newsdesk-serve

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  wait 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p bench/out
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null && return 0; sleep 0.1; done; return 1; }

"$INDEX" --quiet --db "$work/one" --shards 1 "$CORPUS"
"$INDEX" --quiet --db "$work/four" --shards 4 "$CORPUS"
ndocs=$("$INDEX" --db "$work/one" --status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])')
: > "$work/cluster.txt"
echo "timeout 10" >> "$work/cluster.txt"
while read -r _ name; do
  port=$(free_port)
  # setsid: xapian-tcpsrv ends its whole process group on SIGTERM.
  setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" "$work/four/$name" &
  pids+=($!)
  wait_port "$port"
  echo "remote 127.0.0.1:$port" >> "$work/cluster.txt"
done < "$work/four/XAPIANDB"

cat bench/queries.txt bench/queries.txt > "$work/twice.txt"
nq=$(grep -c . bench/queries.txt)
report() {  # LABEL FILE: p50 p90 p99 max of took_ms over the second pass
  python3 - "$1" "$2" "$nq" << 'EOF'
import json, sys
label, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = sorted(json.loads(line)["took_ms"] for line in list(open(path))[n:])
pick = lambda q: t[min(len(t) - 1, int(q * len(t)))]
print(f"{label} {pick(0.5):.2f} {pick(0.9):.2f} {pick(0.99):.2f} {t[-1]:.2f}")
EOF
}
for config in "local-1:$work/one" "local-4:$work/four" "remote-4:$work/cluster.txt"; do
  label=${config%%:*}
  /usr/bin/time -v -o "$work/time.txt" "$SEARCH" --db "${config#*:}" --json --batch "$work/twice.txt" > "$work/$label.jsonl"
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  echo "$(report "$label" "$work/$label.jsonl") $rss" >> "$work/latency"
done

if command -v strace > /dev/null; then
  strace -f -xx -s 1000000 -e trace=write -o "$work/once.strace" "$SEARCH" --db "$work/cluster.txt" --json --batch bench/queries.txt > /dev/null
  strace -f -xx -s 1000000 -e trace=write -o "$work/twice.strace" "$SEARCH" --db "$work/cluster.txt" --json --batch "$work/twice.txt" > /dev/null
  python3 bench/remote_requests.py "$work/once.strace" "$work/twice.strace" "$nq" > "$work/requests.txt"
else
  echo "requests per query: not counted (strace missing)" > "$work/requests.txt"
fi

http=$(free_port)
"$SERVE" --db "$work/cluster.txt" --listen "127.0.0.1:$http" --threads 16 --access-log "$work/access.log" &
pids+=($!)
wait_port "$http"
curl -s "http://127.0.0.1:$http/api/search?q=warm+up" > /dev/null
wrk -t2 -c16 -d5s -s bench/load.lua "http://127.0.0.1:$http" -- bench/queries.txt > /dev/null
: > "$work/access.log"
wrk -t2 -c16 -d"${WRK_SECONDS}s" --latency -s bench/load.lua "http://127.0.0.1:$http" -- bench/queries.txt > "$work/wrk.txt"
non200=$(awk '$(NF-2) != 200' "$work/access.log" | wc -l)

{
  echo "bench/cluster.sh: $ndocs articles of $CORPUS, $nq queries (bench/queries.txt), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  echo "engine took_ms per query, second pass (tables built):"
  printf '%-10s %8s %8s %8s %8s %10s %12s\n' config p50_ms p90_ms p99_ms max_ms p50/local-1 peak_rss_kb
  base=$(awk '$1=="local-1" {print $2}' "$work/latency")
  while read -r label p50 p90 p99 max rss; do
    printf '%-10s %8s %8s %8s %8s %10.2f %12s\n' "$label" "$p50" "$p90" "$p99" "$max" "$(echo "$p50 / $base" | bc -l)" "$rss"
  done < "$work/latency"
  sed 's/^/remote-4 /' "$work/requests.txt"
  echo "index: $(du -sk "$work/one" | cut -f1) kB in one shard; 4 shards: $(for d in "$work"/four/gen-*/shard-*; do du -sk "$d" | cut -f1; done | paste -sd' ') kB"
  echo "wrk -c16 -t2 ${WRK_SECONDS}s against newsdesk-serve --threads 16 on the 4 remote shards:"
  grep -E "Requests/sec|Latency  |50%|90%|99%|Non-2xx|Socket errors|requests in" "$work/wrk.txt" | sed 's/^/  /'
  echo "  non-200 lines in the access log: $non200"
} | tee bench/out/cluster.txt
