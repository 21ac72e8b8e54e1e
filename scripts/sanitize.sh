#!/usr/bin/env bash
# The test suite under AddressSanitizer (leaks included) and UndefinedBehaviorSanitizer: every
# library, executable and test built with -fsanitize=address,undefined (NEWSDESK_SANITIZE), in
# build-sanitize/. Any report fails the run: UBSan does not recover, ASan and LeakSanitizer exit
# non-zero, and the end-to-end tests check the exit codes of the programs they run.
#
#   scripts/sanitize.sh [CTEST ARGS...]
#
# Left out (covered by the plain run of scripts/test.sh): the browser test (Chromium's page, not
# our code), the installed-package check (a second build) and the Reuters/BBC corpus checks,
# whose time under ASan would not fit CI's budget; the sanitized end-to-end, API and unit tests
# exercise the same code on the sample corpus and the fixtures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# clang when there is one (GCC's -Wmaybe-uninitialized misfires under ASan in Xapian's headers);
# warnings are the plain build's business, so they do not fail this one.
if command -v clang++ > /dev/null; then
  export CC=clang CXX=clang++
fi
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSDESK_WERROR=OFF \
  -DNEWSDESK_SANITIZE=ON > /dev/null
cmake --build build-sanitize -j"$(nproc)"
ctest --test-dir build-sanitize --output-on-failure -j"$(nproc)" \
  -E '^(browser\.|install\.|ingest\.bbc_set|ingest\.wire_metadata)' "$@"
