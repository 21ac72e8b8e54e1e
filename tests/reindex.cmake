# Nightly re-index tests (issue 5): end-to-end runs of the real newsdesk-index and
# newsdesk-search on corpora generated in each test's temporary directory (incremental updates,
# kill -9 and SIGTERM mid-run, two indexers at once, searches through a re-index and a rebuild).
# Included from tests/CMakeLists.txt.
add_executable(newsdesk_reindex_tests unit/main.cpp e2e/test_reindex.cpp)
target_link_libraries(newsdesk_reindex_tests PRIVATE newsdesk_test_support doctest::doctest
  nlohmann_json::nlohmann_json newsdesk_warnings)
target_compile_definitions(newsdesk_reindex_tests PRIVATE
  NEWSDESK_INDEX_BIN="$<TARGET_FILE:newsdesk-index>"
  NEWSDESK_SEARCH_BIN="$<TARGET_FILE:newsdesk-search>")
add_dependencies(newsdesk_reindex_tests newsdesk-index newsdesk-search)
# Each runs the programs many times: under the sanitizers (NEWSDESK_SANITIZE) they take ~3x longer.
if(NEWSDESK_SANITIZE)
  set(reindex_timeout 240)
else()
  set(reindex_timeout 60)
endif()
doctest_discover_tests(newsdesk_reindex_tests TEST_PREFIX "reindex: "
  PROPERTIES TIMEOUT ${reindex_timeout})
