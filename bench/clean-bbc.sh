#!/usr/bin/env bash
# Cleaning check on the BBC set (issue 3, item 1): how many real paragraphs does ingestion remove?
#
#   bench/clean-bbc.sh [NEWSDESK_INDEX] [BBC_DIR]
#
# The BBC files are clean (headline line, blank line, body paragraphs one per line), so every body
# line is a real paragraph. Runs `newsdesk-index --dump` over the set and compares, per file:
#   - the title with the first line;
#   - each body line with the dumped text's paragraphs: kept as a paragraph, kept but joined into
#     a longer paragraph (lines of 20+ characters only), or removed.
# Prints the counts, the share removed (must stay under 0.5%) and the removed lines themselves.
# Also reports --dump throughput (docs/s, MB/s, wall time of the whole run). With CLEAN_BBC_INDEX=1
# (the CTest check) the set is also indexed into a temporary database, and every dumped article
# must have been added, with no failed input.
# Exit: 0 when all holds, 1 when not, 77 when the BBC set is absent.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
INDEX=${1:-build-ingest/indexer/newsdesk-index}
BBC=${2:-${NEWSDESK_SHARED_DATA:-../shared/data}/bbc}
[ -d "$BBC" ] || { echo "SKIP: ../shared/data absent ($BBC)"; exit 77; }
[ -x "$INDEX" ] || { echo "clean-bbc: $INDEX not built" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

start=$(date +%s.%N)
"$INDEX" --dump "$BBC" > "$work/dump.jsonl" 2> "$work/warnings.txt"
end=$(date +%s.%N)

echo '{}' > "$work/index.json"
if [ "${CLEAN_BBC_INDEX:-0}" = 1 ]; then
  "$INDEX" --db "$work/db" --json "$BBC" > "$work/index.json" 2> /dev/null
fi

/usr/bin/python3 - "$BBC" "$work/dump.jsonl" "$work/warnings.txt" "$start" "$end" "$work/index.json" <<'PY'
import html, json, os, re, sys
bbc, dump, warnings, start, end, index = sys.argv[1:7]
ws = re.compile(r'\s+')
# Ingestion decodes character references ("&#233;"): compare decoded text.
norm = lambda s: ws.sub(' ', html.unescape(s)).strip()
arts = {}
for line in open(dump, encoding='utf-8'):
    a = json.loads(line)
    arts[a['path']] = a
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(bbc) for f in fs if f.endswith('.txt'))
nbytes = sum(os.path.getsize(f) for f in files)
paras = kept = joined = 0
removed, bad_title, missing = [], [], []
for f in files:
    a = arts.get(os.path.abspath(f))
    lines = open(f, encoding='utf-8', errors='replace').read().split('\n')
    if a is None:
        missing.append(f)
        continue
    if norm(a['title']) != norm(lines[0]):
        bad_title.append((f, lines[0], a['title']))
    out = [norm(p) for p in a['text'].split('\n\n')]
    outset = set(out)
    for l in lines[1:]:
        l = norm(l)
        if not l:
            continue
        paras += 1
        if l in outset:
            kept += 1
        elif len(l) >= 20 and any(l in p for p in out):
            joined += 1
        else:
            removed.append((f, l))
secs = float(end) - float(start)
print(f"files: {len(files)}, articles dumped: {len(arts)}, missing: {len(missing)}")
print(f"titles equal to the first line: {len(files) - len(bad_title) - len(missing)} / {len(files)}")
print(f"body paragraphs: {paras}: kept {kept}, kept but joined {joined}, removed {len(removed)} "
      f"({100.0 * len(removed) / max(paras, 1):.3f}%)")
print(f"--dump: {secs:.2f} s, {len(files) / secs:.0f} docs/s, {nbytes / 1048576 / secs:.2f} MB/s")
for f, l in removed[:50]:
    print(f"  removed: {f}: {l[:100]}")
for f, first, title in bad_title[:20]:
    print(f"  title: {f}: {first[:60]!r} -> {title[:60]!r}")
for f in missing[:20]:
    print(f"  missing: {f}")
w = open(warnings).read().strip()
if w:
    print("warnings:\n" + w[:2000])
ok = len(removed) * 200 < paras and not missing and not bad_title
report = json.load(open(index))
if report:
    print(f"indexed: {report['added']} added, {report['skipped']} skipped, {report['failed']} failed"
          f" in {report['seconds']:.2f} s")
    ok = ok and report['added'] == len(arts) and report['failed'] == 0
sys.exit(0 if ok else 1)
PY
