#!/usr/bin/python3
"""Headline, date and dateline counts over whole collections (issue 14, item 1).

    bench/wire-metadata.py [--reuters DIR] [--bbc DIR] [--index BIN] [--examples N] [--check]

Runs `newsdesk-index --dump` over each collection and checks what it gives against the files
themselves, with rules of this script's own (not the indexer's):

  short title      the title has one or two words and is not a whole line of the file's
                   top (a two-word headline such as "MARKET HOLIDAYS" is right)
  dateline title   the title is a dateline: a place that opens a body line as a dateline
                   somewhere in the collection ("LOS ANGELES, March 12 -" gives LOS ANGELES),
                   such a place followed by a date ("LOS ANGELES, March 12"), or a bare
                   month and day ("APRIL 7")
  headline dateline  the dateline field opens the file's first line, which did not become
                   the title (a headline taken for a place)
  mtime, date named  dated by the file's time although one of the file's first six non-blank
                   lines is a date line: a full date (26-FEB-1987, March 12, 1987, 12 March
                   1987, 1987-03-12) and at most four other words, or a dateline with one
                   ("LONDON, March 12, 1987 -")
  cut, no ellipsis  the title is not a whole line of the file, and where it appears in the
                   text a sentence goes on after it, yet it does not end with "…"

--reuters defaults to converting ../shared/data/reuters21578 with bench/reuters-to-files.py
into a temporary directory; --bbc defaults to ../shared/data/bbc. A collection that is absent
is skipped, saying so. --examples prints that many paths of each kind. --check (the test
suite's use): exit 1 when any count is not 0, 77 when no collection is present. Python 3 standard
library only.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
FULL_DATE = re.compile(
    r"\b(?:\d{1,2}-" + MONTHS + r"-\d{4}|" + MONTHS + r"\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|"
    r"\d{1,2}(?:st|nd|rd|th)? " + MONTHS + r"\.?,? \d{4}|\d{4}-\d\d-\d\d)\b", re.I)
BODY_DATELINE = re.compile(r"^\s*([A-Z][A-Z.'\- ]*[A-Z.]),( [A-Z][A-Za-z.]+)*?,? ?(?:" +
                           MONTHS + r"\.? \d{1,2})?\s*(?:\([A-Za-z]+\))?\s*-")
MONTH_DAY = re.compile(r"^" + MONTHS + r"\.? \d{1,2}$", re.I)
PLACE_DATE = re.compile(r"^([A-Za-z.'\- ]+), " + MONTHS + r"\.? \d{1,2}\b", re.I)


def names_date(line):
    m = FULL_DATE.search(line)
    if not m:
        return False
    if len((line[:m.start()] + " " + line[m.end():]).split()) <= 4:
        return True
    return bool(BODY_DATELINE.match(line[:m.end()] + " -"))


def norm(s):
    """Single-spaced, lower case, without trailing commas, semicolons and colons."""
    return " ".join(s.split()).lower().rstrip(",;:")


def dump(index, root):
    out = subprocess.run([index, "--dump", root], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, check=False)
    return [json.loads(line) for line in out.stdout.decode("utf-8").splitlines() if line]


def check(name, rows, examples):
    raw = {}
    places = set()
    for r in rows:
        if r["path"] not in raw:
            with open(r["path"], "rb") as f:
                raw[r["path"]] = f.read().decode("utf-8", "replace")
            for line in raw[r["path"]].splitlines():
                m = BODY_DATELINE.match(line)
                if m:
                    places.add(m.group(1).strip().lower())
    kinds = collections.defaultdict(list)
    for r in rows:
        text = raw[r["path"]]
        lines = [l.strip() for l in text.splitlines() if l.strip()]
        title = r["title"].strip()
        t = norm(title)
        if len(title.split()) <= 2 and t not in {norm(l) for l in lines[:3]}:
            kinds["short title"].append(r["path"])
        m = PLACE_DATE.match(title)
        if t in places or MONTH_DAY.match(title) or (m and m.group(1).strip().lower() in places):
            kinds["dateline title"].append(r["path"])
        if r["dateline"] and lines and norm(lines[0]).startswith(norm(r["dateline"])) and \
                norm(r["dateline"]) not in places and t != norm(lines[0]):
            kinds["headline dateline"].append(r["path"])
        if r["date_source"] == "mtime" and any(names_date(l) for l in lines[:6]):
            kinds["mtime, date named"].append(r["path"])
        if t and not title.endswith("…") and t not in {norm(l) for l in lines}:
            flat = norm(text)
            at = flat.find(t)
            nxt = flat[at + len(t):at + len(t) + 2] if at >= 0 else ""
            if at >= 0 and nxt and not re.match(r"[.!?\"'”’]", nxt):
                kinds["cut, no ellipsis"].append(r["path"])
    print(f"{name}: {len(rows)} articles from {len(raw)} files")
    total = 0
    for k in ["short title", "dateline title", "headline dateline", "mtime, date named",
              "cut, no ellipsis"]:
        print(f"  {k:18} {len(kinds[k]):6}")
        total += len(kinds[k])
        for p in kinds[k][:examples]:
            title = next(r["title"] for r in rows if r["path"] == p)
            print(f"      {p}  {title[:80]!r}")
    return total


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    data = os.path.join(repo, "..", "shared", "data")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reuters", help="Reuters stories as files (bench/reuters-to-files.py)")
    ap.add_argument("--bbc", default=os.path.join(data, "bbc"))
    ap.add_argument("--index", default=os.path.join(repo, "build", "indexer", "newsdesk-index"))
    ap.add_argument("--examples", type=int, default=0)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()

    found = bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        reuters = args.reuters
        if not reuters and os.path.isdir(os.path.join(data, "reuters21578")):
            reuters = os.path.join(tmp, "reuters")
            subprocess.run([sys.executable, os.path.join(here, "reuters-to-files.py"), reuters],
                           check=True, stdout=subprocess.DEVNULL)
        for name, root in [("Reuters-21578", reuters), ("BBC", args.bbc)]:
            if not root or not os.path.isdir(root):
                print(f"{name}: skipped: {root or 'no data'} is absent")
                continue
            found += 1
            bad += check(name, dump(args.index, root), args.examples)
    if args.check and not found:
        sys.exit(77)
    if args.check and bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
