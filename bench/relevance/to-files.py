#!/usr/bin/python3
"""Convert a classic test collection into article files for newsdesk-index, plus its topics.

  to-files.py NAME SRC OUT

NAME is time, cran or med; SRC holds the collection's files as SRC/SOURCE.md describes them.
Writes:
  OUT/docs/NAME-NNN.txt   one article per file, NNN the collection's document number (zero-padded
                          to 4 digits): the text as it is, only the source's line layout undone.
                          CRAN's documents have titles (.T): the file starts with the title on a
                          line of its own, a blank line, then the text, as a news file with a
                          headline does. TIME and MED have none: the file is the text alone.
  OUT/queries.tsv         id<TAB>query, for the queries that have at least one relevant document,
                          in collection order, the text on one line, lower case (TIME is upper
                          case; quest would read OR/AND/NOT in capitals as operators).
  OUT/qrels.tsv           id<TAB>doc number, one line per relevant document.
Prints one summary line on stderr. Exits 1 when the input is not shaped as expected.

Collection quirks handled here (see each SOURCE.md):
  TIME  *TEXT <id> records, a blank line after every wrapped line (undone: otherwise every line
        reads as its own paragraph and the first as a headline); TIME.REL numbers documents by
        their *TEXT id. Only the queries in TIME.QUE are used (this copy holds the odd ones).
  CRAN  queries are numbered 001, 002, 004, ... but cranqrel numbers them 1..225 in file order:
        renumbered by position. Codes 1-4 are relevant, -1 is not.
  MED   MED.REL lines are `query 0 doc 1`.
"""
import os
import re
import sys


def fail(msg):
    sys.exit("to-files.py: " + msg)


def records(path, marker, encoding="ascii"):
    """Yields (header fields, body lines) for each record whose first line starts with marker."""
    header, body = None, []
    with open(path, encoding=encoding, errors="replace") as fh:
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


def one_line(lines):
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


def smart_fields(lines):
    """A SMART record's fields: {'T': [lines], 'W': [lines], ...} from its `.X` marker lines."""
    fields, current = {}, None
    for line in lines:
        m = re.match(r"^\.([A-Z])\s*$", line)
        if m:
            current = fields.setdefault(m.group(1), [])
        elif current is not None:
            current.append(line.rstrip())
    return fields


def paragraphs(lines):
    """SMART text: a line indented by two spaces starts a paragraph; other lines continue one."""
    paras = []
    for line in lines:
        if not line.strip():
            continue
        if line.startswith("  ") or not paras:
            paras.append([])
        paras[-1].append(line.strip())
    return ["\n".join(p) for p in paras]


def headline(lines):
    """A title as a headline line: one line, without the collection's final " ."."""
    return re.sub(r"\s*\.$", "", one_line(lines))


def time_collection(src):
    docs = {}
    for header, body in records(os.path.join(src, "TIME.ALL"), "*TEXT"):
        lines = [line.rstrip() for line in body if line.strip()]
        if not lines:
            fail("TIME.ALL: *TEXT %s has no text" % header[0])
        docs[int(header[0])] = "\n".join(lines) + "\n"
    queries = [(int(h[0]), one_line(b)) for h, b in records(os.path.join(src, "TIME.QUE"), "*FIND")]
    qrels = {}
    with open(os.path.join(src, "TIME.REL"), encoding="ascii") as fh:
        for line in fh:
            fields = line.split()
            if fields:
                qrels[int(fields[0])] = [int(d) for d in fields[1:]]
    return docs, queries, qrels


def cran_collection(src):
    docs = {}
    for header, body in records(os.path.join(src, "cran.all.1400"), ".I"):
        f = smart_fields(body)
        text = "\n\n".join(paragraphs(f.get("W", [])))
        title = headline(f.get("T", []))
        if not text and not title:
            continue  # two records (471, 995) are empty; the judgments name neither
        docs[int(header[0])] = (title + "\n\n" if title else "") + text + "\n"
    queries = []
    for n, (header, body) in enumerate(records(os.path.join(src, "cran.qry"), ".I"), 1):
        queries.append((n, one_line(smart_fields(body).get("W", []))))
    qrels = {}
    with open(os.path.join(src, "cranqrel"), encoding="ascii") as fh:
        for line in fh:
            fields = line.split()
            if len(fields) == 3 and int(fields[2]) in (1, 2, 3, 4):
                qrels.setdefault(int(fields[0]), []).append(int(fields[1]))
    return docs, queries, qrels


def med_collection(src):
    docs = {}
    for header, body in records(os.path.join(src, "MED.ALL"), ".I"):
        text = "\n".join(line.strip() for line in smart_fields(body).get("W", []) if line.strip())
        if not text:
            fail("MED.ALL: .I %s has no text" % header[0])
        docs[int(header[0])] = text + "\n"
    queries = [(int(h[0]), one_line(smart_fields(b).get("W", [])))
               for h, b in records(os.path.join(src, "MED.QRY"), ".I")]
    qrels = {}
    with open(os.path.join(src, "MED.REL"), encoding="ascii") as fh:
        for line in fh:
            fields = line.split()
            if len(fields) == 4 and fields[3] == "1":
                qrels.setdefault(int(fields[0]), []).append(int(fields[2]))
    return docs, queries, qrels


READERS = {"time": time_collection, "cran": cran_collection, "med": med_collection}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in READERS:
        sys.exit(__doc__)
    name, src, out = sys.argv[1:]
    docs, queries, qrels = READERS[name](src)
    if not docs or not queries:
        fail("%s: no documents or no queries in %s" % (name, src))
    os.makedirs(os.path.join(out, "docs"), exist_ok=True)
    for num, text in docs.items():
        with open(os.path.join(out, "docs", "%s-%04d.txt" % (name, num)), "w",
                  encoding="utf-8") as fh:
            fh.write(text)
    judged = 0
    with open(os.path.join(out, "queries.tsv"), "w", encoding="utf-8") as qf, \
            open(os.path.join(out, "qrels.tsv"), "w", encoding="utf-8") as rf:
        for qid, text in queries:
            relevant = [d for d in qrels.get(qid, []) if d in docs]
            if not relevant or not text:
                continue  # no relevant document: AP and nDCG are undefined
            qf.write("%d\t%s\n" % (qid, text.lower()))
            for d in relevant:
                rf.write("%d\t%d\n" % (qid, d))
            judged += 1
    print("%s: %d articles, %d judged queries (of %d)" % (name.upper(), len(docs), judged,
                                                          len(queries)), file=sys.stderr)


if __name__ == "__main__":
    main()
