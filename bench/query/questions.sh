#!/usr/bin/env bash
# Counts of natural-language questions (issue 13, item 2): how many results a question of five or
# more words (stopwords aside) reports, and how much of its first page changes, per binary.
#
#   bench/query/questions.sh DB NAME=SEARCH_BINARY [NAME=SEARCH_BINARY ...]
#
# DB: a newsdesk database (e.g. of ../shared/data/bbc). Runs each question of
# bench/query/questions.txt (written before the change it measures) through each binary, and
# prints per question: total and total_partial per binary, and the share of the first binary's
# top 10 that each other binary keeps in its own top 10 (and whether in the same order). Then the
# medians, and the whole-process time of the 20 questions as one --batch run per binary: ROUNDS
# rounds (default 5), the binaries alternating within each round, median and ratio to the first.
# Working files: bench/out/questions/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
[ $# -ge 2 ] || { echo "usage: $0 DB NAME=SEARCH_BINARY..." >&2; exit 2; }
db=$1
shift
work=bench/out/questions
rm -rf "$work"
mkdir -p "$work"
names=()
for spec in "$@"; do
  name=${spec%%=*}
  "${spec#*=}" --db "$db" --batch bench/query/questions.txt --json --limit 10 > "$work/$name.jsonl"
  names+=("$name")
done
rounds=${ROUNDS:-5}
for ((r = 0; r < rounds; r++)); do
  for spec in "$@"; do
    name=${spec%%=*}
    start=$EPOCHREALTIME
    "${spec#*=}" --db "$db" --batch bench/query/questions.txt --json --limit 10 > /dev/null
    echo "$name $start $EPOCHREALTIME" >> "$work/times"
  done
done
/usr/bin/python3 - bench/query/questions.txt "$work" "${names[@]}" <<'PY'
import json, statistics, sys
questions = [l.strip() for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
work, names = sys.argv[2], sys.argv[3:]
runs = {n: [json.loads(l) for l in open(f"{work}/{n}.jsonl", encoding="utf-8")] for n in names}
head = " | ".join(f"{n} total | {n} partial" for n in names)
kept_head = " | ".join(f"top 10 kept ({n})" for n in names[1:])
print(f"| question | {head} | {kept_head} |")
print("|---" * (1 + 2 * len(names) + len(names) - 1) + "|")
totals = {n: [] for n in names}
kept = {n: [] for n in names[1:]}
same_order = {n: 0 for n in names[1:]}
for i, q in enumerate(questions):
    cells = []
    for n in names:
        a = runs[n][i]
        totals[n].append(a["total"])
        cells.append(f"{a['total']} | {a.get('total_partial', 0)}")
    first = [h["id"] for h in runs[names[0]][i]["results"]]
    for n in names[1:]:
        if [h["id"] for h in runs[n][i]["results"]] == first:
            same_order[n] += 1
        other = {h["id"] for h in runs[n][i]["results"]}
        share = sum(1 for x in first if x in other) / max(len(first), 1)
        kept[n].append(share)
        cells.append(f"{share:.0%}")
    print(f"| {q} | " + " | ".join(cells) + " |")
print()
for n in names:
    print(f"{n}: median total {statistics.median(totals[n])}, max {max(totals[n])}")
for n in names[1:]:
    print(f"{n}: median share of {names[0]}'s top 10 kept {statistics.median(kept[n]):.0%}, "
          f"same top 10 in the same order for {same_order[n]}/{len(questions)} questions")
times = {n: [] for n in names}
for line in open(f"{work}/times", encoding="utf-8"):
    n, start, end = line.split()
    times[n].append(float(end) - float(start))
base = statistics.median(times[names[0]])
for n in names:
    m = statistics.median(times[n])
    print(f"{n}: {len(questions)} questions in {m:.3f} s (median of {len(times[n])} runs), "
          f"{m / base:.2f}x {names[0]}")
PY
