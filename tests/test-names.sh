#!/usr/bin/env bash
# Every doctest case must be reachable by its CTest name. doctest_discover_tests hands CTest one
# name per case, and CMake cuts a name at each ';' (a list separator): the pieces then match no
# case, and CTest reports a pass for a test that never ran. Usage: test-names.sh BINARY...
set -euo pipefail
bad=0
for bin in "$@"; do
    while IFS= read -r name; do
        echo "$(basename "$bin"): test name holds ';' (CTest would never run it): $name" >&2
        bad=1
    done < <("$bin" --list-test-cases --no-version | grep ';' || true)
done
exit "$bad"
