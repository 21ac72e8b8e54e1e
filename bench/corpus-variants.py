#!/usr/bin/python3
"""Deterministic rewrites of news articles, to grow a real corpus to benchmark size.

    bench/corpus-variants.py SRC_DIR OUT_DIR [--variants K]

SRC_DIR holds plain-text articles (*.txt, any depth): a headline line, a blank line, optionally
a Reuters-21578 date line ("26-FEB-1987 15:02:20.00") and a blank line, then the body. For each
article, in sorted path order, K rewrites are written, as a wire service re-issues a story:

  rewrite k (k = 1 .. K-1): OUT_DIR/rewrites-k/<same relative path>, plain text;
  rewrite K:                OUT_DIR/rewrites-K-jsonl/<folder of the path, / as ->.jsonl, one JSON
                            Lines record per article {"url", "title", "date", "source", "text"}.

A rewrite keeps the lead paragraph first, puts the other paragraphs in a different order, drops
one sentence from one of them (when one has two or more), and is dated 2*k days after the
original (Reuters: its <DATE>; others, which name no date: a date derived from the path). Reuters
headlines get an "UPDATE k-" prefix. Paragraphs are Reuters' indented lines, else blank-line
separated blocks. Everything is seeded by the relative path and k (random.Random with a string
seed, stable across Python versions and runs), so the output is byte-for-byte reproducible.
Bytes are kept as they are (read and written as Latin-1), except in JSON Lines, which is UTF-8
(an invalid byte becomes U+FFFD) with Reuters' wrapped lines joined into one line a paragraph. Python 3 standard library only.
"""
import argparse
import datetime
import hashlib
import json
import os
import random
import re
import sys

REUTERS_DATE = re.compile(r'^\s*(\d{1,2})-([A-Z]{3})-(\d{4}) (\d\d:\d\d:\d\d\.\d\d)\s*$')
MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
SENTENCE_END = re.compile(r'(?<=[.!?])\s+(?=[A-Z"])')


def parse(text):
    """(headline, date or None, time or None, paragraphs, signoff) of one article."""
    lines = text.split('\n')
    headline = lines[0]
    rest = lines[1:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    date = time = None
    if rest:
        m = REUTERS_DATE.match(rest[0])
        if m:
            date = datetime.date(int(m.group(3)), MONTHS.index(m.group(2)) + 1, int(m.group(1)))
            time = m.group(4)
            rest = rest[1:]
    body = '\n'.join(rest).strip('\n')
    signoff = ''
    m = re.search(r'\n\s*Reuter\s*\n(&#3;)?\s*$', body)
    if m:
        signoff, body = body[m.start():], body[:m.start()]
    if date is not None:  # Reuters: a paragraph starts at an indented line
        paragraphs, current = [], []
        for line in body.split('\n'):
            if line.startswith(' ') and current:
                paragraphs.append('\n'.join(current))
                current = []
            current.append(line)
        if current:
            paragraphs.append('\n'.join(current))
    else:
        paragraphs = [p for p in re.split(r'\n\s*\n', body) if p.strip()]
    return headline, date, time, paragraphs, signoff


def rewrite(paragraphs, rng):
    """Lead first, the rest shuffled, one sentence dropped from one paragraph."""
    if not paragraphs:
        return paragraphs
    lead, tail = paragraphs[0], list(paragraphs[1:])
    rng.shuffle(tail)
    out = [lead] + tail
    candidates = [i for i, p in enumerate(out) if len(SENTENCE_END.split(p)) >= 2]
    if candidates:
        i = rng.choice(candidates)
        sentences = SENTENCE_END.split(out[i])
        del sentences[rng.randrange(len(sentences))]
        out[i] = ' '.join(sentences)
    return out


def base_date(rel):
    """A stable date in 2004-2005 for an article that names none (the BBC set's years)."""
    n = int(hashlib.sha1(rel.encode()).hexdigest()[:8], 16)
    return datetime.date(2004, 1, 1) + datetime.timedelta(days=n % 700)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('src_dir')
    ap.add_argument('out_dir')
    ap.add_argument('--variants', type=int, default=4)
    args = ap.parse_args()
    k_max = args.variants
    if k_max < 1:
        sys.exit('corpus-variants: --variants must be at least 1')

    sources = []
    for root, dirs, files in os.walk(args.src_dir):
        dirs.sort()
        for f in sorted(files):
            if f.endswith('.txt'):
                sources.append(os.path.relpath(os.path.join(root, f), args.src_dir))
    sources.sort()

    jsonl = {}
    written = 0
    for rel in sources:
        with open(os.path.join(args.src_dir, rel), 'rb') as f:
            text = f.read().decode('latin-1')
        headline, date, time, paragraphs, signoff = parse(text)
        reuters = date is not None
        for k in range(1, k_max + 1):
            rng = random.Random(f'{rel}:{k}')
            paras = rewrite(paragraphs, rng)
            day = (date if reuters else base_date(rel)) + datetime.timedelta(days=2 * k)
            title = f'UPDATE {k}-{headline}' if reuters else headline
            if k < k_max:
                if reuters:
                    dateline = f'{day.day:2d}-{MONTHS[day.month - 1]}-{day.year} {time}'
                    body = '\n'.join(paras) + signoff
                else:
                    dateline = f'date {day.isoformat()}'
                    body = '\n\n'.join(paras)
                out = os.path.join(args.out_dir, f'rewrites-{k}', rel)
                os.makedirs(os.path.dirname(out), exist_ok=True)
                with open(out, 'wb') as f:
                    f.write(f'{title}\n\n{dateline}\n\n{body}\n'.encode('latin-1'))
            else:
                folder = os.path.dirname(rel).replace(os.sep, '-') or 'articles'
                if folder not in jsonl:
                    d = os.path.join(args.out_dir, f'rewrites-{k}-jsonl')
                    os.makedirs(d, exist_ok=True)
                    jsonl[folder] = open(os.path.join(d, folder + '.jsonl'), 'w',
                                         encoding='utf-8')

                def utf8(s):
                    return s.encode('latin-1').decode('utf-8', 'replace')
                if reuters:  # unwrap the 70-column lines: one line per paragraph
                    paras = [' '.join(line.strip() for line in p.split('\n')) for p in paras]
                record = {'url': f'https://bench.invalid/{rel}/{k}',
                          'title': utf8(title.strip()),
                          'date': day.isoformat(),
                          'source': 'Reuters' if reuters else 'BBC',
                          'text': utf8('\n\n'.join(paras).strip())}
                jsonl[folder].write(json.dumps(record, ensure_ascii=False) + '\n')
            written += 1
    for f in jsonl.values():
        f.close()
    print(f'corpus-variants: {len(sources)} articles, {written} rewrites '
          f'({k_max - 1} plain-text sets, 1 JSON Lines set) under {args.out_dir}')


if __name__ == '__main__':
    main()
