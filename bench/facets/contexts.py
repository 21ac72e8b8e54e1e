#!/usr/bin/python3
"""Where a facet value comes from, for labelling it by hand: a few of the articles it filters to,
each with the sentences that hold its words.

    bench/facets/contexts.py BUILD DB SAMPLE.tsv [--articles 3] [--lines 2]

SAMPLE.tsv: lines of bench/facets/top-values.sh or held-out.py (corpus, facet, rank, value,
count); DB: a directory holding CORPUS-db (top-values.sh KEEP_DBS=DIR). For each value prints its
line, then for up to ARTICLES articles of `newsdesk-search --filter facet:"value"` the file name,
its title, and up to LINES passages around a word of the value. Python 3 standard library only.
"""
import argparse
import json
import re
import subprocess


def passages(text, words, limit, width=110):
    out = []
    flat = re.sub(r'\s+', ' ', text)
    pattern = re.compile(r'\b(' + '|'.join(re.escape(w) for w in words) + r')\b', re.I)
    last = -1
    for m in pattern.finditer(flat):
        if m.start() < last:
            continue
        a, b = max(0, m.start() - width), min(len(flat), m.end() + width)
        out.append('... ' + flat[a:b] + ' ...')
        last = b
        if len(out) == limit:
            break
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('build')
    ap.add_argument('db')
    ap.add_argument('sample')
    ap.add_argument('--articles', type=int, default=3)
    ap.add_argument('--lines', type=int, default=2)
    args = ap.parse_args()
    search = args.build + '/searcher/newsdesk-search'
    for line in open(args.sample, encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        corpus, facet, rank, value, count = line.rstrip('\n').split('\t')[:5]
        print('=' * 100)
        print(line.rstrip('\n'))
        r = subprocess.run([search, '--db', f'{args.db}/{corpus}-db', '--json', '--no-collapse',
                            '--limit', str(args.articles), '--filter', f'{facet}:"{value}"',
                            'date:1900..'], capture_output=True, text=True)
        try:
            hits = json.loads(r.stdout).get('results', [])
        except json.JSONDecodeError:
            print('  (search failed:', r.stderr.strip(), ')')
            continue
        words = [w for w in re.split(r'[\s.]+', value) if len(w) > 1] or [value]
        for h in hits:
            path = h.get('path') or h.get('file') or ''
            print(f'  -- {path}  | {h.get("title", "")}')
            try:
                text = open(path, encoding='utf-8', errors='replace').read()
            except OSError:
                continue
            for p in passages(text, words, args.lines):
                print('    ' + p)


if __name__ == '__main__':
    main()
