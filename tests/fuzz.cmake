# Fuzz targets (issue 11), included from tests/CMakeLists.txt: tests/fuzz/fuzz_NAME.cpp, each with
# a seed corpus in tests/fuzz/corpus/NAME:
#  - ingest: a file's bytes through parse_bytes(), per format;
#  - query: the query language through the whole search path on a small in-memory index;
#  - entities: the entity extractor, with span checks;
#  - stored: the stored-document decoder;
#  - http_params: the HTTP API's request parameters.
# With NEWSDESK_FUZZ=ON (clang; scripts/fuzz.sh) they are libFuzzer programs. Otherwise each is
# linked with fuzz/replay.cpp and CTest runs it once over its seeds (fuzz.NAME_seeds).
foreach(name ingest query entities stored http_params)
  if(NEWSDESK_FUZZ)
    add_executable(fuzz_${name} fuzz/fuzz_${name}.cpp)
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
  else()
    add_executable(fuzz_${name} fuzz/fuzz_${name}.cpp fuzz/replay.cpp)
    add_test(NAME fuzz.${name}_seeds
             COMMAND fuzz_${name} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${name})
  endif()
  target_include_directories(fuzz_${name} PRIVATE ${PROJECT_SOURCE_DIR}/indexer/src
                             ${PROJECT_SOURCE_DIR}/searcher/src ${PROJECT_SOURCE_DIR}/server/src)
  target_link_libraries(fuzz_${name} PRIVATE newsdesk_indexer newsdesk_searcher newsdesk_server
                        newsdesk_warnings)
endforeach()
