# Installation: headers, static libraries, the tools, a CMake package and a pkg-config file.
#
#   cmake --install build --prefix /opt/newsdesk
#   find_package(newsdesk) → newsdesk::newsdesk (common + indexer + searcher), or the parts:
#   newsdesk::common, newsdesk::indexer, newsdesk::searcher.   pkg-config: newsdesk.
#
# Included from the top-level CMakeLists.txt after the libraries and tools are defined. Internal
# headers (common/internal) and the CLI and server libraries are not installed: nothing public
# includes them. The libraries are static, so the package config finds their dependencies
# (Xapian, nlohmann_json, libxml2, ICU) for the consumer.
include(CMakePackageConfigHelpers)

# newsdesk::newsdesk: everything an embedder links.
add_library(newsdesk_umbrella INTERFACE)
add_library(newsdesk::newsdesk ALIAS newsdesk_umbrella)
target_link_libraries(newsdesk_umbrella INTERFACE newsdesk_common newsdesk_indexer newsdesk_searcher)
target_compile_features(newsdesk_umbrella INTERFACE cxx_std_17)

set_target_properties(newsdesk_umbrella PROPERTIES EXPORT_NAME newsdesk)
set_target_properties(newsdesk_common PROPERTIES EXPORT_NAME common)
set_target_properties(newsdesk_indexer PROPERTIES EXPORT_NAME indexer)
set_target_properties(newsdesk_searcher PROPERTIES EXPORT_NAME searcher)
# Linked privately by the static libraries (warning flags only): exported because CMake records
# every link dependency of a static library; it adds nothing to a consumer's compile.
set_target_properties(newsdesk_warnings PROPERTIES EXPORT_NAME internal_warnings)

set(NEWSDESK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/newsdesk)

install(TARGETS newsdesk_umbrella newsdesk_common newsdesk_indexer newsdesk_searcher
                newsdesk_warnings
        EXPORT newsdeskTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/common/include/newsdesk
                  ${PROJECT_SOURCE_DIR}/indexer/include/newsdesk
                  ${PROJECT_SOURCE_DIR}/searcher/include/newsdesk
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")
install(EXPORT newsdeskTargets NAMESPACE newsdesk:: DESTINATION ${NEWSDESK_CMAKE_DIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/newsdeskConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/newsdeskConfig.cmake
  INSTALL_DESTINATION ${NEWSDESK_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/newsdeskConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/newsdeskConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/newsdeskConfigVersion.cmake
        DESTINATION ${NEWSDESK_CMAKE_DIR})

# pkg-config, relocatable: the prefix is found from the .pc file's own place.
file(RELATIVE_PATH NEWSDESK_PC_TO_PREFIX
     "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" NEWSDESK_PC_TO_PREFIX "${NEWSDESK_PC_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/newsdesk.pc.in ${CMAKE_CURRENT_BINARY_DIR}/newsdesk.pc
               @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/newsdesk.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The tools.
foreach(tool newsdesk-index newsdesk-search newsdesk-entities newsdesk-serve)
  if(TARGET ${tool})
    install(TARGETS ${tool} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()

install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/JSON.md
              ${PROJECT_SOURCE_DIR}/docs/HTTP.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR} OPTIONAL)
