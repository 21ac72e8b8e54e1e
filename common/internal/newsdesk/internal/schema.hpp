// The Xapian schema of a newsdesk database: term prefixes, value slots, document data.
//
// This is the one place that defines them; the document builder (indexer) and the query parser
// (searcher) both read this table. docs/SCHEMA.md explains each entry. Prefixes follow Omega's
// conventions: single capitals for the standard fields, "X..." for newsdesk's own.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "newsdesk/article.hpp"

namespace newsdesk::schema {

/// Bumped when the layout changes incompatibly; stored as database metadata "newsdesk.schema".
inline constexpr int kVersion = 8;
inline constexpr std::string_view kVersionKey = "newsdesk.schema";
/// Every shard of a database carries the number of shards of its generation and its own place
/// among them, "2/4" (docs/SCHEMA.md, "On disk"); the first shard also holds the sync state.
inline constexpr std::string_view kShardKey = "newsdesk.shard";

// ---- term prefixes -------------------------------------------------------------------------
inline constexpr std::string_view kId = "Q";          ///< Q<article id>, unique per document
inline constexpr std::string_view kTitle = "S";       ///< title words (free text, positional)
inline constexpr std::string_view kAuthor = "A";      ///< byline words (free text)
inline constexpr std::string_view kUrl = "U";         ///< U<url> (boolean; hashed when long)
inline constexpr std::string_view kDay = "D";         ///< D<YYYYMMDD> (boolean)
inline constexpr std::string_view kMonth = "M";       ///< M<YYYYMM> (boolean)
inline constexpr std::string_view kYear = "Y";        ///< Y<YYYY> (boolean)
inline constexpr std::string_view kFile = "XF";       ///< XF<file key>: every document of a file
inline constexpr std::string_view kFormat = "XT";     ///< XT<format>: text, html, jsonl, json
inline constexpr std::string_view kSource = "XSRC";   ///< XSRC<entity key of the outlet>
inline constexpr std::string_view kPerson = "XPER";   ///< XPER<entity key>
inline constexpr std::string_view kOrg = "XORG";      ///< XORG<entity key>
inline constexpr std::string_view kPlace = "XLOC";    ///< XLOC<entity key>
inline constexpr std::string_view kStory = "XSTORY";  ///< XSTORY<story id>
/// XREL<story id>: another event about the same people, told in a story of its own (related)
inline constexpr std::string_view kRelated = "XREL";
/// XHEAD (boolean, no value): the article has a headline of its own, not one made from its
/// first sentence. Only these articles get the headline boost of the ranking.
inline constexpr std::string_view kHeadline = "XHEAD";

// ---- value slots ---------------------------------------------------------------------------
enum Slot : unsigned {
    kSlotDate = 0,     ///< "YYYYMMDD" (string order = date order), empty when unknown
    kSlotStory = 1,    ///< story id
    kSlotPerson = 2,   ///< serialised list of canonical person names (see facet_list)
    kSlotOrg = 3,      ///< serialised list of canonical organisation names
    kSlotPlace = 4,    ///< serialised list of canonical place names
    kSlotSource = 5,   ///< serialised list with the outlet's display name (0 or 1 entries)
    kSlotSimhash = 6,  ///< 8-byte big-endian SimHash of the body, for story detection
    // 7: the story signature until version 3 (story detection now makes it again on loading)
    kSlotNewsDate = 8,  ///< "YYYYMMDD" only when the article itself names its date
};

/// A facet: a kind of value a document can have several of, counted over the matching documents
/// and filterable with a boolean prefix.
struct Facet {
    std::string_view name;    ///< the query-language field and JSON key: "person"
    std::string_view prefix;  ///< boolean filter term prefix
    Slot slot;                ///< value slot holding the display names
};

inline constexpr std::array<Facet, 4> kFacets{{
    {"person", kPerson, kSlotPerson},
    {"org", kOrg, kSlotOrg},
    {"place", kPlace, kSlotPlace},
    {"source", kSource, kSlotSource},
}};

/// Free-text fields the query parser knows, beside the unprefixed body.
struct TextField {
    std::string_view name;
    std::string_view prefix;
};

inline constexpr std::array<TextField, 2> kTextFields{{
    {"title", kTitle},
    {"author", kAuthor},
}};

/// The facet of an entity type.
/// person, org or place (misc has no facet; never asked for).
const Facet& facet_for(EntityType t) noexcept;

/// Prefix + value, hashing values too long for a Xapian term (245 bytes).
std::string term(std::string_view prefix, std::string_view value);

// ---- document data -------------------------------------------------------------------------
// The document data is a JSON object: {"v", "id", "key", "path", "line", "format", "title",
// "text", "date", "date_source", "source", "url", "byline", "dateline", "names": [canonical
// names], "entities": [[start, end, type, name index(, text)]]}. It is written by
// indexer/src/document.cpp and read by searcher/src/stored.cpp; docs/SCHEMA.md documents every key.

}  // namespace newsdesk::schema
