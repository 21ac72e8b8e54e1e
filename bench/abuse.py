#!/usr/bin/env python3
"""newsdesk-serve under abuse (issue 11), on loopback, in bounded loops; see bench/abuse.sh."""
import multiprocessing
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

SERVE, DB, SECONDS = sys.argv[1], sys.argv[2], float(sys.argv[3])
HEALTH_LIMIT_S = 1.0


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def request(port, raw, timeout=30):
    """Sends raw bytes, returns (status, bytes received, seconds)."""
    started = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(raw)
        got = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    except OSError:
        pass
    finally:
        s.close()
    status = int(got.split(b" ", 2)[1]) if got.startswith(b"HTTP/1.1 ") else 0
    return status, len(got), time.monotonic() - started


def get(port, target, headers=""):
    return request(port, f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{headers}\r\n"
                   .encode())


class HealthProbe:
    """Asks /healthz every 100 ms; keeps the slowest answer and any failure."""

    def __init__(self, port):
        self.port, self.worst, self.failures, self.count = port, 0.0, 0, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run)
        self.thread.start()

    def run(self):
        while not self.stop.is_set():
            status, _, took = get(self.port, "/healthz")
            self.count += 1
            self.worst = max(self.worst, took)
            if status != 200:
                self.failures += 1
            time.sleep(0.1)

    def finish(self):
        self.stop.set()
        self.thread.join()
        return self.worst, self.failures, self.count


def slow_headers(port, deadline):
    """50 connections, each sending one header line every 2 s, never finishing."""
    conns = []
    for _ in range(50):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /api/search?q=x HTTP/1.1\r\nHost: x\r\n")
        conns.append(s)
    n = 0
    while time.monotonic() < deadline:
        time.sleep(2)
        for s in conns:
            try:
                s.sendall(b"X-Slow-%d: 1\r\n" % n)
            except OSError:
                pass
        n += 1
    for s in conns:
        s.close()
    return "50 connections"


def in_parallel(n, deadline, job):
    done = [0]
    statuses = {}
    lock = threading.Lock()

    def loop(i):
        while time.monotonic() < deadline:
            status = job(i)
            with lock:
                done[0] += 1
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return f"{done[0]} requests, statuses {dict(sorted(statuses.items()))}"


EXPENSIVE = [
    "s* t* c* p* a* m* b* d*",  # eight wildcards, the most allowed
    '"the government said it would" OR "the company said"',
    "a* NEAR b* NEAR c*",
    " ".join(["said"] * 100),
    "(" * 50 + "year" + ")" * 50,
    "s* " * 340,  # refused: too many wildcards
    "government OR people OR year OR time OR world OR new OR first OR last OR game OR film",
    "title:s* OR title:t* OR title:c*",
]


def hostile_queries(n, seed=11):
    rng = random.Random(seed)
    parts = ["-date:x", "+date:2024-13-45", "date:2024..2023", "date:2024-02-30", "s*", "((",
             "\"", "NOT", "AND", "OR", "NEAR", "person:", "place:\"", "title:", "\xff", "\u202e",
             "\x00", "%00", "Kursk", "troops", "*", "?", "\\", "'", "<script>", "a" * 300]
    out = []
    for _ in range(n):
        k = rng.randint(1, 12)
        q = " ".join(rng.choice(parts) for _ in range(k))
        if rng.random() < 0.2:
            q = "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 60)))
        out.append(q.encode("utf-8", "surrogatepass")[:1000])
    return out


def main():
    server = subprocess.Popen([SERVE, "--db", DB, "--listen", "127.0.0.1:0",
                               "--access-log", "/dev/null"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    line = server.stdout.readline().decode()
    port = int(line.rsplit(":", 1)[1])
    try:
        # Warm-up, to a steady state: every search slot and its searcher in use at once, with
        # ordinary and expensive queries, a few times over.
        warm = [threading.Thread(target=lambda q=q: [get(port, "/api/search?" + urllib.parse
                                                         .urlencode({"q": q})) for _ in range(20)])
                for q in ["government", "people said", "film", "year", "world cup", "market",
                          "election", "s* t*"] + EXPENSIVE]
        for t in warm:
            t.start()
        for t in warm:
            t.join()
        def round_of(seconds, n_hostile, seed):
            rows = []

            def phase(name, run):
                # The load comes from another process: the probe does not wait on its GIL.
                out = multiprocessing.Queue()
                load = multiprocessing.Process(
                    target=lambda: out.put(run(time.monotonic() + seconds)))
                probe = HealthProbe(port)
                load.start()
                what = out.get()
                load.join()
                worst, failures, count = probe.finish()
                alive = server.poll() is None
                rows.append((name, what, worst, failures, count, alive, rss_kb(server.pid)))

            phase("slow headers", lambda d: slow_headers(port, d))
            phase("8 expensive queries", lambda d: in_parallel(
                8, d, lambda i: get(port, "/api/search?" + urllib.parse.urlencode(
                    {"q": EXPENSIVE[i]}))[0]))
            ranges = "bytes=0-" + ",0-" * 2000
            phase("range floods", lambda d: in_parallel(
                8, d, lambda i: get(port, "/app.js", f"Range: {ranges}\r\n")[0]))
            queries = hostile_queries(n_hostile, seed)

            def hostile(deadline):
                statuses = {}
                lock = threading.Lock()
                it = iter(queries)

                def loop():
                    for q in it:
                        status = get(port, "/api/search?q=" + urllib.parse.quote_from_bytes(q))[0]
                        with lock:
                            statuses[status] = statuses.get(status, 0) + 1

                threads = [threading.Thread(target=loop) for _ in range(4)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                return f"{len(queries)} queries, statuses {dict(sorted(statuses.items()))}"

            phase(f"{n_hostile:,} hostile queries", hostile)
            return rows

        # A first, shorter round brings the server to its steady state (every searcher's caches
        # filled, the allocator's high-water mark reached); the measured round must not grow it.
        round_of(max(SECONDS / 3, 2), 2000, 7)
        rss_before = rss_kb(server.pid)
        rows = round_of(SECONDS, 10000, 11)
        rss_after = rss_kb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"{'phase':<24} {'healthz worst':>13} {'failed':>7} {'probes':>7} {'up':>4} "
          f"{'RSS MiB':>8}  load")
    ok = True
    for name, what, worst, failures, count, alive, rss in rows:
        print(f"{name:<24} {worst:>12.3f}s {failures:>7} {count:>7} {'yes' if alive else 'NO':>4} "
              f"{rss / 1024:>8.1f}  {what}")
        ok &= worst <= HEALTH_LIMIT_S and failures == 0 and alive
    growth = (rss_after - rss_before) / rss_before
    print(f"RSS before {rss_before / 1024:.1f} MiB, after {rss_after / 1024:.1f} MiB "
          f"({growth * 100:+.1f}%)")
    ok &= growth <= 0.10
    print("abuse: " + ("passed" if ok else "FAILED") +
          f" (healthz within {HEALTH_LIMIT_S:.0f} s, server up, RSS within 10%)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    main()
