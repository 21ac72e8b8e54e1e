#!/usr/bin/python3
"""Writes bench/queries.txt: 200 realistic 1-3 word news queries drawn from BBC headlines.

Deterministic: files are read in sorted order and words chosen by a hash of the headline, so the
same data always gives the same queries. Usage: bench/make-queries.py [BBC_DIR] > bench/queries.txt
"""
import hashlib
import os
import re
import sys

STOP = set("""a an and are as at be by for from has have he her his in is it its of on or
that the their they this to was were will with after over new up out says say said not no more
than into about but off who why how what when where which could would should can may set back
get gets got make makes made take takes still again amid ahead firm""".split())

def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "bbc")
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".txt"))
    queries, seen = [], set()
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as fh:
            title = fh.readline().strip()
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", title) if w.lower() not in STOP]
        if not words:
            continue
        h = int(hashlib.sha1(title.encode()).hexdigest(), 16)
        n = 1 + h % 3
        start = (h // 3) % len(words)
        q = " ".join(words[start:start + n]).lower()
        if q in seen:
            continue
        seen.add(q)
        queries.append((h, q))
    queries.sort()
    for _, q in queries[:200]:
        print(q)

if __name__ == "__main__":
    main()
