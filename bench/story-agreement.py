#!/usr/bin/python3
"""How far two databases of the same articles agree on their stories (issue 15).

    bench/story-agreement.py DB_A DB_B

Both databases must hold the same articles indexed in the same order (the same files, one run
each, any number of shards): documents are matched by their rank in document-id order, which is
arrival order in every layout. Reads the story value slot with xapian-delve (xapian-tools). Prints
the pairs of articles each groups in one story, the pairs both group, and the agreement: pairs
both group / pairs either groups.
"""
import collections
import itertools
import subprocess
import sys

STORY_SLOT = 1  # schema::kSlotStory


def stories(db):
    out = subprocess.run(["xapian-delve", "-V%d" % STORY_SLOT, db], check=True,
                         capture_output=True, text=True).stdout
    values = {}
    for line in out.splitlines():
        if not line.startswith("Value"):
            continue
        for item in line.split(":", 1)[1].split():
            docid, _, value = item.partition(":")
            values[int(docid)] = value
    ranked = [values[d] for d in sorted(values)]
    return ranked


def pairs(ranked):
    groups = collections.defaultdict(list)
    for rank, story in enumerate(ranked):
        groups[story].append(rank)
    return {p for members in groups.values() for p in itertools.combinations(members, 2)}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    a, b = stories(sys.argv[1]), stories(sys.argv[2])
    if len(a) != len(b):
        sys.exit("story-agreement: %d articles against %d: not the same articles" % (len(a), len(b)))
    pa, pb = pairs(a), pairs(b)
    both = len(pa & pb)
    either = len(pa | pb)
    print("articles %d; pairs grouped: A %d, B %d, both %d; agreement %.2f%%" % (
        len(a), len(pa), len(pb), both, 100.0 * both / either if either else 100.0))


if __name__ == "__main__":
    main()
