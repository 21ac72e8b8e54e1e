#!/usr/bin/env bash
# Regenerates the example output in README.md from real runs on this clone (issue 13, item 7).
#
#   scripts/readme-examples.sh          # rewrite README.md's example blocks
#   scripts/readme-examples.sh --print  # print them instead
#
# Uses the binaries in build/ (scripts/demo.sh builds them) and a fresh index of corpus/ in a
# temporary directory. Each block sits between "<!-- example: NAME -->" and "<!-- /example -->"
# in README.md; paths, dates, ids and timings are this clone's, as a newcomer's run prints them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
INDEX=build/indexer/newsdesk-index
SEARCH=build/searcher/newsdesk-search
for bin in "$INDEX" "$SEARCH"; do
  [ -x "$bin" ] || { echo "readme-examples: $bin is missing; run scripts/demo.sh first" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/demo-db"

{
  echo '```'
  "$INDEX" --db "$db" corpus
  "$SEARCH" --db "$db" "Kursk troops"
  echo '```'
} > "$tmp/demo"
story=$("$SEARCH" --db "$db" "Kursk troops" | sed -n 's/.*--story //p')
{
  echo '```'
  echo "\$ newsdesk-search --story \$story"
  "$SEARCH" --db "$db" --story "$story"
  echo '```'
} > "$tmp/story"
{
  echo '```json'
  "$SEARCH" --db "$db" --json --limit 1 --facets 2 "Kursk troops" |
    /usr/bin/python3 -c 'import json, sys
answer = json.load(sys.stdin)  # one key a line, each value as printed
print("{" + ",\n".join(" %s: %s" % (json.dumps(k), json.dumps(v, ensure_ascii=False))
                        for k, v in answer.items()) + "}")'
  echo '```'
} > "$tmp/json"

if [ "${1:-}" = --print ]; then
  cat "$tmp/demo" "$tmp/story" "$tmp/json"
  exit 0
fi
/usr/bin/python3 - README.md "$tmp" <<'PY'
import re, sys
path, tmp = sys.argv[1:]
text = open(path, encoding="utf-8").read()
def block(m):
    name = m.group(1)
    body = open("%s/%s" % (tmp, name), encoding="utf-8").read()
    return "<!-- example: %s -->\n%s<!-- /example -->" % (name, body)
new, n = re.subn(r"<!-- example: (\w+) -->\n.*?<!-- /example -->", block, text, flags=re.S)
if n == 0:
    sys.exit("readme-examples: no example blocks in " + path)
open(path, "w", encoding="utf-8").write(new)
print("readme-examples: %d blocks rewritten in %s" % (n, path))
PY
