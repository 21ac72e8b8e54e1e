# Article ingestion (issue 3): format sniffing, encodings, cleaning, metadata, HTML and JSON.
# Included from indexer/CMakeLists.txt; adds to the newsdesk_indexer target.
find_package(LibXml2 REQUIRED)        # libxml2-dev: the HTML parser
find_package(ICU REQUIRED COMPONENTS uc)  # libicu-dev: charset conversion, NFC

target_sources(newsdesk_indexer PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/src/ingest/assemble.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ingest/dates.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ingest/encoding.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ingest/formats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ingest/html.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ingest/json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ingest/lines.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ingest/metadata.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ingest/plain_text.cpp
)
target_link_libraries(newsdesk_indexer PRIVATE LibXml2::LibXml2 ICU::uc)
