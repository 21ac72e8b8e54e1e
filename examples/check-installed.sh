#!/usr/bin/env bash
# CTest install.example: installs the build to a temporary prefix and builds examples/ against the
# installed package, with CMake (find_package(newsdesk)) and with pkg-config, then runs both
# over the sample corpus; also checks that the installed headers are the public ones only, with
# no Xapian in them, and that the installed tools run.
#
#   examples/check-installed.sh BUILD_DIR WORK_DIR CORPUS_DIR
set -euo pipefail
build="$1" work="$2" corpus="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"

cmake --install "$build" --prefix "$prefix" > "$work/install.log"

fail() { echo "FAIL: $*"; exit 1; }

# Public headers only, and no Xapian in them.
headers="$(cd "$prefix/include" && find . -type f | sort)"
echo "installed headers:"; echo "$headers" | sed 's/^/  /'
for h in article error indexer searcher format newsdesk; do
  [[ -f "$prefix/include/newsdesk/$h.hpp" ]] || fail "include/newsdesk/$h.hpp is not installed"
done
[[ ! -e "$prefix/include/newsdesk/internal" ]] || fail "internal headers were installed"
if grep -rniE '#include *<xapian|Xapian::' "$prefix/include"; then
  fail "a public header mentions Xapian"
fi
for tool in newsdesk-index newsdesk-search newsdesk-serve; do
  [[ -x "$prefix/bin/$tool" ]] || fail "bin/$tool is not installed"
done

# CMake: find_package(newsdesk) → newsdesk::newsdesk.
cmake -S "$here" -B "$work/build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
  > "$work/configure.log" || { cat "$work/configure.log"; fail "examples/ does not configure"; }
cmake --build "$work/build" > "$work/build.log" 2>&1 || { cat "$work/build.log"; fail "examples/ does not build"; }
out="$("$work/build/newsdesk-example" "$work/db" "$corpus" "Kursk troops")"
echo "$out"
grep -q '^5 files seen: 5 added' <<< "$out" || fail "the example did not index the corpus"
grep -q '<mark>Kursk</mark>' <<< "$out" || fail "the example found no highlighted Kursk"

# pkg-config: the same program, compiled by hand.
export PKG_CONFIG_PATH="$(dirname "$(find "$prefix" -name newsdesk.pc)")"
pkg-config --exists newsdesk || fail "pkg-config does not find newsdesk"
# shellcheck disable=SC2046
g++ -std=c++17 -o "$work/pc-example" "$here/main.cpp" $(pkg-config --cflags --libs newsdesk) \
  || fail "examples/main.cpp does not build with pkg-config"
"$work/pc-example" "$work/db-pc" "$corpus" "Kursk troops" | grep -q '<mark>Kursk</mark>' \
  || fail "the pkg-config build found no highlighted Kursk"

# The installed tools read what the library wrote.
"$prefix/bin/newsdesk-search" --db "$work/db" --json "Kursk troops" | grep -q '"total":' \
  || fail "the installed newsdesk-search cannot search"
echo "ok: installed package, CMake and pkg-config builds, tools"
rm -rf "$work"
