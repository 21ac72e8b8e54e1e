# Unit tests of named-entity extraction (tests/unit/test_entities.cpp), added to the unit test
# executable; they also reach the extractor's private headers (tokenizer.hpp).
target_sources(newsdesk_unit_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_entities.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_entity_rules.cpp)
target_include_directories(newsdesk_unit_tests PRIVATE
  ${PROJECT_SOURCE_DIR}/common/src/entities)

# Query-side synonyms (searcher/src/synonyms.cpp) and the indexer's extract_entities().
target_sources(newsdesk_unit_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_synonyms.cpp)

# Entity facets, filters and synonyms on the seeds, and newsdesk-entities, end to end.
target_sources(newsdesk_e2e_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/e2e/test_entities.cpp)
target_compile_definitions(newsdesk_e2e_tests PRIVATE
  NEWSDESK_ENTITIES_BIN="$<TARGET_FILE:newsdesk-entities>")
add_dependencies(newsdesk_e2e_tests newsdesk-entities)

# The schema version bump of issue 12 (entity values changed): old databases ask for a rebuild.
target_sources(newsdesk_unit_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_schema_version.cpp)

# Facets of issue 12 end to end: seeds, and the BBC set and Reuters-21578 when present.
target_sources(newsdesk_e2e_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/e2e/test_facets_news.cpp)
target_compile_definitions(newsdesk_e2e_tests PRIVATE NEWSDESK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

# Lone surnames in the facet lists (searcher/src/entity_filters.cpp).
target_sources(newsdesk_unit_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_entity_filters.cpp)
