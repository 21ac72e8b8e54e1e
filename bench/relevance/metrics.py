#!/usr/bin/python3
"""Relevance metrics for bench/relevance/eval.sh, one implementation for every system.

  metrics.py QRELS NAME=RUN [NAME=RUN ...] [--queries odd|even|all] [--per-query]

QRELS: lines `query<TAB>doc`, binary judgments (every listed doc is relevant).
RUN:   lines `query<TAB>doc`, ranked best first (rank = order of appearance per query).
Prints one table: MAP, nDCG@10, P@10 per system, averaged over the judged queries (a query a
system returns nothing for counts as 0). --queries odd|even takes every other judged query, in
collection order (1st, 3rd, ... or 2nd, 4th, ...): the halves for a tune/test split.

Definitions (binary relevance, as trec_eval computes them):
  AP      = (1/R) * sum over relevant documents retrieved at rank k of precision@k
            (R = number of relevant documents; unretrieved ones add 0)
  nDCG@10 = DCG@10 / IDCG@10, DCG@10 = sum_{k<=10} rel_k / log2(k+1), IDCG for min(R,10)
            relevant documents at the top
  P@10    = relevant documents in the top 10, divided by 10
"""
import math
import random
import sys
from collections import OrderedDict


def read_pairs(path):
    pairs = OrderedDict()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            fields = line.split()
            if len(fields) >= 2:
                pairs.setdefault(fields[0], []).append(fields[1])
    return pairs


def average_precision(ranked, relevant):
    hits, total = 0, 0.0
    for k, doc in enumerate(ranked, 1):
        if doc in relevant:
            hits += 1
            total += hits / k
    return total / len(relevant)


def ndcg(ranked, relevant, depth=10):
    dcg = sum(1 / math.log2(k + 1) for k, doc in enumerate(ranked[:depth], 1) if doc in relevant)
    ideal = sum(1 / math.log2(k + 1) for k in range(1, min(len(relevant), depth) + 1))
    return dcg / ideal


def precision(ranked, relevant, depth=10):
    return sum(1 for doc in ranked[:depth] if doc in relevant) / depth


def dedup(ranked):
    seen, out = set(), []
    for doc in ranked:
        if doc not in seen:
            seen.add(doc)
            out.append(doc)
    return out


def evaluate(qrels, run):
    """Per-query (AP, nDCG@10, P@10) for every judged query."""
    scores = OrderedDict()
    for q, rel in qrels.items():
        relevant = set(rel)
        ranked = dedup(run.get(q, []))
        scores[q] = (average_precision(ranked, relevant), ndcg(ranked, relevant),
                     precision(ranked, relevant))
    return scores


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def randomisation_p(xs, ys, trials=10000, seed=17):
    """Two-sided paired randomisation test: the share of random sign flips of the per-query
    differences whose mean is at least as far from 0 as the observed one (Smucker et al. 2007)."""
    diffs = [x - y for x, y in zip(xs, ys)]
    observed = abs(mean(diffs))
    if observed == 0:
        return 1.0
    rng = random.Random(seed)
    n, hits = len(diffs), 0
    for _ in range(trials):
        total = sum(d if rng.random() < 0.5 else -d for d in diffs)
        if abs(total / n) >= observed - 1e-12:
            hits += 1
    return (hits + 1) / (trials + 1)


def main():
    args = sys.argv[1:]
    half, per_query = "all", False
    if "--queries" in args:
        i = args.index("--queries")
        half = args[i + 1]
        del args[i:i + 2]
    if "--per-query" in args:
        args.remove("--per-query")
        per_query = True
    if len(args) < 2 or half not in ("all", "odd", "even"):
        sys.exit(__doc__)
    qrels = read_pairs(args[0])
    if half != "all":
        keep = list(qrels)[0 if half == "odd" else 1::2]
        qrels = OrderedDict((q, qrels[q]) for q in keep)
    systems = []
    for spec in args[1:]:
        name, _, path = spec.partition("=")
        systems.append((name, evaluate(qrels, read_pairs(path))))

    n = len(qrels)
    print("| system | MAP | nDCG@10 | P@10 |")
    print("|---|---:|---:|---:|")
    for name, scores in systems:
        means = [sum(s[i] for s in scores.values()) / n for i in range(3)]
        print("| %s | %.4f | %.4f | %.4f |" % (name, *means))
    print("(%d judged queries)" % n)
    if per_query:
        print("\nper-query AP: query " + " ".join(name for name, _ in systems))
        for q in qrels:
            print(q, " ".join("%.3f" % scores[q][0] for _, scores in systems))


if __name__ == "__main__":
    main()
