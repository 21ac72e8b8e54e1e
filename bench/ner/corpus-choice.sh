#!/usr/bin/env bash
# Which training data: trains the tagger three ways and scores each on eng.testa (tagger alone),
# writing bench/ner/corpus-choice.md. Models go to a temporary directory (the committed model is
# scripts/train-ner.sh's). About a minute on one core.
#   1. CoNLL-2003 eng.train alone
#   2. eng.train + GMB pooled
#   3. eng.train + GMB with feature augmentation (shared + per-corpus copy of each feature; the
#      model keeps shared + CoNLL weights) — what scripts/train-ner.sh does
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BUILD=${1:-build-ner}
NER=${NEWSDESK_SHARED_DATA:-../shared/data}/ner
cmake --build "$BUILD" -j2 --target newsdesk-train-ner > /dev/null
TOOL=$BUILD/common/newsdesk-train-ner
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
common=(--data data --train "$NER/conll2003/eng.train" --dev "$NER/conll2003/eng.testa" --epochs 10)
gmb=(--gmb "$NER/gmb/ner_dataset.utf8.csv")
row() {  # label, then training options
  local label=$1; shift
  local out
  out=$("$TOOL" train "${common[@]}" "$@" --out "$tmp/m.bin" 2>"$tmp/log")
  local rows f1
  rows=$(grep -o 'kept [0-9]*' "$tmp/log" | cut -d' ' -f2)
  f1=$(echo "$out" | awk -F'|' '/micro/ {gsub(/ /, "", $5); print $5}')
  echo "| $label | $rows | $f1 |"
}
{
  echo "# Training data for the tagger: eng.testa micro-F1 (PER/ORG/LOC, tagger alone)"
  echo
  echo "Produced by \`bench/ner/corpus-choice.sh\` on $(date -u +%Y-%m-%d)."
  echo
  echo "| training data | model rows | micro-F1 |"
  echo "|---|---|---|"
  row "CoNLL eng.train alone" --max-features 50000
  row "CoNLL + GMB, pooled" "${gmb[@]}" --pool --max-features 50000
  row "CoNLL + GMB, feature augmentation (chosen)" "${gmb[@]}" --max-features 50000
  row "CoNLL + GMB, feature augmentation, no pruning" "${gmb[@]}" --max-features 100000000
} > bench/ner/corpus-choice.md
cat bench/ner/corpus-choice.md
