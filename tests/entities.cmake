# Unit tests of named-entity extraction (tests/unit/test_entities.cpp), added to the unit test
# executable; they also reach the extractor's private headers (tokenizer.hpp).
target_sources(newsdesk_unit_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_entities.cpp)
target_include_directories(newsdesk_unit_tests PRIVATE
  ${PROJECT_SOURCE_DIR}/common/src/entities)

# Query-side synonyms (searcher/src/synonyms.cpp) and the indexer's extract_entities().
target_sources(newsdesk_unit_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_synonyms.cpp)
