#!/usr/bin/env python3
"""End-to-end: newsdesk-index over the hostile corpus (make-hostile-corpus.py) mixed with good files.

    tests/hostile/check.py NEWSDESK_INDEX NEWSDESK_SEARCH WORK_DIR

Asserts what a user sees:
  - the run ends (exit 0) within a time bound and a memory bound, FIFOs and device links included;
  - every good file is searchable by its own word;
  - every bad or special file is reported on exactly one line of stderr (and of --log-file), its
    name escaped so that no line is forged and no terminal escape passes through; a file of
    records (JSON, JSON Lines) on at most MAX_PROBLEM_LINES; an odd one (valid text of a kind)
    is indexed or reported once;
  - the summary's counts add up: seen = added + skipped + failed, added = the good files.
"""
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time

TIME_LIMIT_S = 120
MEMORY_LIMIT_KB = 1 << 20  # 1 GiB peak RSS; the run needs far less (docs/OPERATIONS.md)
MAX_PROBLEM_LINES = 11  # a file's first 10 problems and a line counting the rest

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAILED: " + what, file=sys.stderr)


def escaped(name):
    """A file name as newsdesk prints it: control bytes, backslashes and bytes that are not UTF-8
    as \\n, \\t, \\\\, \\xHH."""
    out = []
    raw = os.fsencode(name)
    text = raw.decode("utf-8", "surrogateescape")
    for ch in text:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out.append("\\x%02x" % (o - 0xDC00))
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F or 0x80 <= o < 0xA0:
            out.append("\\x%02x" % o if o < 0x100 else "\\u%04x" % o)
        else:
            out.append(ch)
    return "".join(out)


def main():
    index, search, work = sys.argv[1:4]
    here = os.path.dirname(os.path.abspath(__file__))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    subprocess.run([sys.executable, os.path.join(here, "make-hostile-corpus.py"), work], check=True)
    manifest = json.load(open(os.path.join(work, "manifest.json")))
    files = os.path.join(work, "files")
    db = os.path.join(work, "db")
    log = os.path.join(work, "index.log")

    started = time.monotonic()
    try:
        run = subprocess.run([index, "--db", db, "--max-file-size", "3000000", "--log-file", log,
                              files], capture_output=True, timeout=TIME_LIMIT_S)
    except subprocess.TimeoutExpired:
        check(False, f"newsdesk-index did not finish within {TIME_LIMIT_S} s")
        return
    took = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"indexed in {took:.1f} s, peak RSS {peak_kb // 1024} MiB")
    check(run.returncode == 0, f"exit code {run.returncode}, expected 0")
    check(peak_kb < MEMORY_LIMIT_KB, f"peak RSS {peak_kb} KB over {MEMORY_LIMIT_KB} KB")
    err = run.stderr.decode("utf-8", "replace")
    for byte in (b"\x1b", b"\x07"):
        check(byte not in run.stderr, f"a raw control byte {byte!r} reached stderr")
    lines = err.splitlines()
    problem_lines = [l for l in lines if l.startswith("newsdesk-index: ")]

    def lines_of(name):
        prefix = "newsdesk-index: " + escaped(os.path.join(files, name)) + ":"
        return [l for l in problem_lines if l.startswith(prefix)]

    for entry in manifest["bad"] + manifest["special"]:
        name = entry["name"]
        n = len(lines_of(name))
        records = name.endswith(".json") or name.endswith(".jsonl")
        ok = 1 <= n <= MAX_PROBLEM_LINES if records else n == 1
        check(ok, f"{entry['kind']} ({name!r}): {n} lines, expected {'1 to 11' if records else 1}")
    for entry in manifest["either"]:
        n = len(lines_of(entry["name"]))
        check(n <= 1, f"{entry['kind']} ({entry['name']!r}): {n} lines, expected at most 1")
    # No line names a file that is not in the corpus (a forged line would).
    for line in problem_lines:
        check(line.startswith("newsdesk-index: " + files + "/"), f"stray line {line!r}")

    summary = [l for l in run.stdout.decode("utf-8", "replace").splitlines() if " files seen: " in l]
    check(len(summary) == 1, "one summary line")
    if summary:
        m = re.match(r"(\d+) files seen: (\d+) added, (\d+) updated, (\d+) unchanged, "
                     r"(\d+) skipped, (\d+) failed", summary[0])
        check(m is not None, f"summary line {summary[0]!r}")
        if m:
            seen, added, _, _, skipped, failed = map(int, m.groups())
            reported = len(manifest["bad"]) + len(manifest["special"])
            odd_reported = sum(1 for e in manifest["either"] if lines_of(e["name"]))
            odd_indexed = len(manifest["either"]) - odd_reported
            check(seen == added + skipped + failed, f"counts: {summary[0]}")
            check(added == len(manifest["good"]) + odd_indexed,
                  f"{added} added, {len(manifest['good'])} good + {odd_indexed} odd indexed")
            check(skipped + failed == reported + odd_reported,
                  f"{skipped + failed} skipped or failed, {reported} bad + {odd_reported} odd")

    with open(log, "rb") as f:
        logged = f.read()
    for byte in (b"\x1b", b"\x07"):
        check(byte not in logged, f"a raw control byte {byte!r} reached the log file")
    check(b"\nnewsdesk-index: fake.txt" not in logged and
          not any(l.startswith(b"newsdesk-index: fake.txt") for l in logged.splitlines()),
          "a forged line in the log file")

    for entry in manifest["good"]:
        r = subprocess.run([search, "--db", db, "--json", "--no-collapse", entry["word"]],
                           capture_output=True, timeout=60)
        check(r.returncode == 0, f"search {entry['word']}: exit {r.returncode}")
        if r.returncode == 0:
            hits = json.loads(r.stdout)["results"]
            paths = [h["path"] for h in hits]
            check(any(p.endswith("/" + entry["name"]) for p in paths),
                  f"good file {entry['name']!r} not found by {entry['word']!r}: {paths}")


if __name__ == "__main__":
    main()
    if failures:
        print(f"{len(failures)} checks failed", file=sys.stderr)
        sys.exit(1)
    print("hostile corpus: all checks passed")
