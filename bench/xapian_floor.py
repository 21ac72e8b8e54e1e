#!/usr/bin/python3
"""The pure-Xapian floor for bench/index-peers.sh (issue 15): what Xapian alone manages.

    xapian_floor.py OUT_DB CORPUS_DIR [--writers 2] [--flush 1000]

Every file under CORPUS_DIR (a .jsonl file: each line's "title" and "text") becomes one document:
TermGenerator with English stemming (STEM_SOME) and positions over title and text, the text as
document data. The files are dealt round-robin to WRITERS processes, each writing its own glass
database with a commit every FLUSH documents; xapian-compact then merges the parts into OUT_DB.
No entities, no stories, no sync state: a floor, not a peer with the same features. Prints the
documents indexed.
"""
import argparse
import json
import multiprocessing
import os
import subprocess
import sys

import xapian


def files_under(root):
    out = []
    for d, dirs, names in os.walk(root):
        dirs.sort()
        for n in sorted(names):
            out.append(os.path.join(d, n))
    return out


def records(path):
    with open(path, "rb") as fh:
        raw = fh.read()
    if path.endswith(".jsonl"):
        for line in raw.decode("utf-8", "replace").splitlines():
            try:
                r = json.loads(line)
            except ValueError:
                continue
            yield r.get("title", ""), r.get("text", "")
    else:
        yield "", raw.decode("utf-8", "replace")


def write_part(args):
    db_path, paths, flush = args
    db = xapian.WritableDatabase(db_path, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
    n = 0
    for p in paths:
        for title, text in records(p):
            doc = xapian.Document()
            tg.set_document(doc)
            if title:
                tg.index_text(title, 1, "S")
                tg.index_text(title)
                tg.increase_termpos()
            tg.index_text(text)
            doc.set_data(text)
            doc.add_boolean_term("Q" + p + ":" + str(n))
            db.add_document(doc)
            n += 1
            if n % flush == 0:
                db.commit()
    db.commit()
    db.close()
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("corpus")
    ap.add_argument("--writers", type=int, default=2)
    ap.add_argument("--flush", type=int, default=1000)
    a = ap.parse_args()
    paths = files_under(a.corpus)
    parts = ["%s.part-%d" % (a.out, k) for k in range(a.writers)]
    jobs = [(parts[k], paths[k::a.writers], a.flush) for k in range(a.writers)]
    with multiprocessing.Pool(a.writers) as pool:
        counts = pool.map(write_part, jobs)
    subprocess.run(["xapian-compact", "--multipass"] + parts + [a.out], check=True,
                   stdout=subprocess.DEVNULL)
    for p in parts:
        subprocess.run(["rm", "-rf", p], check=True)
    print(sum(counts))


if __name__ == "__main__":
    sys.exit(main())
