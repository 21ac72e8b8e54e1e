#!/usr/bin/env bash
# Evaluates the named-entity extractor and writes bench/ner/RESULTS.md:
#   quality  exact-span precision/recall/F1 per type and micro on CoNLL-2003 eng.testa (gold MISC
#            ignored; person→PER, org→ORG, place→LOC), for the tagger alone (CoNLL tokens) and
#            for the whole extractor (rules and merging, on the documents' joined text);
#   speed    extraction over the BBC set (2,225 files), whole-process time, median of 5 runs
#            (bench/ner/speed.sh).
#
#   bench/ner/eval.sh [BUILD_DIR]    (default build-ner; configured and built as needed)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BUILD=${1:-build-ner}
SHARED=${NEWSDESK_SHARED_DATA:-../shared/data}
TESTA=$SHARED/ner/conll2003/eng.testa
[[ -f $TESTA ]] || { echo "eval: $TESTA missing" >&2; exit 1; }

cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$BUILD" -j2 --target newsdesk-train-ner > /dev/null
TOOL=$BUILD/common/newsdesk-train-ner

tagger=$("$TOOL" eval --data data --dev "$TESTA")
pipeline=$("$TOOL" eval --data data --dev "$TESTA" --pipeline)
speed=$(bench/ner/speed.sh "$BUILD")

# The indexer's cost (bench/ner/index-cost.sh, measured on its own) is carried over.
cost=$(awk '/^## /{on = /^## Cost in the indexer/} on' bench/ner/RESULTS.md 2>/dev/null || true)
model_bytes=$(stat -c %s data/ner/model.bin)
data_bytes=$(cat data/ner/* data/gazetteers/* data/aliases.txt | wc -c)
{
  echo "# Named-entity extraction: results"
  echo
  echo "Produced by \`bench/ner/eval.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(uname -m)),"
  echo "model $model_bytes bytes, all embedded NER data $data_bytes bytes."
  echo
  echo "## Quality: CoNLL-2003 eng.testa (development split, never trained on)"
  echo
  echo "Exact-span mentions of PER, ORG and LOC; gold MISC ignored, predicted MISC never output."
  echo
  echo "### The tagger (CoNLL tokens, the standard measure)"
  echo
  echo "$tagger"
  echo
  echo "### The whole extractor (tokenizer, tagger, clean-up rules, merging)"
  echo
  echo "Each testa document's words are joined with spaces (sentences with blank lines) and"
  echo "extracted as one text, as the indexer does. Lower than the tagger alone partly by design"
  echo "(CoNLL gold spans that include a possessive \"'s\" or a closing bracket, adjectives such"
  echo "as \"Philippine\" tagged LOC, lone common words like \"Real\"), partly through re-tokenisation."
  echo
  echo "$pipeline"
  echo
  echo "## Speed: the BBC set"
  echo
  echo "$speed"
  echo
  if [[ -n $cost ]]; then
    echo "$cost"
    echo
  fi
  echo "## Training"
  echo
  echo "\`scripts/train-ner.sh\`: averaged structured perceptron, first-order Viterbi decoding over"
  echo "BIO tags (PER/ORG/LOC/MISC; MISC is never output), hashed features, 10 epochs over"
  echo "CoNLL-2003 eng.train (204k tokens) and the GMB corpus (1M tokens), about 20 s on one core."
  echo "GMB's conventions differ from CoNLL's (titles inside person names, adjectives as places),"
  echo "so each corpus gets its own copy of every feature besides the shared one (feature"
  echo "augmentation) and the model keeps the shared and CoNLL weights, pruned to the 50,000"
  echo "largest rows and quantised to int16. The comparison (\`bench/ner/corpus-choice.sh\`,"
  echo "corpus-choice.md):"
  echo
  tail -n +5 bench/ner/corpus-choice.md
} > bench/ner/RESULTS.md
cat bench/ner/RESULTS.md
