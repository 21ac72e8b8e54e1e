#!/usr/bin/python3
"""Copy recall of story grouping: are all near-identical articles in one story? (issue 14)

    bench/story-copies.py DB [--threshold J] [--examples N]

Finds, by this script's own rules and independently of the indexer, every pair of articles in
DB that are copies of one report:
  - the same headline and the same lead (first 25 words of the text, case and punctuation
    folded), or
  - texts whose word 3-shingle sets have a Jaccard similarity of at least --threshold
    (default 0.8),
and, when both are dated (from their text or metadata), at most --window days apart (default
3, the indexer's rewrite window): a statement repeated word for word weeks later is the next
report of a series, not a copy. Nor are two dated on different days whose datelines name
different days ("CHICAGO, March 16 -" / "CHICAGO, March 19 -": a daily report's two mornings);
a copy sent again keeps the dateline of the report it repeats. Nor are two whose headlines name
their datelines' different places ("JOLIET HOGS UP 1.00 DLR" from "Joliet, April 7 -" and "ST
JOSEPH HOGS OPEN UP 1.00 DLR" from "St Joseph, April 7 -": two markets' one-line reports, word
for word alike but for the place); a copy re-sent under another dateline keeps its headline.
Candidates are pairs that share a headline, a lead, or a rarely used shingle (one at most 30
articles hold) among a fixed quarter of the shingles (pairs at Jaccard 0.8 share hundreds), so
the check covers all pairs without comparing each with each. Prints the
number of copy pairs, how many share a story (the copy recall), and the pairs that do not.
Uses the Xapian Python bindings (python3-xapian).
"""
import argparse
import collections
import datetime
import itertools
import json
import re
import zlib

import xapian

WORD = re.compile(r"[a-z0-9]+")
DATELINE_DAY = re.compile(r"^[^\n]{0,80}?,\s*([A-Za-z]+\.? \d{1,2})\s+-\s")
DATELINE_PLACE = re.compile(r"^\s*([^,\n]{1,40}),[^\n]{0,60}?\s+-\s")


def words(s):
    return WORD.findall(s.lower())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--examples", type=int, default=20)
    ap.add_argument("--window", type=int, default=3,
                    help="days apart beyond which dated copies are a series, not one report")
    args = ap.parse_args()

    db = xapian.Database(args.db)
    docs = []
    for p in db.postlist(""):
        d = json.loads(db.get_document(p.docid).get_data())
        w = words(d.get("text", ""))
        shingles = {zlib.crc32(" ".join(w[i:i + 3]).encode()) for i in range(max(len(w) - 2, 1))} if w else set()
        day = None
        if d.get("date_source") in ("content", "metadata") and d.get("date"):
            day = datetime.date.fromisoformat(d["date"][:10]).toordinal()
        m = DATELINE_DAY.match(d.get("text", "")) if d.get("dateline") else None
        place = DATELINE_PLACE.match(d.get("text", "")) if d.get("dateline") else None
        docs.append({"title": d.get("title", ""), "path": d.get("path", ""), "day": day,
                     "dateline_day": m.group(1).lower() if m else None,
                     "dateline_place": " ".join(words(place.group(1))) if place else None,
                     "story": d.get("story") or d["id"], "lead": " ".join(w[:25]),
                     "head": " ".join(words(d.get("title", ""))), "shingles": shingles})

    candidates = set()
    by_key = collections.defaultdict(list)
    postings = collections.defaultdict(list)
    for i, d in enumerate(docs):
        if d["head"]:
            by_key["h:" + d["head"]].append(i)
        if d["lead"]:
            by_key["l:" + d["lead"]].append(i)
        for s in d["shingles"]:
            if s % 4 == 0:  # a sample of the shingles finds the pairs that share most of them
                postings[s].append(i)
    for group in itertools.chain(by_key.values(),
                                 (v for v in postings.values() if len(v) <= 30)):
        if 1 < len(group) <= 200:
            candidates.update(itertools.combinations(group, 2))

    pairs = []
    far = 0
    places = 0
    for i, j in candidates:
        a, b = docs[i], docs[j]
        same = a["head"] and a["head"] == b["head"] and a["lead"] and a["lead"] == b["lead"]
        if not same and a["shingles"] and b["shingles"]:
            inter = len(a["shingles"] & b["shingles"])
            same = inter / len(a["shingles"] | b["shingles"]) >= args.threshold
        if not same:
            continue
        if a["day"] is not None and b["day"] is not None and \
                abs(a["day"] - b["day"]) > args.window:
            far += 1  # a series repeating itself (a weekly statement): not one report
        elif a["day"] is not None and b["day"] is not None and a["day"] != b["day"] and \
                a["dateline_day"] and b["dateline_day"] and a["dateline_day"] != b["dateline_day"]:
            far += 1  # a daily series: each morning's report names its own day
        elif a["dateline_place"] and b["dateline_place"] and \
                a["dateline_place"] != b["dateline_place"] and \
                a["dateline_place"] in a["head"] and b["dateline_place"] in b["head"]:
            places += 1  # two places' reports (two markets), not one report sent twice
        else:
            pairs.append((i, j))
    together = [p for p in pairs if docs[p[0]]["story"] == docs[p[1]]["story"]]
    apart = [p for p in pairs if docs[p[0]]["story"] != docs[p[1]]["story"]]
    recall = 100.0 * len(together) / len(pairs) if pairs else 100.0
    print("articles %d; copy pairs %d (same headline and lead, or shingle Jaccard >= %.2f, "
          "within %d days when dated; %d more pairs of a series and %d of datelines naming "
          "other places left out); in one story %d; copy recall %.1f%%" % (
              len(docs), len(pairs), args.threshold, args.window, far, places, len(together),
              recall))
    for i, j in sorted(apart)[:args.examples]:
        print("  APART: %s [%s] | %s [%s]" % (
            docs[i]["title"][:50], "/".join(docs[i]["path"].split("/")[-2:]),
            docs[j]["title"][:50], "/".join(docs[j]["path"].split("/")[-2:])))


if __name__ == "__main__":
    main()
