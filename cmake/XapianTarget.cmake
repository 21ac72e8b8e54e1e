# Wraps Xapian's variable-style CMake config (xapian-config.cmake) in an imported target.
if(NOT TARGET Xapian::xapian)
  find_package(Xapian REQUIRED CONFIG NAMES xapian)
  add_library(Xapian::xapian INTERFACE IMPORTED)
  set_target_properties(Xapian::xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()
