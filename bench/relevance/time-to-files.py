#!/usr/bin/python3
"""Convert the TIME test collection into article files for newsdesk-index, plus its topics.

  time-to-files.py SRC OUT

SRC holds TIME.ALL, TIME.QUE and TIME.REL (see SRC/SOURCE.md). Writes:
  OUT/docs/time-NNN.txt   one article per file, NNN its *TEXT number (3+ digits, zero-padded):
                          the article's text as it is, only the collection's double spacing
                          undone (the source puts a blank line after every wrapped line; kept,
                          every line would read as its own paragraph and the first one as a
                          headline). No title is added: TIME articles have none apart from
                          their first words. The *TEXT line (id, date, page) is left out.
  OUT/queries.tsv         id<TAB>query, for the queries that have at least one relevant document,
                          in collection order; the query text as it is (upper case, one line).
  OUT/qrels.tsv           id<TAB>doc number, one line per relevant document.
Prints one summary line on stderr. Exits 1 when the input is not shaped as expected.
"""
import os
import re
import sys


def records(path, marker):
    """Yields (header fields, body lines) for each record starting with `marker`."""
    header, body = None, []
    with open(path, encoding="ascii") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith(marker):
                if header is not None:
                    yield header, body
                header, body = line.split()[1:], []
            elif header is not None:
                body.append(line)
    if header is not None:
        yield header, body


def unspaced(lines):
    """The record's lines without the collection's blank separators and outer blank lines."""
    return [line.rstrip() for line in lines if line.strip()]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: time-to-files.py SRC OUT")
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out, "docs"), exist_ok=True)

    ndocs = 0
    for header, body in records(os.path.join(src, "TIME.ALL"), "*TEXT"):
        num = int(header[0])
        lines = unspaced(body)
        if not lines:
            sys.exit("TIME.ALL: *TEXT %s has no text" % header[0])
        with open(os.path.join(out, "docs", "time-%03d.txt" % num), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        ndocs += 1

    qrels = {}
    with open(os.path.join(src, "TIME.REL"), encoding="ascii") as fh:
        for line in fh:
            fields = line.split()
            if fields:
                qrels[int(fields[0])] = [int(d) for d in fields[1:]]

    judged = 0
    with open(os.path.join(out, "queries.tsv"), "w", encoding="utf-8") as qf, \
            open(os.path.join(out, "qrels.tsv"), "w", encoding="utf-8") as rf:
        for header, body in records(os.path.join(src, "TIME.QUE"), "*FIND"):
            qid = int(header[0])
            if not qrels.get(qid):
                continue  # no relevant document: AP and nDCG are undefined
            text = re.sub(r"\s+", " ", " ".join(unspaced(body))).strip()
            qf.write("%d\t%s\n" % (qid, text))
            for d in qrels[qid]:
                rf.write("%d\t%d\n" % (qid, d))
            judged += 1
    print("TIME: %d articles, %d judged queries (of %d in TIME.REL)" % (ndocs, judged, len(qrels)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
