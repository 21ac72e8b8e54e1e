#!/usr/bin/python3
"""Precision of facet top lists against the hand labels.

    bench/facets/score.py TOP_VALUES.tsv [LABELS.tsv ...]   (default bench/facets/labels.tsv)

TOP_VALUES.tsv is the output of bench/facets/top-values.sh. Prints, per corpus and facet, how
many values are labelled right and the precision, then every value not labelled right, and
every value with no label yet (label those by hand before reporting: an unlabelled value is not
counted right). Python 3 standard library only.
"""
import collections
import os
import sys


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    label_files = sys.argv[2:] or [os.path.join(here, 'labels.tsv')]
    labels = {}
    for path in label_files:
        for line in open(path, encoding='utf-8'):
            if line.startswith('#') or not line.strip():
                continue
            corpus, facet, value, label, note = (line.rstrip('\n').split('\t') + [''])[:5]
            labels[(corpus, facet, value)] = (label, note)
    lists = collections.OrderedDict()
    for line in open(sys.argv[1], encoding='utf-8'):
        corpus, facet, rank, value, count = line.rstrip('\n').split('\t')
        lists.setdefault((corpus, facet), []).append((int(rank), value, int(count)))
    bad, missing = [], []
    print('| corpus | facet | values | right | precision | wrong type | not entity | duplicate |')
    print('|---|---|---|---|---|---|---|---|')
    for (corpus, facet), values in lists.items():
        kinds = collections.Counter()
        for rank, value, count in values:
            lab = labels.get((corpus, facet, value))
            if lab is None:
                missing.append((corpus, facet, rank, value, count))
                kinds['unlabelled'] += 1
                continue
            kinds[lab[0]] += 1
            if lab[0] != 'right':
                bad.append((corpus, facet, rank, value, count, lab[0], lab[1]))
        n = len(values)
        print(f"| {corpus} | {facet} | {n} | {kinds['right']} | {kinds['right'] / n:.1%} | "
              f"{kinds['wrong-type']} | {kinds['not-entity']} | {kinds['duplicate']} |")
    print()
    for b in bad:
        print('wrong:', *b, sep='\t')
    for m in missing:
        print('UNLABELLED:', *m, sep='\t')
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())
