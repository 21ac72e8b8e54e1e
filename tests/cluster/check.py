#!/usr/bin/env python3
"""End-to-end: a cluster of shards served by Debian's stock xapian-tcpsrv on loopback (issue 16).

    tests/cluster/check.py NEWSDESK_INDEX NEWSDESK_SEARCH NEWSDESK_SERVE CORPUS_DIR SHARED_DATA
                           QUERIES WORK_DIR

Indexes the BBC set (SHARED_DATA/bbc; without it the repository's corpus, saying so) into K
shards, serves each with its own xapian-tcpsrv on 127.0.0.1, and asserts what a user sees:
  - every query of the bench set (QUERIES), every query form and every sort answers through a
    cluster file of remote shards exactly as the local database of the same shards does (hits,
    order, totals, facet counts, story sizes, snippets, suggestions; scores to 1e-4), and so does a
    cluster file mixing local and remote shards;
  - the HTTP API over the cluster answers as the CLI does;
  - a shard that is killed, or stopped (slower than its timeout), leaves answers from the others
    that say so ("partial": true, "missing_shards", a text line), within the timeout; under
    --require-all-shards the query fails with a clear error; the server never answers 500;
  - restarted, the shard is back in the server's answers after the cluster's retry interval;
  - replication: xapian-replicate-server and xapian-replicate copy the shards to a replica
    that another xapian-tcpsrv serves; after more articles are indexed, the replica converges
    and a search through it finds them.
Exit 77 (skipped) without xapian-tcpsrv.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

SHARDS = 3
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAILED: " + what, file=sys.stderr)
    return ok


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


class Processes:
    """Background servers, all stopped at exit."""

    def __init__(self):
        self.procs = []

    def start(self, argv, port):
        # Each in a session of its own: xapian-tcpsrv ends its whole process group on SIGTERM.
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             start_new_session=True)
        self.procs.append(p)
        if not wait_port(port):
            raise SystemExit(f"{argv[0]} did not listen on {port}: {p.stderr.read()[:500]}")
        return p

    def stop(self, p):
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGCONT)
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def stop_all(self):
        for p in self.procs:
            self.stop(p)


def tcpsrv(procs, port, path):
    return procs.start(["xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port",
                        str(port), path], port)


def answers(search, db, options, lines, work):
    """The --batch answers to `lines` (one query each) with `options`, without their timing."""
    batch = os.path.join(work, "batch.txt")
    with open(batch, "w") as f:
        f.write("".join(line + "\n" for line in lines))
    r = run([search, "--db", db, "--json", "--batch", batch] + options, timeout=600)
    check(r.returncode in (0, 2), f"--batch {options} on {db}: exit {r.returncode}: "
          f"{r.stderr[:300]}")
    out = []
    for line in r.stdout.splitlines():
        j = json.loads(line)
        j.pop("took_ms", None)
        out.append(j)
    return out


def one(search, db, args):
    r = run([search, "--db", db, "--json"] + args, timeout=120)
    if not check(r.returncode == 0, f"{' '.join(args)} on {db}: exit {r.returncode} {r.stderr}"):
        return {}
    j = json.loads(r.stdout)
    j.pop("took_ms", None)
    return j


# Scores may differ by one in their 4th decimal: local shards weigh with newsdesk's QuantisedBM25
# (each part rounded to a 2^-24 grid, searcher/src/ranking.hpp), remote ones with Xapian's own
# BM25Weight (xapian-tcpsrv knows no other), the same up to those roundings. All else is exact.
SCORE_TOLERANCE = 1.5e-4


# For the same reason, hits whose scores the grid makes equal locally may come in another order
# remotely (a stopword-only query, say): a hit may trade places with, or at the page's end be
# replaced by, one of the same score; so may a story's best article by another article of that
# story of the same score (two copies of one report under other headlines); everything else
# about the hits is compared exactly.
def story_of(hit):
    story = hit.get("story")
    return story.get("id") if isinstance(story, dict) else None


def same_hits(a, b):
    if len(a) != len(b):
        return False
    close = lambda x, y: abs(x["score"] - y["score"]) <= SCORE_TOLERANCE
    by_id = {h["id"]: h for h in b}
    for i, (x, y) in enumerate(zip(a, b)):
        if not close(x, y):
            return False
        if x["id"] != y["id"]:
            tied = any(close(x, h) for j, h in enumerate(a) if j != i) or i == len(a) - 1
            if not tied and (story_of(x) is None or story_of(x) != story_of(y)):
                return False
        other = by_id.get(x["id"])
        if other is not None and not same(dict(x, rank=0), dict(other, rank=0)):
            return False
    return True


def same(a, b, key=None):
    if key == "score" and isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= SCORE_TOLERANCE
    if key == "results" and isinstance(a, list) and isinstance(b, list):
        return same_hits(a, b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k], k) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y, key) for x, y in zip(a, b))
    return a == b


def compare(search, local, cluster, label, options, lines, work):
    a = answers(search, local, options, lines, work)
    b = answers(search, cluster, options, lines, work)
    check(len(a) == len(b) == len(lines), f"{label} {options}: {len(a)} and {len(b)} answers")
    differ = [i for i, (x, y) in enumerate(zip(a, b)) if not same(x, y)]
    if differ:
        i = differ[0]
        check(False, f"{label} {options}: {len(differ)} of {len(lines)} answers differ; first "
              f"{lines[i]!r}\n local:   {json.dumps(a[i])[:600]}\n cluster: {json.dumps(b[i])[:600]}")
    return len(lines)


def query_forms(search, local, words):
    """Query-language forms, with facet values, stories and articles from the local answers."""
    forms = []
    for w in words:
        forms += [w, "title:" + w, f'"{w}" OR {words[0]}', f"{w} NOT {words[-1]}",
                  f"+{w} -{words[-1]}", f"{w} NEAR {words[-1]}", w[:3] + "*",
                  f"date:2000.. {w}", f"date:2004-06..2005-01 {w}"]
        first = one(search, local, ["--no-collapse", "--facets", "3", w])
        for kind, values in first.get("facets", {}).items():
            for v in values:
                forms += [f'{kind}:"{v["value"]}" {w}', f'{kind}:"{v["value"]}"']
    return forms


def related(search, local, words):
    """--like and --story argument lists from the local answers."""
    out = []
    for w in words:
        for hit in one(search, local, [w]).get("results", []):
            out.append(["--like", hit["id"]])
            if isinstance(hit.get("story"), dict):
                out.append(["--story", hit["story"]["id"]])
                out.append(["--story", hit["story"]["id"], w])
    return out


def http_json(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        body = e.read()
        try:
            return e.code, json.loads(body)
        except ValueError:
            return e.code, {"unparsed": body[:200].decode("utf-8", "replace")}


def main():
    index, search, serve, corpus, shared, queries_file, work = sys.argv[1:8]
    if not shutil.which("xapian-tcpsrv"):
        print("skipped: xapian-tcpsrv is missing (scripts/install-deps.sh installs xapian-tools)")
        return 77
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    bbc = os.path.join(shared, "bbc")
    if os.path.isdir(bbc):
        data = [os.path.join(bbc, d) for d in ("business", "politics")]
        words = ["oil", "election", "Blair", "shares"]
        misspelt = "goverment"
    else:
        print(f"skipped: the BBC parts ({bbc} is absent); the cluster serves {corpus} instead")
        data = [corpus]
        words = ["troops", "minister", "harbour"]
        misspelt = "Kursck"
    with open(queries_file) as f:
        queries = [q.strip() for q in f if q.strip()]

    local = os.path.join(work, "local")
    r = run([index, "--quiet", "--db", local, "--shards", str(SHARDS)] + data, timeout=900)
    if not check(r.returncode == 0, f"indexing: {r.stderr}"):
        return 1
    stub = [line.split() for line in open(os.path.join(local, "XAPIANDB")) if line.strip()]
    paths = [os.path.join(local, name) for _, name in stub]
    check(len(paths) == SHARDS, f"stub names {len(paths)} shards")

    procs = Processes()
    try:
        ports = [free_port() for _ in paths]
        servers = [tcpsrv(procs, port, path) for port, path in zip(ports, paths)]
        cluster = os.path.join(work, "cluster.txt")
        with open(cluster, "w") as f:
            f.write("# remote shards on loopback\ntimeout 3\nconnect-timeout 1\nretry 1\n")
            f.write("".join(f"remote 127.0.0.1:{p}\n" for p in ports))
        mixed = os.path.join(work, "mixed.txt")
        with open(mixed, "w") as f:
            f.write(f"glass {paths[0]}\n")
            f.write("".join(f"remote 127.0.0.1:{p}\n" for p in ports[1:]))

        # 1. The same answers as the local shards.
        compared = 0
        lines = queries + query_forms(search, local, words) + [misspelt, "DPRK", "the"]
        for options in ([], ["--no-collapse"], ["--sort", "date"], ["--sort", "newest-relevant"],
                        ["--sort", "date", "--no-collapse"], ["--offset", "3", "--limit", "4"],
                        ["--facets", "50", "--limit", "50"],
                        ["--since", "2004-06", "--until", "2005-01"]):
            compared += compare(search, local, cluster, "remote", options, lines, work)
        compared += compare(search, local, mixed, "mixed", ["--sort", "newest-relevant"],
                            lines, work)
        for args in related(search, local, words[:2]) + [["-f", "source:BBC", words[0]]]:
            x, y = one(search, local, args), one(search, cluster, args)
            differ = sorted(k for k in set(x) | set(y) if not same(x.get(k), y.get(k), k))
            check(not differ, f"{' '.join(args)}: the cluster answers otherwise ({differ})\n"
                  f" local:   {json.dumps({k: x.get(k) for k in differ})[:600]}\n"
                  f" cluster: {json.dumps({k: y.get(k) for k in differ})[:600]}")
            compared += 1
        print(f"{compared} answers compared, local shards against remote ones")

        # 2. The API over the cluster answers as the CLI does.
        http = free_port()
        server = procs.start([serve, "--db", cluster, "--listen", f"127.0.0.1:{http}",
                              "--threads", "2", "--access-log", os.devnull], http)
        status, page = http_json(http, f"/api/search?q={words[0]}")
        cli = one(search, cluster, [words[0]])
        check(status == 200 and page.get("total") == cli.get("total") and
              [h["id"] for h in page.get("results", [])] == [h["id"] for h in cli["results"]],
              f"API answer to {words[0]}: {status} {json.dumps(page)[:300]}")
        full = (page.get("total"), page.get("articles"))

        # 3. Faults: a killed shard, then a stopped one.
        procs.stop(servers[1])
        gone = f"remote 127.0.0.1:{ports[1]}"
        partial = one(search, cluster, [words[0]])
        check(partial.get("partial") is True and partial.get("missing_shards") == [gone] and
              0 < partial.get("articles", 0) < full[1],
              f"a killed shard: {json.dumps(partial)[:400]}")
        text = run([search, "--db", cluster, words[0]], timeout=60)
        check(text.returncode == 0 and "could not be reached" in text.stdout and gone in text.stdout,
              f"text answer without a shard: {text.stdout[:300]}")
        strict = run([search, "--db", cluster, "--require-all-shards", words[0]], timeout=60)
        check(strict.returncode != 0 and gone in strict.stderr and "required" in strict.stderr,
              f"--require-all-shards: exit {strict.returncode}, {strict.stderr[:300]}")
        started = time.time()
        status, page = http_json(http, f"/api/search?q={words[0]}")
        check(status == 200 and page.get("partial") is True and page.get("missing_shards") == [gone],
              f"API without a shard: {status} {json.dumps(page)[:300]}")
        check(time.time() - started < 10, "API answer without a shard took over 10 s")
        servers[1] = tcpsrv(procs, ports[1], paths[1])
        time.sleep(1.5)  # the cluster's retry interval
        status, page = http_json(http, f"/api/search?q={words[0]}")
        check(status == 200 and "partial" not in page and (page.get("total"), page.get("articles")) == full,
              f"API after the shard returned: {status} {json.dumps(page)[:300]}")

        # Alive, but slower than any timeout: the server and its connections' processes stop.
        os.killpg(servers[2].pid, signal.SIGSTOP)
        started = time.time()
        status, page = http_json(http, f"/api/search?q={words[1]}")
        took = time.time() - started
        check(status == 200 and page.get("missing_shards") == [f"remote 127.0.0.1:{ports[2]}"],
              f"API with a stopped shard: {status} {json.dumps(page)[:300]}")
        check(took < 20, f"API with a stopped shard took {took:.1f} s")
        status, page = http_json(http, f"/api/articles/{cli['results'][0]['id']}")
        check(status in (200, 404, 503) and "unparsed" not in page,
              f"article with a stopped shard: {status} {page}")
        os.killpg(servers[2].pid, signal.SIGCONT)
        time.sleep(1.5)
        status, page = http_json(http, f"/api/search?q={words[0]}")
        check(status == 200 and "partial" not in page and (page.get("total"), page.get("articles")) == full,
              f"API after the stopped shard went on: {status} {json.dumps(page)[:300]}")
        procs.stop(server)

        # 4. Replication: a replica of every shard follows the writer.
        rport = free_port()
        gen = os.path.dirname(paths[0])
        procs.start(["xapian-replicate-server", "--interface", "127.0.0.1", "--port", str(rport),
                     gen], rport)
        replica = os.path.join(work, "replica")
        os.makedirs(replica)

        def replicate():
            for path in paths:
                name = os.path.basename(path)
                r = run(["xapian-replicate", "-h", "127.0.0.1", "-p", str(rport), "-m", name,
                         "-o", "-q", "-r", "0", os.path.join(replica, name)], timeout=300)
                check(r.returncode == 0, f"xapian-replicate {name}: {r.stderr[:300]}")

        replicate()
        rports = [free_port() for _ in paths]
        for port, path in zip(rports, paths):
            tcpsrv(procs, port, os.path.join(replica, os.path.basename(path)))
        through = os.path.join(work, "replicas.txt")
        with open(through, "w") as f:
            f.write("".join(f"remote 127.0.0.1:{p}\n" for p in rports))
        http = free_port()
        procs.start([serve, "--db", through, "--listen", f"127.0.0.1:{http}", "--threads", "1",
                     "--access-log", os.devnull], http)
        check(same(one(search, through, [words[0]]), one(search, local, [words[0]])),
              "the replicas answer as the writer's shards")
        news = os.path.join(work, "news")
        os.makedirs(news)
        with open(os.path.join(news, "zebra.txt"), "w") as f:
            f.write("Quagga zebras return to the Karoo\n\nBreeders said the quagga zebras "
                    "were back on the Karoo plains this spring.\n")
        r = run([index, "--quiet", "--db", local] + data + [news], timeout=600)
        check(r.returncode == 0, f"indexing more: {r.stderr}")
        check(os.path.dirname(os.path.join(local, open(os.path.join(local, "XAPIANDB"))
                                           .read().split()[1])) == gen,
              "an incremental run keeps the generation")
        behind = one(search, through, ["quagga"])
        check("Quagga" not in json.dumps(behind), f"the replica is behind: {json.dumps(behind)[:300]}")
        replicate()
        found = one(search, through, ["quagga"])
        check(found.get("total") == 1 and same(found, one(search, local, ["quagga"])),
              f"the replica converged: {json.dumps(found)[:300]}")
        # A reader that was open before sees the new revision (its refresh interval is 1 s).
        time.sleep(1.5)
        status, page = http_json(http, "/api/search?q=quagga")
        check(status == 200 and page.get("total") == 1,
              f"the open server sees the replica's new revision: {status} {json.dumps(page)[:300]}")
    finally:
        procs.stop_all()
    if failures:
        print(f"{len(failures)} checks failed", file=sys.stderr)
        return 1
    print("cluster: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
