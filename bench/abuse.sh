#!/usr/bin/env bash
# newsdesk-serve under abuse (issue 11), beside the load test (bench/load.sh): on loopback, in
# bounded loops of SECONDS each, with /healthz asked every 100 ms throughout:
#   1. 50 slow-header connections (a header line every 2 s, never finished);
#   2. 8 parallel expensive queries (eight wildcards, long phrases, NEARs, 100 words, ...);
#   3. range floods (8 clients, 2,001-part Range headers on /app.js);
#   4. 10,000 hostile query strings (bad dates, wildcards, brackets, bytes that are not UTF-8).
# A first round of all four at a third of the length (2,000 other hostile queries) brings the
# server to its steady state; the measured round passes when every /healthz answered 200 within
# 1 s, the server stayed up, and its RSS after the round is within 10% of before it.
#
#   bench/abuse.sh [BUILD_DIR] [SECONDS]      (defaults: build, 15)
#
# The database: ../shared/data/bbc indexed into bench/out/abuse/ (the sample corpus/ without it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD=${1:-build}
SECONDS_EACH=${2:-15}
work=bench/out/abuse
mkdir -p "$work"
data=../shared/data/bbc
[ -d "$data" ] || data=corpus
if [ ! -f "$work/db/XAPIANDB" ]; then
  rm -rf "$work/db.new"
  "$BUILD/indexer/newsdesk-index" --quiet --db "$work/db.new" "$data" > /dev/null 2>&1 || true
  mv "$work/db.new" "$work/db"
fi
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); data: $data"
exec python3 bench/abuse.py "$BUILD/server/newsdesk-serve" "$work/db" "$SECONDS_EACH"
