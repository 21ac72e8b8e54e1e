#!/usr/bin/python3
"""A held-out sample of facet values beyond the top 40, for labelling rules not tuned on.

    bench/facets/held-out.py TOP_VALUES.tsv [--k 10] [--seed 12] [--from 41] > SAMPLE.tsv

TOP_VALUES.tsv: bench/facets/top-values.sh BUILD 300 (ranks 1..300). Draws K values at random
(fixed seed) from ranks FROM.. of each corpus and facet; prints them in the same format, for
bench/facets/score.py. The rules were written looking at the top 40 only, so these values are
data the rules were not tuned on. Python 3 standard library only.
"""
import argparse
import collections
import random
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('top')
    ap.add_argument('--k', type=int, default=10)
    ap.add_argument('--seed', type=int, default=12)
    ap.add_argument('--from', dest='first', type=int, default=41)
    args = ap.parse_args()
    lists = collections.OrderedDict()
    for line in open(args.top, encoding='utf-8'):
        corpus, facet, rank, value, count = line.rstrip('\n').split('\t')
        if int(rank) >= args.first:
            lists.setdefault((corpus, facet), []).append(line)
    rng = random.Random(args.seed)
    for key, lines in lists.items():
        for line in sorted(rng.sample(lines, min(args.k, len(lines))),
                           key=lambda l: int(l.split('\t')[2])):
            sys.stdout.write(line)


if __name__ == '__main__':
    main()
