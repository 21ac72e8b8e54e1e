#!/usr/bin/python3
"""Reuters-21578 (../shared/data/reuters21578/*.sgm) to article files, for ingestion benchmarks.

    bench/reuters-to-files.py OUT_DIR [--format txt|jsonl] [--data DIR]

txt (default): one plain-text file per story with a body, OUT_DIR/reut2-NNN/NNNNN.txt (NEWID),
    laid out as a saved wire story: the headline, a blank line, the <DATE> line
    ("26-FEB-1987 15:01:01.79"), a blank line, then the dateline and body exactly as in the SGML
    (70-column hard-wrapped, paragraphs marked by indentation, SGML references such as &lt; and
    &#3; kept, the "Reuter" sign-off kept). Bytes are copied, not decoded, so reut2-017's stray
    non-UTF-8 byte reaches the indexer as it is.
jsonl: one JSON Lines file per .sgm, OUT_DIR/reut2-NNN.jsonl, one line per story with a body:
    {"id", "title", "date", "dateline", "body", "source": "Reuters", "topics", "places"}; text
    decoded as UTF-8 (a bad byte becomes U+FFFD), SGML references kept.

Stories without a <BODY> (headline-only briefs) are left out. Output is deterministic (files and
stories in source order) and goes only under OUT_DIR, which must not be inside the repository.
Prints how many stories and bytes were written. Python 3 standard library only.
"""
import argparse
import json
import os
import re
import sys

STORY = re.compile(rb'<REUTERS\b([^>]*)>(.*?)</REUTERS>', re.S)
NEWID = re.compile(rb'NEWID="(\d+)"')


def field(story, tag):
    m = re.search(rb'<' + tag + rb'>(.*?)</' + tag + rb'>', story, re.S)
    return m.group(1) if m else None


def labels(story, tag):
    block = field(story, tag) or b''
    return [d.decode('ascii', 'replace') for d in re.findall(rb'<D>(.*?)</D>', block)]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('out_dir')
    ap.add_argument('--format', choices=['txt', 'jsonl'], default='txt')
    ap.add_argument('--data', default=os.path.join(repo, '..', 'shared', 'data', 'reuters21578'))
    args = ap.parse_args()

    out = os.path.abspath(args.out_dir)
    if os.path.commonpath([out, repo]) == repo:
        sys.exit(f'reuters-to-files: {args.out_dir} is inside the repository; write elsewhere')
    sources = sorted(f for f in os.listdir(args.data) if f.endswith('.sgm')) \
        if os.path.isdir(args.data) else []
    if not sources:
        print(f'SKIP: no .sgm files in {args.data}', file=sys.stderr)
        sys.exit(77)
    os.makedirs(out, exist_ok=True)

    stories = skipped = written = 0
    for name in sources:
        raw = open(os.path.join(args.data, name), 'rb').read()
        stem = name[:-4]
        jsonl = open(os.path.join(out, stem + '.jsonl'), 'w', encoding='utf-8') \
            if args.format == 'jsonl' else None
        for attrs, story in STORY.findall(raw):
            body = field(story, b'BODY')
            if body is None:
                skipped += 1
                continue
            newid = int(NEWID.search(attrs).group(1))
            title = (field(story, b'TITLE') or b'').strip()
            date = (field(story, b'DATE') or b'').strip()
            dateline = field(story, b'DATELINE') or b''
            if args.format == 'txt':
                d = os.path.join(out, stem)
                os.makedirs(d, exist_ok=True)
                data = title + b'\n\n' + date + b'\n\n' + dateline + body
                if not data.endswith(b'\n'):
                    data += b'\n'
                with open(os.path.join(d, f'{newid:05d}.txt'), 'wb') as f:
                    f.write(data)
                written += len(data)
            else:
                dec = lambda b: b.decode('utf-8', 'replace')
                line = json.dumps({
                    'id': newid, 'title': dec(title), 'date': dec(date),
                    'dateline': dec(dateline.strip()), 'body': dec(dateline + body),
                    'source': 'Reuters', 'topics': labels(story, b'TOPICS'),
                    'places': labels(story, b'PLACES')}, ensure_ascii=False) + '\n'
                jsonl.write(line)
                written += len(line.encode('utf-8'))
            stories += 1
        if jsonl:
            jsonl.close()
    print(f'reuters-to-files: {stories} stories ({skipped} without a body left out), '
          f'{written / 1048576:.1f} MB of {args.format} under {out}')


if __name__ == '__main__':
    main()
