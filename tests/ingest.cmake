# Ingestion tests (issue 3). Included from tests/CMakeLists.txt.
#  - unit tests: tests/unit/test_ingest.cpp in the shared doctest executable (fixtures in
#    tests/data/ingest, described in tests/data/README.md);
#  - the BBC-set check: bench/clean-bbc.sh on ../shared/data/bbc through the real newsdesk-index
#    (--dump, then a real index): every article parses and is indexed, headline = first line, no
#    body paragraph removed. Skipped (exit 77) when ../shared/data is absent.
target_sources(newsdesk_unit_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_ingest.cpp)

add_test(NAME ingest.bbc_set
         COMMAND ${CMAKE_COMMAND} -E env CLEAN_BBC_INDEX=1
                 ${PROJECT_SOURCE_DIR}/bench/clean-bbc.sh $<TARGET_FILE:newsdesk-index>
                 ${PROJECT_SOURCE_DIR}/../shared/data/bbc)
set_tests_properties(
  ingest.bbc_set
  PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
