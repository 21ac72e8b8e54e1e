#!/usr/bin/python3
"""The two peers of bench/relevance/eval.sh. Each prints a run: `query<TAB>doc` lines, best first.

  peers.py quest DB QUERIES        Xapian's defaults: the `quest` tool on an omindex database
                                   (QueryParser: English stemmer, STEM_SOME, default op OR,
                                   quest's own stoplist; BM25Weight() defaults), top 1000
  peers.py fts5 DOCS QUERIES       SQLite FTS5, tokenize='porter', ranked by bm25(), top 1000;
                                   the table is built in memory from the files in DOCS

QUERIES: lines `id<TAB>query text`; every system gets the text lower-cased (the collection is
upper case: quest would read OR/AND/NOT as operators and leave capitalised words unstemmed).
Documents map back to judgments by file name: cran-0012.txt is document 12 (to-files.py).
"""
import os
import re
import sqlite3
import subprocess
import sys

DEPTH = 1000


def queries(path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            qid, _, text = line.rstrip("\n").partition("\t")
            if qid:
                yield qid, text.lower()


def doc_number(name):
    m = re.search(r"[a-z]+-(\d+)\.txt$", name)
    return str(int(m.group(1))) if m else None


def run_quest(db, query_file):
    for qid, text in queries(query_file):
        out = subprocess.run(["quest", "-d", db, "-m", str(DEPTH), text], check=True,
                             capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("url="):
                doc = doc_number(line[4:])
                if doc:
                    print("%s\t%s" % (qid, doc))


def run_fts5(docs, query_file):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(name UNINDEXED, body, tokenize='porter')")
    for name in sorted(os.listdir(docs)):
        with open(os.path.join(docs, name), encoding="utf-8") as fh:
            db.execute("INSERT INTO docs(name, body) VALUES (?, ?)", (name, fh.read()))
    for qid, text in queries(query_file):
        words = re.findall(r"\w+", text)
        if not words:
            continue
        match = " OR ".join('"%s"' % w for w in words)
        rows = db.execute("SELECT name FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
                          (match, DEPTH))
        for (name,) in rows:
            print("%s\t%s" % (qid, doc_number(name)))


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("quest", "fts5"):
        sys.exit(__doc__)
    if sys.argv[1] == "quest":
        run_quest(sys.argv[2], sys.argv[3])
    else:
        run_fts5(sys.argv[2], sys.argv[3])


if __name__ == "__main__":
    main()
