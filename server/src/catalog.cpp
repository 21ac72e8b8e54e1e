#include "catalog.hpp"

#include "newsdesk/error.hpp"
#include "newsdesk/internal/reading.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/stored.hpp"

namespace newsdesk::server {

namespace {

Xapian::Database open_probe(const std::string& dir) {
    try {
        return reading::open(dir);
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open database " + dir + ": " + e.get_msg());
    }
}

// Runs `read` on `probe` (opened at `dir`), again at the newest revision when an indexer's commit
// made it fail (see newsdesk/internal/reading.hpp). Errors become DatabaseError.
template <typename F>
auto with_retry(Xapian::Database& probe, const std::string& dir, F read) {
    try {
        return reading::retrying(read, [&] { return reading::renew(probe, dir); });
    } catch (const Xapian::Error& e) {
        throw DatabaseError("database error: " + e.get_description());
    }
}

}  // namespace

Catalog::Catalog(std::string db_dir)
    : dir_(std::move(db_dir)),
      searcher_(dir_),  // checks that the database exists and is newsdesk's
      probe_(open_probe(dir_)) {}

SearchResults Catalog::search(const SearchRequest& request) {
    try {
        return searcher_.search(request);
    } catch (const Xapian::Error& e) {
        throw RuntimeError("search failed: " + e.get_description());
    }
}

std::optional<ArticleRecord> Catalog::article(const std::string& id) {
    auto record = with_retry(probe_, dir_, [&]() -> std::optional<ArticleRecord> {
        const std::string idterm = schema::term(schema::kId, id);
        Xapian::PostingIterator p = probe_.postlist_begin(idterm);
        if (p == probe_.postlist_end(idterm)) return std::nullopt;
        stored::StoredArticle s = stored::decode(probe_.get_document(*p).get_data());
        ArticleRecord r;
        r.id = s.id;
        r.article = std::move(s.article);
        if (!s.story.empty()) r.story = StoryRef{s.story, 0, {}, {}};
        return r;
    });
    if (record && record->story) {
        // The story as hits show it (size, outlets), through the Searcher's own story listing.
        SearchRequest story;
        story.story = record->story->id;
        story.limit = 1;
        story.facet_limit = 0;
        SearchResults listed = search(story);
        if (!listed.hits.empty() && listed.hits.front().story) {
            record->story = listed.hits.front().story;
        } else {
            record->story->size = listed.articles;
        }
    }
    return record;
}

std::size_t Catalog::size() {
    return searcher_.size();
}

std::uint64_t Catalog::revision() {
    return searcher_.revision();
}

bool Catalog::refresh() {
    // The Searcher follows new revisions and generation switches (keeping its view when the new
    // one cannot be opened); the handle for article records follows it.
    const bool changed = searcher_.refresh();
    if (changed) probe_current_ = false;
    if (!probe_current_) {
        probe_ = open_probe(dir_);
        probe_current_ = true;
    }
    return changed;
}

}  // namespace newsdesk::server
