#!/usr/bin/env bash
# Trains the named-entity tagger and writes data/ner/model.bin and data/ner/common-words.txt.
#
#   scripts/train-ner.sh [BUILD_DIR]      (default build-ner; configured and built if needed)
#
# Data: ../shared/data/ner (CoNLL-2003 eng.train and the GMB CSV for training, eng.testa for
# the per-epoch development score only; see its SOURCE.md) and ../shared/data/reuters21578 (word case counts).
# The training data is never committed. Training is deterministic (fixed shuffling seed), so a
# rerun on the same data and sources gives the same model. Gazetteers come first:
# scripts/make-gazetteers.sh. Rebuild afterwards: the model is embedded in the library.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD=${1:-build-ner}
SHARED=${NEWSDESK_SHARED_DATA:-../shared/data}
NER=$SHARED/ner
EPOCHS=${NER_EPOCHS:-10}

[[ -f $NER/conll2003/eng.train ]] || { echo "train-ner: $NER/conll2003/eng.train missing" >&2; exit 1; }

# 1. Lowercase-dominant words (a feature, and a rule of the canonicaliser).
/usr/bin/python3 scripts/ner/common_words.py "$SHARED" > data/ner/common-words.txt.new
mv data/ner/common-words.txt.new data/ner/common-words.txt

# 2. The training program (the library embeds the current model; any valid one will do).
[[ -s data/ner/model.bin ]] || : > data/ner/model.bin
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$BUILD" -j2 --target newsdesk-train-ner > /dev/null

# 3. Train on CoNLL-2003 eng.train plus GMB, each corpus with its own copy of every feature
#    besides the shared one (feature augmentation); the model keeps shared + CoNLL weights, the
#    50,000 largest rows. Measured on eng.testa: bench/ner/RESULTS.md.
time "$BUILD"/common/newsdesk-train-ner train --data data \
  --train "$NER/conll2003/eng.train" --gmb "$NER/gmb/ner_dataset.utf8.csv" \
  --dev "$NER/conll2003/eng.testa" --epochs "$EPOCHS" --max-features 50000 \
  --out data/ner/model.bin.new
mv data/ner/model.bin.new data/ner/model.bin
ls -l data/ner
echo "train-ner: now rebuild (cmake --build ...) to embed the new model"
