#!/usr/bin/python3
"""A text of N capitalised names, for the cost of entity merging as a text grows.

    bench/ner/many-names.py N [--seed S] > names.txt

Sentences of made-up names: "Tavo Mirel met Kesun in Dorava." Each sentence gives a two-word
person name, a one-word name (which merging tries to resolve to a full name: the short-mention
rule) and a one-word place-like name; N counts the names written, so the text has about N/3
sentences. Names are built from syllables so that nearly all are distinct. Deterministic for a
seed. Python 3 standard library only.
"""
import argparse
import random
import sys

SYLLABLES = ['ka', 'ro', 'mi', 'te', 'su', 'na', 'vo', 'li', 'de', 'ba', 'zu', 'ne', 'sho', 'ra',
             'ven', 'tor', 'mal', 'kes', 'dan', 'fir', 'gol', 'hen', 'jas', 'lor', 'mun', 'pel']


def name(rng):
    return ''.join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('n', type=int)
    ap.add_argument('--seed', type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = []
    written = 0
    while written < args.n:
        out.append(f'{name(rng)} {name(rng)} met {name(rng)} in {name(rng)}.')
        written += 4
        if len(out) % 8 == 0:
            out.append('\n\n')
    sys.stdout.write(' '.join(out) + '\n')


if __name__ == '__main__':
    main()
