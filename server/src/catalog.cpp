#include "catalog.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "newsdesk/error.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/stored.hpp"

namespace newsdesk::server {

namespace {

Xapian::Database open_probe(const std::string& dir) {
    try {
        return Xapian::Database(dir);
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open database " + dir + ": " + e.get_msg());
    }
}

// Runs `f`, reopening the probe once if a writer committed underneath it.
template <typename F>
auto with_retry(Xapian::Database& db, F f) {
    try {
        try {
            return f();
        } catch (const Xapian::DatabaseModifiedError&) {
            db.reopen();
            return f();
        }
    } catch (const Xapian::Error& e) {
        throw DatabaseError("database error: " + e.get_description());
    }
}

}  // namespace

Catalog::Catalog(std::string db_dir)
    : dir_(std::move(db_dir)),
      searcher_(dir_),  // checks that the database exists and is newsdesk's
      probe_(open_probe(dir_)),
      stub_(stub_identity()) {}

std::string Catalog::stub_identity() const {
    std::ifstream in(std::filesystem::path(dir_) / "XAPIANDB");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

SearchResults Catalog::search(const SearchRequest& request) {
    try {
        return searcher_.search(request);
    } catch (const Xapian::Error& e) {
        throw RuntimeError("search failed: " + e.get_description());
    }
}

std::optional<ArticleRecord> Catalog::article(const std::string& id) {
    auto record = with_retry(probe_, [&]() -> std::optional<ArticleRecord> {
        const std::string idterm = schema::term(schema::kId, id);
        Xapian::PostingIterator p = probe_.postlist_begin(idterm);
        if (p == probe_.postlist_end(idterm)) return std::nullopt;
        stored::StoredArticle s = stored::decode(probe_.get_document(*p).get_data());
        ArticleRecord r;
        r.id = s.id;
        r.article = std::move(s.article);
        if (!s.story.empty()) r.story = StoryRef{s.story, 0, {}};
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
    return with_retry(probe_, [&] { return std::size_t{probe_.get_doccount()}; });
}

std::uint64_t Catalog::revision() {
    return with_retry(probe_, [&] { return std::uint64_t{probe_.get_revision()}; });
}

bool Catalog::refresh() {
    const std::string stub = stub_identity();
    bool changed = stub != stub_;
    if (!changed) {
        changed = with_retry(probe_, [&] { return probe_.reopen(); });
    }
    if (!changed) return false;
    // A new revision or generation: a fresh Searcher (its caches belong to the old view).
    Searcher searcher(dir_);
    Xapian::Database probe = open_probe(dir_);
    searcher_ = std::move(searcher);
    probe_ = std::move(probe);
    stub_ = stub;
    return true;
}

}  // namespace newsdesk::server
