#!/usr/bin/env bash
# Builds newsdesk, indexes the sample corpus and runs the sample query.
# Usage: scripts/demo.sh [QUERY...]   (default query: Kursk troops)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build -j"$(nproc)"
db=build/demo-db
build/indexer/newsdesk-index --db "$db" corpus
if [ $# -eq 0 ]; then set -- "Kursk troops"; fi
build/searcher/newsdesk-search --db "$db" "$@"
