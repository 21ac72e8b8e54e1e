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
                 ${NEWSDESK_SHARED_DATA_DIR}/bbc)
set_tests_properties(
  ingest.bbc_set
  PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)

# Headlines, dates and datelines over all of Reuters-21578 (as files) and BBC (issue 14):
# bench/wire-metadata.py counts short titles, dateline titles, headlines taken for datelines,
# articles dated by file time though they name a date, and cut titles without "…"; all must be 0.
add_test(NAME ingest.wire_metadata
         COMMAND python3 ${PROJECT_SOURCE_DIR}/bench/wire-metadata.py --check --index
                 $<TARGET_FILE:newsdesk-index>)
set_tests_properties(
  ingest.wire_metadata
  PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
