// newsdesk/article.hpp — what the indexer stores for one news article.
//
// An Article is produced by the ingestion layer (one per plain-text or HTML file, one per JSON
// Lines record) and consumed by the document builder. It is a plain value type: no Xapian types,
// safe to copy and to move between threads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace newsdesk {

/// Where an article's date came from. Written to the index and returned as `date_source`.
enum class DateSource {
    none,      ///< no date known
    content,   ///< found in the article text (a date line, a dateline, "October 29, 2024")
    metadata,  ///< found in structured metadata (HTML meta tags, a JSON field)
    mtime,     ///< the file's modification time, used when the article names no date
};

const char* to_string(DateSource s) noexcept;

/// The kinds of named entity newsdesk extracts: people, organisations and places, which are
/// facets, and misc (CoNLL-2003's MISC: works, events, products, awards, nationalities), which
/// newsdesk-entities shows but the database never stores nor facets on.
enum class EntityType { person, org, place, misc };

const char* to_string(EntityType t) noexcept;

/// One mention of a named entity in an article's text.
struct EntityMention {
    EntityType type = EntityType::person;
    std::size_t start = 0;  ///< byte offset into Article::text
    std::size_t end = 0;    ///< byte offset, exclusive
    std::string text;       ///< the mention as written
    std::string canonical;  ///< the merged display name ("Choe Son Hui" for "Choe Son-hui")
};

struct Article {
    /// Stable key naming the article's origin: the file's path, or for one record of a
    /// JSON Lines file its URL when it has one, else "path:line". The article id is derived from
    /// it, so re-indexing the same origin replaces the document instead of duplicating it.
    std::string key;
    std::string path;      ///< absolute, lexically normal path of the file it came from
    std::size_t line = 0;  ///< 1-based line for JSON Lines records, 0 for whole files
    std::string format;    ///< "text", "html", "jsonl", "json"

    std::string title;
    /// No headline was found: the title is the text's first sentence (shown as the title, but
    /// not weighted as a headline).
    bool title_from_text = false;
    std::string text;  ///< cleaned body, paragraphs separated by "\n\n", original characters
    std::string date;  ///< "YYYY-MM-DD", empty when unknown
    DateSource date_source = DateSource::none;
    std::string source;  ///< outlet ("AP", "BBC"), empty when unknown
    std::string url;
    std::string byline;
    std::string dateline;  ///< place of the dateline ("Seoul"), empty when none

    std::vector<EntityMention> entities;
    /// Mentions in a headline of its own (not the body's first sentence), spans into `title`.
    /// Facet values and filter terms like the body's; not kept in the stored record, whose
    /// spans all slice the text.
    std::vector<EntityMention> title_entities;
};

}  // namespace newsdesk
