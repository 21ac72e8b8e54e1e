#!/usr/bin/env bash
# Installs what newsdesk needs to build, test and benchmark, from Debian 12's archive.
# Idempotent: installs only what is missing. Run as root (or with sudo available).
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libxapian-dev                 # the search library
  libboost-program-options-dev  # command-line options
  doctest-dev                   # unit tests
  nlohmann-json3-dev            # JSON output and JSON Lines input
  libxml2-dev                   # HTML parsing
  libicu-dev                    # encodings, Unicode normalisation
  libcpp-httplib-dev libssl-dev zlib1g-dev  # newsdesk-serve
  iso-codes                     # gazetteer source (countries, regions)
)
# Extra packages that parts of the project list in scripts/deps-*.txt (one name per line).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for list in "$here"/deps-*.txt; do
  [ -f "$list" ] || continue
  while read -r name _; do
    [[ -z "$name" || "$name" == \#* ]] || packages+=("$name")
  done < "$list"
done
# Benchmarks and peers: only with --bench.
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(xapian-omega xapian-tools python3-xapian sqlite3 hyperfine wrk time bc strace)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
