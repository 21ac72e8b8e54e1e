#!/usr/bin/python3
"""Where feedback helps and where it costs, per query, split by the gate newsdesk ships.

  feedback-gate.py WORK SEARCH [WITHOUT WITH]

WORK is eval.sh's working directory (bench/out/relevance: per collection qrels.tsv,
queries.tsv, newsdesk-db and nd/NAME.run); SEARCH the newsdesk-search binary. WITHOUT and WITH
name two runs of settings.tsv (default: schemeineb2-l0-f0 and schemeineb2-l0-f0.5, the same
ranking without and with unconditional feedback). For each collection, the per-query AP change
from WITHOUT to WITH, averaged over the queries where the gate is open (at least 3 of the top 10
articles, ranked by WITHOUT, score 0.8 of the first or more) and where it is shut, and over the
queries with at most 3 relevant articles and with more. An analysis of runs already made: it
chooses nothing.
"""
import json
import os
import subprocess
import sys

from metrics import evaluate, mean, read_pairs

RATIO, MIN_DOCS, FEW = 0.8, 3, 3


def spec_of(name):
    here = os.path.dirname(os.path.abspath(__file__))
    for line in open(os.path.join(here, "settings.tsv"), encoding="utf-8"):
        if line.startswith("#") or "\t" not in line:
            continue
        n, _, spec = line.rstrip("\n").partition("\t")
        if n == name:
            return spec
    sys.exit("feedback-gate: no setting %s in settings.tsv" % name)


def top_scores(search, coll_dir, spec):
    queries = open(os.path.join(coll_dir, "queries.tsv"), encoding="utf-8").read().splitlines()
    text = "".join(q.split("\t", 1)[1] + "\n" for q in queries)
    out = subprocess.run([search, "--db", os.path.join(coll_dir, "newsdesk-db"), "--batch", "-",
                          "--json", "--limit", "10", "--no-collapse", "--facets", "0",
                          "--snippet-bytes", "0"], input=text, capture_output=True, text=True,
                         env=dict(os.environ, NEWSDESK_RANKING=spec), check=True).stdout
    answers = [json.loads(line) for line in out.splitlines()]
    return {q.split("\t", 1)[0]: [r["score"] for r in a.get("results", [])]
            for q, a in zip(queries, answers)}


def line(label, changes):
    return "%s: %d, %+.4f" % (label, len(changes), mean(changes)) if changes else label + ": 0"


def main():
    args = sys.argv[1:]
    if len(args) not in (2, 4):
        sys.exit(__doc__)
    work, search = args[:2]
    without, with_ = args[2:] if len(args) == 4 else ("schemeineb2-l0-f0", "schemeineb2-l0-f0.5")
    print("| collection | gate open: queries, AP change | gate shut | <= %d relevant | more |" % FEW)
    print("|---|---:|---:|---:|---:|")
    for coll in ("time", "cran", "med"):
        d = os.path.join(work, coll)
        if not os.path.isdir(d):
            continue
        qrels = read_pairs(os.path.join(d, "qrels.tsv"))
        a = evaluate(qrels, read_pairs(os.path.join(d, "nd", without + ".run")))
        b = evaluate(qrels, read_pairs(os.path.join(d, "nd", with_ + ".run")))
        scores = top_scores(search, d, spec_of(without))
        groups = {"open": [], "shut": [], "few": [], "more": []}
        for qid in a:
            change = b[qid][0] - a[qid][0]
            s = scores.get(qid, [])
            gate = bool(s) and sum(1 for x in s if x >= RATIO * s[0]) >= MIN_DOCS
            groups["open" if gate else "shut"].append(change)
            groups["few" if len(qrels.get(qid, ())) <= FEW else "more"].append(change)
        print("| %s | %s |" % (coll.upper(), " | ".join(
            line("", groups[k]).lstrip(": ") for k in ("open", "shut", "few", "more"))))


if __name__ == "__main__":
    main()
