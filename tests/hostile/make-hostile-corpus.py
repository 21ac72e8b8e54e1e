#!/usr/bin/env python3
"""Writes a corpus of hostile files beside good ones (issue 11), and a manifest of what it wrote.

    tests/hostile/make-hostile-corpus.py DIR

DIR/files/ gets the files; DIR/manifest.json lists them:
  {"good": [{"name": ..., "word": ...}], "bad": [{"name": ..., "kind": ...}], "special": [...]}
Each good file is an article holding a word found nowhere else (`word`), which a search must find.
Each bad one is something an indexer meets from careless users and attackers: it must cost
bounded time and memory and be reported on one line of stderr, never crash or stall the run.
"special" names are FIFOs, sockets and links to devices, which must be skipped without opening.
Sizes are kept to a few MB so that the end-to-end test stays quick; the same shapes scale (the
cost of each is linear, see docs/OPERATIONS.md).
"""
import json
import os
import random
import socket
import sys

ARTICLE = ("{title}\n\nBy Staff Reporter\n\nLONDON, Oct 29 (Reuters) - The council met on "
           "Tuesday to discuss the {word} plan, officials said. The plan covers roads, schools "
           "and housing across the region.\n\nCritics said the {word} plan came too late.\n")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    files = os.path.join(root, "files")
    os.makedirs(files, exist_ok=True)
    rng = random.Random(20261203)
    good, bad, special, either = [], [], [], []

    def write(name, data):
        path = os.path.join(files.encode(), name if isinstance(name, bytes) else name.encode())
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return path

    def add_good(name, word, data=None):
        write(name, data if data is not None else ARTICLE.format(title="Council " + word, word=word))
        good.append({"name": os.fsdecode(name), "word": word})

    def add_bad(name, kind, data, odd=False):
        """odd: indexing it is as right as refusing it (text of a kind), but never two lines."""
        write(name, data)
        (either if odd else bad).append({"name": os.fsdecode(name), "kind": kind})

    # Good files, some with odd but legal names; the indexer must find each of them.
    for i, word in enumerate(["zorblatt", "quintrex", "vomplish", "drazzle", "fennimar"]):
        add_good(f"good-{i}.txt", word)
    add_good("name with spaces.txt", "spacely")
    add_good("-rf.txt", "dashlead")
    add_good("ünïcödé.txt", "umlautus")
    add_good("x" * 200 + ".txt", "longnamus")
    add_good("good.html", "htmlish",
             "<html><head><title>Council htmlish</title></head><body><article><p>The council "
             "met to discuss the htmlish plan, officials said on Tuesday.</p><p>Critics said "
             "the htmlish plan came too late for the region.</p></article></body></html>")
    add_good("good.jsonl", "jsonlish",
             json.dumps({"title": "Council jsonlish", "body": "The council met to discuss the "
                         "jsonlish plan, officials said on Tuesday."}) + "\n")
    add_good("good.json", "jsonish",
             json.dumps({"title": "Council jsonish", "body": "The council met to discuss the "
                         "jsonish plan, officials said on Tuesday."}))
    add_good("deep.html", "deepdivus",
             "<html><head><title>Council deepdivus</title></head><body>" + "<div>" * 100000 +
             "<p>The council met to discuss the deepdivus plan, officials said on Tuesday.</p>" +
             "</div>" * 100000 + "</body></html>")
    add_good("cut-mid-character.txt", "zurichcut",
             ("Zürich council\n\nThe zurichcut plan was discussed in Zürich on Tuesday, "
              "officials said.\n").encode() + "Zür".encode()[:-1])

    # Bad files: each one reported once, none indexed.
    add_bad("empty.txt", "empty", b"")
    add_bad("blank.txt", "only whitespace", b" \n\t\n   \r\n" * 100)
    add_bad("random.txt", "random bytes", bytes(rng.getrandbits(8) for _ in range(65536)))
    add_bad("nul.txt", "NUL bytes", b"Headline\n\nBody\x00text\x00" * 100)
    add_bad("zeros.txt", "all NUL", b"\0" * 100000)
    add_bad("image.txt", "PNG under a text name", b"\x89PNG\r\n\x1a\n" + b"\0" * 1000)
    add_bad("archive.html", "gzip under an HTML name", b"\x1f\x8b\x08\0" + bytes(1000))
    add_bad("elf.txt", "an executable", b"\x7fELF" + bytes(2000))
    add_bad("page.pdf", "unsupported extension", b"%PDF-1.4\n")
    add_bad("data.csv", "unsupported extension", b"a,b,c\n1,2,3\n")
    add_bad("big.txt", "larger than --max-file-size 3000000", b"word " * 700000)
    add_bad("control.txt", "control characters", bytes(rng.choice(range(1, 9)) for _ in range(5000)))
    add_bad("bad.json", "invalid JSON", b"{\"title\": \"x\", \"body\": ")
    add_bad("deep.json", "JSON nested 100,000 deep", b"[" * 100000 + b"]" * 100000)
    add_bad("deep-articles.json", "JSON articles array nested 100,000 deep",
            b"{\"articles\": " + b"[" * 100000 + b"]" * 100000 + b"}")
    add_bad("deep-object.json", "JSON objects nested 100,000 deep",
            b"{\"a\":" * 100000 + b"1" + b"}" * 100000)
    add_bad("number.json", "a JSON number", b"12345")
    add_bad("strings.json", "a JSON array of 1,000 strings", json.dumps(["a"] * 1000))
    add_bad("bad-lines.jsonl", "100,000 invalid JSON lines", b"{x\n" * 100000)
    add_bad("notext.json", "a JSON object without text", json.dumps({"url": "http://x"}))
    add_bad("huge-number.json", "a JSON number too large", b"1" + b"0" * 100000)
    add_bad("bomb.jsonl", "JSON line nested 100,000 deep",
            b"{\"title\": \"t\", \"body\": " + b"[" * 100000 + b"]" * 100000 + b"}\n")
    add_bad("bad.jsonl", "one invalid JSON line", b"{not json\n")
    add_bad("scalar.jsonl", "a JSON line that is no object", b"[1, 2, 3]\n")
    add_bad("empty.html", "HTML without text", b"<html><head></head><body></body></html>")
    add_bad("script.html", "HTML of scripts only",
            b"<html><body><script>" + b"var x = 1;" * 10000 + b"</script></body></html>")
    add_bad("attributes.html", "one tag with 100,000 attributes",
            b"<html><body><div " + b" ".join(b"a%d=\"v\"" % i for i in range(100000)) +
            b"></div></body></html>")
    add_bad("deep-comments.html", "unterminated comment",
            b"<html><body><!-- " + b"<p>not text</p>" * 20000 + b"</body></html>")
    add_bad("tags.html", "200,000 empty tags", b"<html><body>" + b"<b></b>" * 200000 +
            b"</body></html>")
    add_bad("entities.html", "character references only",
            b"<html><body>" + b"&#0;&#xD800;&#x110000;&nbsp;" * 20000 + b"</body></html>")
    add_bad("utf16-noise.txt", "UTF-16 BOM over random bytes",
            b"\xff\xfe" + bytes(rng.getrandbits(8) | 1 for _ in range(4000)), odd=True)
    add_bad("utf16.txt", "UTF-16 text with a BOM",
            ("\ufeff" + ARTICLE.format(title="Council", word="sixteen")).encode("utf-16-le"),
            odd=True)
    add_bad("long-line.txt", "one 2 MB line of one letter", b"a" * (2 << 20), odd=True)
    add_bad("long-words.txt", "a 1 MB line of long words", b"Headline\n\n" +
            b" ".join(b"x" * 5000 for _ in range(200)), odd=True)
    add_bad("crlf-only.txt", "only line ends", b"\r\n" * 100000)
    add_bad("evil\nnewsdesk-index: fake.txt: indexed fine \x1b[2J.txt", "newline and escape in name",
            b"\x00binary")
    add_bad(b"latin1-\xe9\xff.txt", "name not UTF-8", b"\x00binary")
    add_bad("\x1b]0;title\x07.txt", "OSC escape in name", b"")

    # Not regular files: skipped from their type, never opened for reading.
    def add_special(name, kind, make):
        path = os.path.join(files, name)
        try:
            make(path)
        except OSError as e:
            print(f"make-hostile-corpus: cannot make {kind} ({e}); left out", file=sys.stderr)
            return
        special.append({"name": name, "kind": kind})

    add_special("fifo.txt", "FIFO", os.mkfifo)
    add_special("zero.txt", "symbolic link to /dev/zero", lambda p: os.symlink("/dev/zero", p))
    add_special("urandom.html", "symbolic link to /dev/urandom",
                lambda p: os.symlink("/dev/urandom", p))
    add_special("null.txt", "symbolic link to /dev/null", lambda p: os.symlink("/dev/null", p))
    add_special("tty.txt", "symbolic link to /dev/tty", lambda p: os.symlink("/dev/tty", p))

    def make_socket(path):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(path)
        s.close()  # the socket file stays
    add_special("socket.txt", "Unix socket", make_socket)
    add_special("loop.txt", "symbolic link loop", lambda p: os.symlink(p, p))
    add_special("broken.txt", "broken symbolic link",
                lambda p: os.symlink(os.path.join(files, "nowhere"), p))

    with open(os.path.join(root, "manifest.json"), "w") as f:
        json.dump({"good": good, "bad": bad, "special": special, "either": either}, f, indent=1)
    print(f"{len(good)} good, {len(bad)} bad, {len(special)} special, {len(either)} odd files "
          f"in {files}")


if __name__ == "__main__":
    main()
