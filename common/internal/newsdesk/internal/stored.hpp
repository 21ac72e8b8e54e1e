// The document data layout: an Article as stored in a Xapian document's data, and back.
#pragma once

#include <string>
#include <string_view>

#include "newsdesk/article.hpp"

namespace newsdesk::stored {

/// The stored form of an article together with its public id and story id.
struct StoredArticle {
    std::string id;
    std::string story;  ///< story id, empty until story detection assigns one
    Article article;
};

/// Serialises to the JSON object described in schema.hpp / docs/SCHEMA.md, keys in sorted order.
std::string encode(const StoredArticle& a);

/// The same bytes as encode(), written through nlohmann::json: the layout's reference (tests), and
/// what encode() falls back to for text that is not valid UTF-8 (replaced by U+FFFD).
std::string encode_with_json(const StoredArticle& a);

/// `data` as written by encode(), with its story id replaced by `story`: what encode() would write
/// for the same article in that story, without serialising the whole article again (the writer
/// learns an article's story only after its document was built on a parsing thread).
std::string with_story(std::string data, std::string_view story);

/// Parses document data written by encode(). Throws DatabaseError on data it cannot read.
StoredArticle decode(std::string_view data);

/// decode() without the entity mentions (article.entities stays empty), several times faster:
/// what a search hit shows needs the text and metadata, and reads the entities' canonical names
/// from the facet slots. Throws DatabaseError on data it cannot read.
StoredArticle decode_without_entities(std::string_view data);

}  // namespace newsdesk::stored
