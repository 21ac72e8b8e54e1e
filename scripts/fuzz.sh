#!/usr/bin/env bash
# Short fuzzing runs of every target in tests/fuzz/ (issue 11) with clang's libFuzzer, ASan and
# UBSan, in build-fuzz/. Each target starts from its seed corpus (tests/fuzz/corpus/NAME, read
# only; what it finds goes to build-fuzz/corpus/NAME) and runs SECONDS (default 60). A crash,
# leak, sanitizer report or failed check stops the run with a non-zero exit and leaves the input
# as build-fuzz/crash-NAME-*.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      e.g. scripts/fuzz.sh 60 query ingest
#
# Inputs stay small (-max_len=8192): large ones (MBs, deep nesting) are the hostile-corpus
# generator's job (tests/hostile/make-hostile-corpus.py, run by the hostile.corpus test).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_EACH=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(ingest query entities stored http_params)
command -v clang++ > /dev/null || { echo "fuzz.sh: needs clang++ and its runtimes (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DNEWSDESK_FUZZ=ON -DNEWSDESK_WERROR=ON > /dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t"
  echo "fuzz.sh: $t for ${SECONDS_EACH} s"
  build-fuzz/tests/fuzz_"$t" -max_total_time="$SECONDS_EACH" -max_len=8192 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="build-fuzz/crash-$t-" -print_final_stats=1 \
    "build-fuzz/corpus/$t" "tests/fuzz/corpus/$t"
done
echo "fuzz.sh: ${#targets[@]} targets ran ${SECONDS_EACH} s each without a finding"
