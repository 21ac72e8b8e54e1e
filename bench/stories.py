#!/usr/bin/python3
"""Story grouping report for a newsdesk database (issue 7: different stories must not merge).

    bench/stories.py DB [--sample N] [--seed S] [--root DIR]

Prints: articles, stories, groups of two or more articles and their size distribution; whether
every set of byte-identical files under --root (exact duplicates) landed in one story; and a
random sample of N multi-article groups (seeded, so it can be re-read) with each member's title
and path, for checking by hand. Uses the Xapian Python bindings (python3-xapian).
"""
import argparse
import collections
import hashlib
import json
import os
import random

import xapian


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--root", help="directory whose byte-identical files must share a story")
    args = ap.parse_args()

    db = xapian.Database(args.db)
    stories = collections.defaultdict(list)
    by_path = {}
    for p in db.postlist(""):
        doc = db.get_document(p.docid)
        data = json.loads(doc.get_data())
        story = data.get("story") or data["id"]
        stories[story].append((data.get("title", ""), data["path"]))
        by_path[data["path"]] = story
    groups = {k: v for k, v in stories.items() if len(v) > 1}
    sizes = collections.Counter(len(v) for v in groups.values())
    print("articles %d, stories %d, groups of 2+ articles %d (holding %d articles)" % (
        db.get_doccount(), len(stories), len(groups), sum(len(v) for v in groups.values())))
    print("group sizes: " + ", ".join("%d×%d" % (n, c) for n, c in sorted(sizes.items())))

    if args.root:
        digests = collections.defaultdict(list)
        for d, _, files in os.walk(args.root):
            for f in files:
                path = os.path.abspath(os.path.join(d, f))
                if path in by_path:
                    with open(path, "rb") as fh:
                        digests[hashlib.sha1(fh.read()).hexdigest()].append(path)
        dup_sets = [v for v in digests.values() if len(v) > 1]
        split = [v for v in dup_sets if len({by_path[p] for p in v}) > 1]
        print("exact duplicate sets %d (%d files); grouped in one story: %d; split: %d" % (
            len(dup_sets), sum(len(v) for v in dup_sets), len(dup_sets) - len(split), len(split)))
        for v in split:
            print("  SPLIT: " + " | ".join(v))

    rnd = random.Random(args.seed)
    keys = sorted(groups)
    sample = rnd.sample(keys, min(args.sample, len(keys)))
    print("\nsample of %d groups (seed %d):" % (len(sample), args.seed))
    for i, k in enumerate(sample, 1):
        print("%2d. story %s (%d articles)" % (i, k, len(groups[k])))
        for title, path in sorted(groups[k], key=lambda x: x[1])[:8]:
            print("      %s  [%s]" % (title[:90], "/".join(path.split("/")[-2:])))
        if len(groups[k]) > 8:
            print("      … %d more" % (len(groups[k]) - 8))


if __name__ == "__main__":
    main()
