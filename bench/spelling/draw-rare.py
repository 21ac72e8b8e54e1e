#!/usr/bin/python3
"""Draws correct-word candidates for a rare-words list (bench/spelling/*rare-words.txt).

    bench/spelling/draw-rare.py DB SEED N [EXCLUDE_LIST...]

Prints N words drawn at random (Python random.seed(SEED)) from DB's lower-case words of 5+
letters held by at most 3 articles (every shard's `xapian-delve -a -v -1` term list, summed),
leaving out the words of the EXCLUDE_LISTs (earlier lists: their first column). The draws are
then read in their articles by hand: one that is a misspelling there is dropped, and the first 40
others make the list. Needs xapian-delve (Debian xapian-tools).
"""
import os
import random
import re
import subprocess
import sys

db, seed, n, exclude = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
freq = {}
with open(os.path.join(db, "XAPIANDB")) as stub:
    shards = [line.split()[1] for line in stub if line.strip()]
for shard in shards:
    out = subprocess.run(["xapian-delve", "-a", "-v", "-1", os.path.join(db, shard)],
                         check=True, capture_output=True).stdout.decode("utf-8", "replace")
    for line in out.split("\n")[1:]:
        term, _, count = line.rpartition(" ")
        if term:
            freq[term] = freq.get(term, 0) + int(count)
left_out = set()
for path in exclude:
    with open(path) as f:
        left_out.update(line.split("\t")[0].strip().lower() for line in f if not line.startswith("#"))
words = sorted(t for t, f in freq.items()
               if re.fullmatch(r"[a-z]{5,}", t) and f <= 3 and t not in left_out)
random.seed(seed)
for word in random.sample(words, n):
    print(word)
