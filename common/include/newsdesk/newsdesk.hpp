// newsdesk/newsdesk.hpp — the whole public API in one include, for embedders linking
// newsdesk::newsdesk (CMake) or `pkg-config --libs newsdesk`.
//
//   newsdesk::Index                        open or create, sync, status    (newsdesk/index.hpp)
//   newsdesk::index_paths(IndexParams)     build or re-sync a database    (newsdesk/indexer.hpp)
//   newsdesk::Searcher::search(SearchRequest) ranked, highlighted, faceted (newsdesk/searcher.hpp)
//   newsdesk::to_json, write_text          printers of SearchResults      (newsdesk/format.hpp)
//   newsdesk::Article                      the article model               (newsdesk/article.hpp)
//   newsdesk::UsageError, RuntimeError, DatabaseError, LockedError         (newsdesk/error.hpp)
//
// No Xapian type appears in any of these headers.
#pragma once

#include "newsdesk/article.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/format.hpp"
#include "newsdesk/index.hpp"
#include "newsdesk/indexer.hpp"
#include "newsdesk/searcher.hpp"
