#!/usr/bin/env python3
"""Counts the requests a query node sends to remote shards, by message type of Xapian 1.4's
remote protocol, from `strace -f -xx -s 1000000 -e trace=write` logs of newsdesk-search (issue 16).

    bench/remote_requests.py ONCE.strace TWICE.strace QUERIES

ONCE ran the batch of QUERIES queries once, TWICE ran it twice: the difference, divided by
QUERIES, is what one query costs once the tables are built (what a long-running server pays).
Every request to a shard is one round trip; requests to different shards for one match run
together, the others (term frequencies, posting and term lists, documents, metadata) one shard
after the other.
"""
import collections
import re
import sys

# net/remoteprotocol.h of Xapian 1.4: the client's message types, in order.
NAMES = ("ALLTERMS COLLFREQ DOCUMENT TERMEXISTS TERMFREQ VALUESTATS KEEPALIVE DOCLENGTH QUERY "
         "TERMLIST POSITIONLIST POSTLIST REOPEN UPDATE ADDDOCUMENT CANCEL DELETEDOCUMENTTERM "
         "COMMIT REPLACEDOCUMENT REPLACEDOCUMENTTERM DELETEDOCUMENT WRITEACCESS GETMETADATA "
         "SETMETADATA ADDSPELLING REMOVESPELLING GETMSET SHUTDOWN METADATAKEYLIST FREQS "
         "UNIQUETERMS POSITIONLISTCOUNT READACCESS").split()
WRITE = re.compile(r'write\((\d+), "((?:\\x[0-9a-f]{2})*)"')


def requests(path):
    """Message counts by type over every socket the process wrote to (fd 3 and up)."""
    streams = collections.defaultdict(bytearray)
    for line in open(path, errors="replace"):
        m = WRITE.search(line)
        if m and int(m.group(1)) >= 3:
            streams[int(m.group(1))] += bytes.fromhex(m.group(2).replace("\\x", ""))
    counts = collections.Counter()
    for s in streams.values():
        i = 0
        while i + 1 < len(s):
            kind, n = s[i], s[i + 1]
            i += 2
            if n == 255:  # a length of 255 or more: 7 bits a byte, the last one flagged
                n, shift = 0, 0
                while True:
                    b = s[i]
                    i += 1
                    n |= (b & 0x7F) << shift
                    shift += 7
                    if b & 0x80:
                        break
                n += 255
            i += n
            counts[NAMES[kind] if kind < len(NAMES) else str(kind)] += 1
    return counts


once, twice, n = requests(sys.argv[1]), requests(sys.argv[2]), int(sys.argv[3])
per_query = {k: (twice[k] - once[k]) / n for k in twice}
total = sum(per_query.values())
print(f"requests per query: {total:.1f}")
for k, v in sorted(per_query.items(), key=lambda kv: -kv[1]):
    if v > 0:
        print(f"  {k:<12} {v:6.1f}")
