#!/usr/bin/env bash
# The search page in headless Chromium (CTest: browser.search_page).
#
#   tests/browser/run.sh INDEX_BIN SERVE_BIN ARTIFACT_DIR CORPUS...
#
# Indexes CORPUS... into a fresh database, starts newsdesk-serve on a free loopback port, and runs
# search-page.test.mjs against it with playwright-core (installed from the committed
# package-lock.json into ARTIFACT_DIR/node, never downloading a browser) driving Debian's
# chromium. Screenshots are left in ARTIFACT_DIR.
#
# Exits 77 (skipped, saying why) when chromium or node are missing or playwright-core cannot be
# installed; NEWSDESK_REQUIRE_BROWSER=1 turns those skips into failures (for CI machines that
# are meant to have them: scripts/deps-server.txt lists the packages).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
index_bin="$1" serve_bin="$2" out="$3"
shift 3

skip() {
  echo "SKIP: $*"
  if [[ "${NEWSDESK_REQUIRE_BROWSER:-0}" == 1 ]]; then
    echo "NEWSDESK_REQUIRE_BROWSER=1: failing instead of skipping"
    exit 1
  fi
  exit 77
}

chromium="${CHROMIUM:-/usr/bin/chromium}"
[[ -x "$chromium" ]] || skip "no Chromium at $chromium (apt-get install chromium)"
command -v node > /dev/null || skip "node not found (apt-get install nodejs)"

# playwright-core, from the lock file, into the build tree (reinstalled when the lock changes):
# with npm ci when there is an npm client, else with fetch-deps.mjs (same lock, same integrity).
mkdir -p "$out/node"
cp "$here/package.json" "$here/package-lock.json" "$here/fetch-deps.mjs" \
   "$here/search-page.test.mjs" "$out/node/"
if ! cmp -s "$here/package-lock.json" "$out/node/node_modules/.newsdesk-lock" 2> /dev/null; then
  if command -v npm > /dev/null; then
    echo "installing playwright-core with npm ci (no browser download)"
    install=(npm ci --no-audit --no-fund --loglevel=error)
  else
    echo "installing playwright-core with fetch-deps.mjs (no npm client here)"
    install=(node fetch-deps.mjs)
  fi
  if ! (cd "$out/node" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "${install[@]}" > install.log 2>&1); then
    cat "$out/node/install.log" >&2 || true
    skip "could not install playwright-core (is the npm registry reachable?)"
  fi
  cp "$here/package-lock.json" "$out/node/node_modules/.newsdesk-lock"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/newsdesk-browser-XXXXXX")"
server_pids=()
cleanup() {
  for pid in "${server_pids[@]}"; do
    kill -TERM "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# serve NAME DB: starts newsdesk-serve on DB, sets $url to where it listens.
serve() {
  "$serve_bin" --db "$2" --listen 127.0.0.1:0 > "$work/$1.out" 2> "$out/serve-$1.log" &
  server_pids+=($!)
  local pid=$!
  for _ in $(seq 100); do
    grep -q '^listening on ' "$work/$1.out" 2> /dev/null && break
    kill -0 "$pid" 2> /dev/null || { cat "$out/serve-$1.log"; echo "newsdesk-serve exited"; exit 1; }
    sleep 0.1
  done
  url="$(sed -n 's/^listening on //p' "$work/$1.out")"
  [[ -n "$url" ]] || { echo "newsdesk-serve did not say where it listens"; exit 1; }
}

"$index_bin" --db "$work/db" --quiet "$@"
serve sample "$work/db"
sample_url="$url"
# A server whose database does not exist: the page's "unavailable" state.
serve missing "$work/no-such-db"
export UNAVAILABLE_URL="$url"
# Keystroke-to-results is timed on the BBC set when ../shared/data has it.
bbc="$here/../../../shared/data/bbc"
if [[ -d "$bbc" ]]; then
  if "$index_bin" --db "$work/bbc" --quiet "$bbc" 2> "$out/index-bbc.log"; then
    serve bbc "$work/bbc"
    export BBC_URL="$url"
  else
    echo "note: indexing the BBC set failed (see index-bbc.log): timing on the sample corpus"
  fi
else
  echo "note: no ../shared/data/bbc: keystroke-to-results is timed on the sample corpus"
fi

CHROMIUM="$chromium" node "$out/node/search-page.test.mjs" "$sample_url" "$out"
