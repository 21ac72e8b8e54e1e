#!/usr/bin/python3
"""The peer for bench/baseline.sh: Xapian's defaults through its Python bindings, on a database
built by omindex. Runs each query of QUERIES like `quest` does (QueryParser with English stemming,
STEM_SOME, default OR, BM25, top 10), and makes a snippet of each hit from omindex's stored sample
with MSet.snippet(), which is what quest-equivalent result pages show. Prints per-query latency in
milliseconds, one per line. Usage: xapian_peer.py DB QUERIES
"""
import sys
import time

import xapian


def main():
    db = xapian.Database(sys.argv[1])
    qp = xapian.QueryParser()
    qp.set_stemmer(xapian.Stem("english"))
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_database(db)
    enquire = xapian.Enquire(db)
    with open(sys.argv[2], encoding="utf-8") as fh:
        queries = [line.strip() for line in fh if line.strip()]
    for q in queries:
        t0 = time.perf_counter()
        query = qp.parse_query(q)
        enquire.set_query(query)
        mset = enquire.get_mset(0, 10, db.get_doccount())
        total = mset.get_matches_estimated()
        for m in mset:
            data = m.document.get_data().decode("utf-8", "replace")
            sample = ""
            for line in data.split("\n"):
                if line.startswith("sample="):
                    sample = line[7:]
            mset.snippet(sample, 200)
        print("%.4f %d" % ((time.perf_counter() - t0) * 1000, total))


if __name__ == "__main__":
    main()
