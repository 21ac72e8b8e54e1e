#include "newsdesk/searcher.hpp"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "engine.hpp"
#include "facet_spy.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/stored.hpp"
#include "ranking.hpp"
#include "snippet.hpp"

namespace newsdesk {

namespace {

Xapian::Database open_database(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        throw DatabaseError("no database at " + dir + " (create one with: newsdesk-index --db " +
                            dir + " PATH...)");
    }
    try {
        Xapian::Database db(dir);
        if (db.get_metadata(std::string(schema::kVersionKey)).empty()) {
            throw DatabaseError(dir + " is a Xapian database, but not one written by newsdesk");
        }
        return db;
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open database " + dir + ": " + e.get_msg());
    }
}

std::size_t checked(std::size_t v, std::size_t max, const char* what) {
    if (v > max) {
        throw UsageError(std::string(what) + " must be at most " + std::to_string(max));
    }
    return v;
}

}  // namespace

namespace searcher {

Engine::Engine(Xapian::Database db) : db_(std::move(db)), queries_(db_) {}

SearchResults Engine::run(const SearchRequest& req) {
    const auto started = std::chrono::steady_clock::now();
    Xapian::Database& db = db_;
    QueryBuilder& queries = queries_;
    checked(req.limit, 10000, "limit");
    checked(req.offset, 1000000, "offset");
    SearchResults out;
    out.query = req.query;
    out.offset = req.offset;
    out.limit = req.limit;

    ParsedQuery parsed = queries.parse(req.query, req.filters);
    out.note = parsed.note;

    Xapian::Enquire enquire(db);
    enquire.set_query(parsed.query);
    enquire.set_weighting_scheme(*weighting());
    // The enquire owns the spies (release()); the pointers stay valid while it lives.
    std::vector<std::pair<std::string_view, const MultiValueCountSpy*>> spies;
    if (req.facet_limit > 0) {
        for (const auto& facet : schema::kFacets) {
            auto* spy = new MultiValueCountSpy(facet.slot);
            spies.emplace_back(facet.name, spy);
            enquire.add_matchspy(spy->release());
        }
    }
    // Counts must be exact: check every candidate document.
    Xapian::MSet mset =
        enquire.get_mset(static_cast<Xapian::doccount>(req.offset),
                         static_cast<Xapian::doccount>(req.limit), db.get_doccount());
    out.total = mset.get_matches_estimated();
    for (const auto& [name, spy] : spies)
        out.facets[std::string(name)] = spy->top(req.facet_limit);

    Highlighter highlighter(parsed.terms, queries.stemmer(), &db);
    std::size_t rank = req.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        stored::StoredArticle s = stored::decode(it.get_document().get_data());
        Article& a = s.article;
        Hit h;
        h.rank = ++rank;
        h.id = s.id;
        h.path = a.path;
        h.title = a.title;
        h.date = a.date;
        h.date_source = to_string(a.date_source);
        h.source = a.source;
        h.url = a.url;
        h.byline = a.byline;
        h.dateline = a.dateline;
        h.score = it.get_weight();
        h.snippet = highlighter.snippet(a.text, req.snippet_bytes);
        for (const auto& e : a.entities) {
            auto& names = h.entities[to_string(e.type)];
            if (std::find(names.begin(), names.end(), e.canonical) == names.end()) {
                names.push_back(e.canonical);
            }
        }
        out.hits.push_back(std::move(h));
    }
    out.took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return out;
}

}  // namespace searcher

struct Searcher::Impl {
    explicit Impl(const std::string& dir_) : dir(dir_), engine(open_database(dir_)) {}
    std::string dir;
    searcher::Engine engine;
};

Searcher::Searcher(const std::string& db_dir) : impl_(std::make_unique<Impl>(db_dir)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(const SearchRequest& request) {
    try {
        return impl_->engine.run(request);
    } catch (const Xapian::DatabaseModifiedError&) {
        // A writer committed while we read: reopen at the new revision and answer from it.
        impl_->engine.database().reopen();
        return impl_->engine.run(request);
    } catch (const Xapian::DatabaseError& e) {
        throw DatabaseError("database error: " + e.get_description());
    }
}

std::size_t Searcher::size() const {
    return impl_->engine.database().get_doccount();
}

}  // namespace newsdesk
