#!/usr/bin/env bash
# The ~100k-article re-index benchmark corpus (issue 5), built deterministically from the real
# articles in ../shared/data:
#
#   bench/make-corpus.sh OUT_DIR
#
#   OUT_DIR/originals/reuters/reut2-NNN/NNNNN.txt   19,043 Reuters-21578 stories: every <REUTERS>
#       with a <BODY> (the 2,535 headline-only briefs left out), written by
#       bench/reuters-to-files.py as "headline\n\n<DATE line>\n\ndateline and body" (bytes as in
#       the SGML: 70-column lines, SGML references, the "Reuter" sign-off).
#   OUT_DIR/originals/bbc/<category>/NNN.txt        the 2,225 BBC News articles, copied as they are
#       (headline, blank line, body; no date: the file time, set below, is theirs).
#   OUT_DIR/rewrites-1/ .. rewrites-3/              three plain-text rewrites of every original
#       (same relative paths), and
#   OUT_DIR/rewrites-4-jsonl/<folder>.jsonl         a fourth as JSON Lines (one file per reut2-NNN
#       folder and one per BBC category: 27 files), both by bench/corpus-variants.py: lead paragraph
#       kept first, the others reordered, one sentence dropped, dated 2*k days later, Reuters
#       headlines prefixed "UPDATE k-"; seeded by path and k.
#
# 21,268 originals x 5 = 106,340 articles in 85,099 files, 110 MB. Every file's mtime is
# set to 2024-01-01 00:00:00 UTC, so the corpus (and what is indexed from it) is the same on every
# run. OUT_DIR must be outside the repository (keep it out of git); bench/reindex.sh indexes it.
# Python 3 standard library only.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DATA=${NEWSDESK_SHARED_DATA:-$here/../../shared/data}
OUT=${1:?usage: bench/make-corpus.sh OUT_DIR}
[ -d "$DATA/reuters21578" ] && [ -d "$DATA/bbc" ] || {
  echo "make-corpus: $DATA/reuters21578 or $DATA/bbc absent; nothing to build" >&2; exit 77; }
if [ -e "$OUT" ] && [ -n "$(ls -A "$OUT")" ]; then
  echo "make-corpus: $OUT exists and is not empty; give a new directory" >&2; exit 2
fi
mkdir -p "$OUT/originals/bbc"

/usr/bin/python3 "$here/reuters-to-files.py" "$OUT/originals/reuters" --data "$DATA/reuters21578"
for category in business entertainment politics sport tech; do
  cp -r "$DATA/bbc/$category" "$OUT/originals/bbc/"
done
/usr/bin/python3 "$here/corpus-variants.py" "$OUT/originals" "$OUT" --variants 4
find "$OUT" -type f -exec touch -d '2024-01-01 00:00:00 UTC' {} +

files=$(find "$OUT" -type f | wc -l)
records=$(cat "$OUT"/rewrites-4-jsonl/*.jsonl | wc -l)
mb=$(du -sb "$OUT" | awk '{printf "%.0f", $1/1048576}')
echo "make-corpus: $files files ($records of the articles as JSON Lines records in" \
     "$(ls "$OUT/rewrites-4-jsonl" | wc -l) files), $((files - $(ls "$OUT/rewrites-4-jsonl" | wc -l) + records))" \
     "articles, $mb MB under $OUT"
