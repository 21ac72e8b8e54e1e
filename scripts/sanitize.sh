#!/usr/bin/env bash
# The test suite under AddressSanitizer (leaks included) and UndefinedBehaviorSanitizer: every
# library, executable and test built with -fsanitize=address,undefined (NEWSDESK_SANITIZE), in
# build-sanitize/. Any report fails the run: UBSan does not recover, ASan and LeakSanitizer exit
# non-zero, and the end-to-end tests check the exit codes of the programs they run.
#
#   scripts/sanitize.sh [--ci] [CTEST ARGS...]
#
# --ci (what .ci/run calls, after the plain job): builds only the libraries, the programs, the
# unit and API tests and the fuzz seed runners, and runs the unit tests, the API tests (the real
# newsdesk-serve, newsdesk-index and newsdesk-search), the hostile-input corpus and the fuzz
# seeds. The end-to-end and re-index drivers (tests/e2e) are left to the full run: they run
# the same programs on the sample corpus and generated corpora, and their build and run under
# ASan would take CI past its 20 minutes (measured in docs/OPERATIONS.md).
#
# Left out (run by the plain job, scripts/test.sh, in the same CI run): the corpus checks that
# read ../shared/data (BBC, Reuters-21578; NEWSDESK_SHARED_DATA_DIR points elsewhere, so they
# skip), the browser test (Chromium's page, not our code), the installed-package check (a
# second build), the cluster test (xapian-tcpsrv processes on loopback: topology, minutes
# long), the --shards 3 equality test (a thousand searches comparing two databases'
# answers: logic, not memory; over a third of the sanitized suite's time, while the other
# end-to-end tests run the same search code on sharded databases) and the test of searches
# during a re-index with a commit every 10 files (a race the writer wins under ASan: a reader
# ten times slower than usual sees every revision it opened replaced before it has finished,
# which says nothing about memory). Their time under ASan would not fit CI's budget; the
# sanitized unit, end-to-end, re-index, API, fuzz-seed and hostile-corpus tests run the same code
# on the sample corpus and the fixtures. Built at -O1 with line tables only: readable reports,
# half the compile time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ci=0
if [ "${1:-}" = --ci ]; then
  ci=1
  shift
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# With the plain build's compiler (GCC): what builds in the plain job builds here (clang 14
# refuses some C++20-isms GCC accepts, such as a lambda capturing a structured binding), and
# the runtimes come with g++. Warnings are the plain build's business: they do not fail this one,
# and GCC's -Wmaybe-uninitialized, which misfires under ASan in Xapian's headers, is off.
export CC=${SANITIZE_CC:-gcc} CXX=${SANITIZE_CXX:-g++}
debug_info=-g1
[[ "$CXX" == clang++* ]] && debug_info=-gline-tables-only
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSDESK_WERROR=OFF \
  -DNEWSDESK_SANITIZE=ON "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 $debug_info -DNDEBUG -Wno-maybe-uninitialized" \
  "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 $debug_info -DNDEBUG" \
  -DNEWSDESK_SHARED_DATA_DIR=/nonexistent/shared-data-left-out-under-sanitizers > /dev/null
left_out='^(browser\.|install\.|ingest\.bbc_set|ingest\.wire_metadata|cluster\.|e2e:--shards 3 |reindex:searches keep answering)'
if [ "$ci" = 1 ]; then
  cmake --build build-sanitize -j"$(nproc)" --target newsdesk-index newsdesk-search \
    newsdesk-serve newsdesk-entities newsdesk_unit_tests newsdesk_api_tests fuzz_ingest fuzz_query \
    fuzz_entities fuzz_stored fuzz_http_params
  ctest --test-dir build-sanitize --output-on-failure -j"$(nproc)" -E "$left_out" \
    -R '^(unit:|api:|hostile\.corpus$|fuzz\.)' "$@"
else
  cmake --build build-sanitize -j"$(nproc)"
  ctest --test-dir build-sanitize --output-on-failure -j"$(nproc)" -E "$left_out" "$@"
fi
