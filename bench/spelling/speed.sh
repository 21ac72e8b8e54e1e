#!/usr/bin/env bash
# Time of the spelling lists' queries, one batch per run, against a peer binary in the same run:
#
#   bench/spelling/speed.sh DB LISTS PEER_SEARCH [RUNS]
#
# LISTS as for eval.sh (empty string: the BBC lists; reuters, fresh, reuters-fresh). Every word of
# both lists is one query of a `newsdesk-search --batch --json` run (whole process, wall clock,
# `/usr/bin/time`), taking turns with PEER_SEARCH (e.g. a newsdesk-search built from main) on the
# same database; prints each binary's median over RUNS (default 7) and the ratio.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DB=$1
LISTS=${2:+$2-}
PEER=$3
RUNS=${4:-7}
SEARCH=${NEWSDESK_BUILD_DIR:-build}/searcher/newsdesk-search
words=$(mktemp)
trap 'rm -f "$words"' EXIT
{ grep -v '^#' "bench/spelling/${LISTS}misspellings.tsv" | cut -f1
  grep -v '^#' "bench/spelling/${LISTS}rare-words.txt"; } > "$words"
time_one() {  # binary -> seconds
  /usr/bin/time -f %e "$1" --db "$DB" --batch - --json --limit 0 --facets 0 --no-collapse \
    < "$words" 2>&1 > /dev/null | tail -1
}
ours=() peers=()
for _ in $(seq "$RUNS"); do
  ours+=("$(time_one "$SEARCH")")
  peers+=("$(time_one "$PEER")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
m_ours=$(median "${ours[@]}")
m_peer=$(median "${peers[@]}")
echo "$(wc -l < "$words") queries, $RUNS runs: $SEARCH median ${m_ours}s, $PEER median ${m_peer}s," \
  "ratio $(echo "scale=2; $m_ours / $m_peer" | bc)"
