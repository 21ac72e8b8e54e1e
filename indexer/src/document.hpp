// From an article to the Xapian document that stores it, following common's schema.
#pragma once

#include <xapian.h>

#include "newsdesk/internal/stored.hpp"

namespace newsdesk::indexer {

/// Builds documents; holds a TermGenerator and stemmer, so reuse one per thread.
class DocumentBuilder {
  public:
    DocumentBuilder();
    Xapian::Document build(const stored::StoredArticle& article);

  private:
    Xapian::TermGenerator termgen_;
};

/// The unique id term of an article id.
std::string id_term(const std::string& id);

/// The term every document of one file carries (for updates and deletions per file).
std::string file_term(const std::string& file_key);

}  // namespace newsdesk::indexer
