# Tests of the HTTP server, the search page and the installed package (issue 6). Included from
# tests/CMakeLists.txt.
#  - api: unit tests of the server's parts, and the HTTP API against a real newsdesk-serve on a
#    free loopback port (tests/api, hostile articles in tests/api/data);
#  - browser.search_page: the page in headless Chromium through playwright-core
#    (tests/browser/run.sh; skips, saying why, without chromium, node or the npm registry;
#    screenshots in the build directory under tests/browser-artifacts);
#  - install.example: cmake --install to a temporary prefix, then examples/ built against it with
#    find_package(newsdesk) and pkg-config, and run over the sample corpus.
add_executable(newsdesk_api_tests
  unit/main.cpp
  api/server_process.cpp
  api/test_api.cpp
  api/test_server_units.cpp)
target_include_directories(newsdesk_api_tests PRIVATE ${PROJECT_SOURCE_DIR}/server/src)
target_link_libraries(newsdesk_api_tests PRIVATE
  newsdesk_server newsdesk_test_support PkgConfig::CPP_HTTPLIB doctest::doctest
  nlohmann_json::nlohmann_json Threads::Threads newsdesk_warnings)
target_compile_definitions(newsdesk_api_tests PRIVATE
  NEWSDESK_INDEX_BIN="$<TARGET_FILE:newsdesk-index>"
  NEWSDESK_SEARCH_BIN="$<TARGET_FILE:newsdesk-search>"
  NEWSDESK_SERVE_BIN="$<TARGET_FILE:newsdesk-serve>"
  NEWSDESK_CORPUS_DIR="${PROJECT_SOURCE_DIR}/corpus"
  NEWSDESK_API_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/api/data")
add_dependencies(newsdesk_api_tests newsdesk-index newsdesk-search newsdesk-serve)
doctest_discover_tests(newsdesk_api_tests TEST_PREFIX "api: ")

add_test(NAME browser.search_page
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/browser/run.sh
                 $<TARGET_FILE:newsdesk-index> $<TARGET_FILE:newsdesk-serve>
                 ${CMAKE_CURRENT_BINARY_DIR}/browser-artifacts
                 ${PROJECT_SOURCE_DIR}/corpus ${CMAKE_CURRENT_SOURCE_DIR}/api/data/hostile)
set_tests_properties(browser.search_page PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)

add_test(NAME install.example
         COMMAND ${PROJECT_SOURCE_DIR}/examples/check-installed.sh
                 ${CMAKE_BINARY_DIR} ${CMAKE_CURRENT_BINARY_DIR}/install-check
                 ${PROJECT_SOURCE_DIR}/corpus)
set_tests_properties(install.example PROPERTIES TIMEOUT 600 RESOURCE_LOCK install)
