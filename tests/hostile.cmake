# The hostile-input corpus (issue 11), included from tests/CMakeLists.txt:
# tests/hostile/make-hostile-corpus.py writes about 50 kinds of bad files (empty, binary, NUL
# bytes, UTF-16, huge lines, deep HTML and JSON, 100,000 attributes, FIFOs, sockets, links to
# devices, names with newlines and escapes) beside good ones; tests/hostile/check.py indexes them
# with the real newsdesk-index and checks that every good file is found, every bad one reported
# on one line, the counts add up, and the run ends in bounded time and memory.
add_test(NAME hostile.corpus
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/hostile/check.py
                 $<TARGET_FILE:newsdesk-index> $<TARGET_FILE:newsdesk-search>
                 ${CMAKE_CURRENT_BINARY_DIR}/hostile-corpus)
set_tests_properties(hostile.corpus PROPERTIES TIMEOUT 300)
