#!/usr/bin/python3
"""SQLite FTS5 peer for bench/search-speed.sh and the relevance evaluation.

  fts5_peer.py build DB < articles.jsonl     (newsdesk-index --dump output: title, text, ...)
  fts5_peer.py query DB QUERIES [--or]       prints "<ms> <total>" per query

The table is FTS5 with the porter tokenizer over (title, body). Each query's words are quoted
(no FTS syntax errors) and joined by spaces, which FTS5 reads as AND; --or joins them with OR.
Per query: the top 10 by bm25() with snippet() of the body (about 200 characters: 32 tokens),
and the exact number of matches, which is what newsdesk-search --batch reports too.
"""
import json
import re
import sqlite3
import sys
import time


def build(path):
    db = sqlite3.connect(path)
    db.execute("DROP TABLE IF EXISTS docs")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, title, body, "
               "tokenize='porter unicode61')")
    rows = ((a.get("path", ""), a.get("title", ""), a.get("text", ""))
            for a in map(json.loads, sys.stdin))
    db.executemany("INSERT INTO docs(path, title, body) VALUES (?, ?, ?)", rows)
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.commit()


def fts_query(q, op):
    words = re.findall(r"\w+", q)
    return (" %s " % op).join('"%s"' % w for w in words) if words else None


def query(path, queries, op):
    db = sqlite3.connect(path)
    for q in open(queries, encoding="utf-8"):
        q = q.strip()
        if not q:
            continue
        fq = fts_query(q, op)
        t0 = time.perf_counter()
        total = 0
        if fq:
            db.execute("SELECT path, title, snippet(docs, 2, '<mark>', '</mark>', '…', 32) "
                       "FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10",
                       (fq,)).fetchall()
            total = db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?",
                               (fq,)).fetchone()[0]
        print("%.4f %d" % ((time.perf_counter() - t0) * 1000, total))


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build(sys.argv[2])
    else:
        query(sys.argv[2], sys.argv[3], "OR" if "--or" in sys.argv else "AND")
