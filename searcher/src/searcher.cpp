#include "newsdesk/searcher.hpp"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "engine.hpp"
#include "entity_filters.hpp"
#include "explain.hpp"
#include "facet_spy.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/internal/facets.hpp"
#include "newsdesk/internal/reading.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/stopwords.hpp"
#include "newsdesk/internal/stored.hpp"
#include "newsdesk/internal/text.hpp"
#include "ranking.hpp"
#include "recency.hpp"
#include "snippet.hpp"
#include "spelling.hpp"

namespace newsdesk {

namespace {

/// Passes on to its spies only the documents that hold at least `words` of a question's words:
/// their weight under Xapian::CoordWeight, with ParsedQuery::question_words weighing and the
/// match itself weighing nothing.
class QuestionSpy : public Xapian::MatchSpy {
  public:
    QuestionSpy(Xapian::termcount words, std::vector<Xapian::MatchSpy*> spies)
        : words_(words), spies_(std::move(spies)) {}
    void operator()(const Xapian::Document& doc, double wt) override {
        if (wt + 0.5 < words_) return;
        for (Xapian::MatchSpy* spy : spies_)
            (*spy)(doc, wt);
    }

  private:
    Xapian::termcount words_;
    std::vector<Xapian::MatchSpy*> spies_;
};

// The schema version the database was written with. Every shard holds it: the first one that
// was reached tells it (a stand-in for an unreachable shard holds nothing).
std::string version_of(const reading::Shards& db) {
    const std::string key(schema::kVersionKey);
    if (db.each.empty()) return db.all.get_metadata(key);
    for (const auto& shard : db.each) {
        std::string v = shard.get_metadata(key);
        if (!v.empty()) return v;
    }
    return {};
}

reading::Shards open_database(const std::string& dir, const std::vector<std::string>& skip = {}) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        throw DatabaseError("no database at " + dir + " (create one with: newsdesk-index --db " +
                            dir + " PATH...)");
    }
    try {
        reading::Shards db = reading::open_shards(dir, skip);
        if (!db.missing.empty() && db.missing.size() == db.each.size()) {
            throw DatabaseError("no shard of " + dir + " can be reached (" + db.missing.front() +
                                (db.missing.size() > 1 ? ", ..." : "") + ")");
        }
        const std::string version = reading::retrying([&] { return version_of(db); },
                                                      [&] {
                                                          db = reading::open_shards(dir, skip);
                                                          return true;
                                                      });
        if (version.empty()) {
            throw DatabaseError(dir + " is a Xapian database, but not one written by newsdesk");
        }
        if (version != std::to_string(schema::kVersion)) {
            throw DatabaseError(dir + " has newsdesk schema version " + version +
                                ", this program reads " + std::to_string(schema::kVersion) +
                                ": rebuild it with newsdesk-index --rebuild");
        }
        return db;
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open database " + dir + ": " + e.get_msg());
    } catch (const UsageError& e) {  // a cluster file that does not read
        throw DatabaseError(e.what());
    }
}

std::size_t checked(std::size_t v, std::size_t max, const char* what) {
    if (v > max) {
        throw UsageError(std::string(what) + " must be at most " + std::to_string(max));
    }
    return v;
}

}  // namespace

SortOrder parse_sort_order(const std::string& name) {
    if (name == "relevance") return SortOrder::relevance;
    if (name == "date") return SortOrder::date;
    if (name == "newest-relevant") return SortOrder::newest_relevant;
    throw UsageError("sort order must be relevance, date or newest-relevant, not '" + name + "'");
}

const char* to_string(SortOrder order) noexcept {
    switch (order) {
        case SortOrder::date:
            return "date";
        case SortOrder::newest_relevant:
            return "newest-relevant";
        case SortOrder::relevance:
            break;
    }
    return "relevance";
}

namespace searcher {

namespace {

// newest-relevant: the recency bonus is worth about one well-matched query word at most, and
// halves every 30 days back from the newest article.
constexpr double kRecencyBonus = 1.5;
constexpr double kRecencyHalfLifeDays = 30;

// Articles looked at to list the outlets of a story.
constexpr Xapian::doccount kStorySourceScan = 50;

// At most this many related stories are listed with a story.
constexpr std::size_t kMaxRelatedStories = 10;

// The outlet's index in schema::kFacets.
constexpr std::size_t source_facet() {
    for (std::size_t t = 0; t < schema::kFacets.size(); ++t) {
        if (schema::kFacets[t].slot == schema::kSlotSource) return t;
    }
    return schema::kFacets.size();
}
constexpr std::size_t kSourceFacet = source_facet();
static_assert(kSourceFacet < schema::kFacets.size(), "the outlet is a facet");

// A table of type T (built from a database: FacetTable, Engine::StoryTable) for `db`'s view,
// shared by every Engine of the process reading the same revision of the same database: built
// once (others asking meanwhile wait for it), immutable, freed with its last user. Views without
// an identity (in-memory databases, several shards, clusters with remote shards, whose revision
// Xapian does not tell: not `shareable`) get a table of their own.
template <typename T, typename Revision>
std::shared_ptr<const T> shared_table(const Xapian::Database& db, bool shareable,
                                      Revision&& revision) {
    std::string key;
    try {
        const std::string uuid = shareable ? db.get_uuid() : std::string();
        if (!uuid.empty()) key = uuid + '@' + std::to_string(revision());
    } catch (const Xapian::InvalidOperationError&) {
    } catch (const Xapian::UnimplementedError&) {
    }
    if (key.empty()) return std::make_shared<const T>(db);
    static std::mutex mutex;
    static std::map<std::string, std::weak_ptr<const T>> tables;
    std::lock_guard<std::mutex> lock(mutex);
    auto& slot = tables[key];
    if (auto table = slot.lock()) return table;
    auto table = std::make_shared<const T>(db);
    slot = table;
    for (auto it = tables.begin(); it != tables.end();) {
        it = it->second.expired() ? tables.erase(it) : std::next(it);
    }
    return table;
}

// The terms a query's words are looked up as (spelling.cpp, QueryBuilder::stemmed): each word of
// ASCII letters and digits in lower case, and its stemmed "Z" term.
std::vector<std::string> query_words(const std::string& query, const Xapian::Stem& stemmer) {
    std::vector<std::string> terms;
    std::string word;
    auto flush = [&] {
        if (!word.empty()) {
            terms.push_back(word);
            terms.push_back("Z" + stemmer(word));
            word.clear();
        }
    };
    for (const char c : query) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            word += c;
        } else if (c >= 'A' && c <= 'Z') {
            word += static_cast<char>(c + ('a' - 'A'));
        } else {
            flush();
        }
    }
    flush();
    return terms;
}

}  // namespace

Engine::Engine(Xapian::Database db) : db_(std::move(db)), queries_(db_) {}

Engine::Engine(reading::Shards shards)
    : db_(std::move(shards.all)),
      shards_(std::move(shards.each)),
      missing_(std::move(shards.missing)),
      names_(std::move(shards.names)),
      remote_(shards.remote),
      queries_(db_) {}

SearchResults Engine::run(const SearchRequest& request) {
    // Entity filters that forgive (entity_filters.hpp), resolved before the query is built.
    ResolvedFilters resolved;
    SearchRequest resolved_request;
    if (!request.filters.empty()) {
        resolved = resolve_entity_filters(db_, facet_table(), request.filters);
        resolved_request = request;
        resolved_request.filters = resolved.filters;
    }
    const SearchRequest& req = request.filters.empty() ? request : resolved_request;
    // Entity values typed in the query ("Iraq person:Blair") forgive as filters do: resolved by
    // the same rules when the parser meets them, each said once in the note.
    std::set<std::string> typed_filters;
    queries_.set_facet_resolver([&](const schema::Facet& facet, const std::string& value) {
        const bool quote = value.find_first_of(" \t") != std::string::npos;
        const std::string filter =
            std::string(facet.name) + ":" + (quote ? "\"" + value + "\"" : value);
        ResolvedFilters r = resolve_entity_filters(db_, facet_table(), {filter});
        if (typed_filters.insert(filter).second) {
            if (!r.note.empty()) resolved.note += (resolved.note.empty() ? "" : "; ") + r.note;
            for (auto& s : r.suggestions)
                resolved.suggestions.push_back(std::move(s));
        }
        std::vector<std::string> also;
        for (std::size_t i = 1; i < r.filters.size(); ++i) {
            std::string v(text::trim(r.filters[i].substr(r.filters[i].find(':') + 1)));
            if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
            also.push_back(std::move(v));
        }
        return also;
    });
    // Over remote shards the frequencies of the query's words (spelling, stemming) are asked
    // for at once (term_freqs.hpp).
    TermFreqs freqs(db_);
    if (remote_) {
        freqs.prefetch(query_words(req.query, queries_.stemmer()));
        queries_.set_term_freqs(&freqs);
    }
    struct ResolverReset {
        QueryBuilder& queries;
        ~ResolverReset() {
            queries.set_facet_resolver(nullptr);
            queries.set_term_freqs(nullptr);
        }
    } resolver_reset{queries_};
    const auto started = std::chrono::steady_clock::now();
    deadline_.reset();
    if (req.time_limit_ms > 0) {
        deadline_ = started + std::chrono::milliseconds(req.time_limit_ms);
    }
    checked(req.limit, 10000, "limit");
    checked(req.offset, 1000000, "offset");
    SearchResults out;
    out.query = req.query;
    out.offset = req.offset;
    out.limit = req.limit;
    out.story = req.story;
    out.like = req.like;

    ParsedQuery parsed = req.like.empty() ? queries_.parse(req) : related(req);
    out.note = parsed.note;
    if (!resolved.note.empty()) out.note += (out.note.empty() ? "" : "; ") + resolved.note;
    out.filter_suggestions = std::move(resolved.suggestions);
    Suggestion spelling;
    if (req.like.empty() && req.story.empty() && !text::trim(req.query).empty()) {
        spelling = suggest(db_, queries_.stemmer(), req.query, &entity_words(), &freqs);
        out.suggestion = spelling.query;
    }
    execute(req, parsed, out);

    // Answered instead only when the suggestion is confident (see spelling.hpp).
    if (out.total == 0 && spelling.confident && req.autocorrect && !past_deadline()) {
        SearchRequest corrected = req;
        corrected.query = out.suggestion;
        ParsedQuery again = queries_.parse(corrected);
        execute(corrected, again, out);
        if (out.total > 0) {
            out.corrected = true;
            out.note = "No results for \"" + req.query + "\"; showing results for \"" +
                       out.suggestion + "\"";
        }
    }
    SearchRequest described = req;
    if (out.corrected) described.query = out.suggestion;
    describe_filters(described, out);
    if (past_deadline()) {
        out.partial = true;
        out.note += std::string(out.note.empty() ? "" : "; ") + "stopped at the time limit of " +
                    std::to_string(req.time_limit_ms) + " ms: counts may be incomplete";
    }
    if (!missing_.empty()) {
        out.partial = true;
        out.missing_shards = missing_;
    }
    out.took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return out;
}

bool Engine::past_deadline() const {
    return deadline_ && std::chrono::steady_clock::now() >= *deadline_;
}

double Engine::seconds_left() const {
    if (!deadline_) return 0;  // Xapian's "no limit"
    const double left =
        std::chrono::duration<double>(*deadline_ - std::chrono::steady_clock::now()).count();
    return std::max(left, 0.001);
}

std::size_t Engine::count_matches(const Xapian::Query& match, bool collapse) {
    if (!collapse) {
        Xapian::Enquire counter(db_);
        counter.set_query(match);
        counter.set_weighting_scheme(Xapian::BoolWeight());
        counter.set_time_limit(seconds_left());
        return counter.get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
    }
    // Stories, counted shard by shard: a match spy sees shard-local docids (see ShardDocids).
    StoryCountSpy stories(this->stories().story_of);
    if (remote_) {  // xapian-tcpsrv runs no spy of ours: every match's id, counted here
        Xapian::Enquire counter(db_);
        counter.set_query(match);
        counter.set_weighting_scheme(Xapian::BoolWeight());
        counter.set_docid_order(Xapian::Enquire::ASCENDING);
        counter.set_time_limit(seconds_left());
        const Xapian::MSet all = counter.get_mset(0, db_.get_doccount());
        for (auto it = all.begin(); it != all.end(); ++it)
            stories.add(*it);
        return stories.count();
    }
    const unsigned n = shards_.empty() ? 1 : static_cast<unsigned>(shards_.size());
    for (unsigned k = 0; k < n; ++k) {
        Xapian::Enquire counter(shards_.empty() ? db_ : shards_[k]);
        counter.set_query(match);
        counter.set_weighting_scheme(Xapian::BoolWeight());
        counter.set_time_limit(seconds_left());
        stories.on_shard(k, n);
        counter.add_matchspy(&stories);
        counter.get_mset(0, 0, db_.get_doccount());
    }
    return stories.count();
}

std::size_t Engine::count(const SearchRequest& req) {
    SearchRequest r = req;
    r.offset = 0;
    r.limit = 0;
    r.facet_limit = 0;
    SearchResults counted;
    execute(r, r.like.empty() ? queries_.parse(r) : related(r), counted);
    return counted.total;
}

void Engine::describe_filters(const SearchRequest& req, SearchResults& out) {
    // The filters by type, in the order first given; the dates are one more.
    struct Unit {
        std::string type, label;
        std::vector<std::size_t> filters;  // indices into req.filters
    };
    std::vector<Unit> units;
    for (std::size_t i = 0; i < req.filters.size(); ++i) {
        const std::string& f = req.filters[i];
        out.filters.push_back(f);
        const std::string type(text::trim(f.substr(0, f.find(':'))));
        auto it =
            std::find_if(units.begin(), units.end(), [&](const Unit& u) { return u.type == type; });
        if (it == units.end()) {
            units.push_back({type, f, {i}});
        } else {
            it->label += " or " + f;
            it->filters.push_back(i);
        }
    }
    std::string dates;
    if (!req.since.empty()) dates = "since " + req.since;
    if (!req.until.empty()) dates += (dates.empty() ? "" : " ") + ("until " + req.until);
    if (!dates.empty()) {
        if (!req.since.empty()) out.filters.push_back("since " + req.since);
        if (!req.until.empty()) out.filters.push_back("until " + req.until);
        units.push_back({"date", dates, {}});
    }
    if (out.total > 0 || units.empty()) return;
    const bool words = !text::trim(req.query).empty() || !req.like.empty();
    auto without = [&](const std::vector<const Unit*>& removed) -> std::optional<std::size_t> {
        SearchRequest r = req;
        r.filters.clear();
        for (std::size_t i = 0; i < req.filters.size(); ++i) {
            bool gone = false;
            for (const Unit* u : removed) {
                gone =
                    gone || std::find(u->filters.begin(), u->filters.end(), i) != u->filters.end();
            }
            if (!gone) r.filters.push_back(req.filters[i]);
        }
        for (const Unit* u : removed) {
            if (u->type == "date") {
                r.since.clear();
                r.until.clear();
            }
        }
        // Without words or filters a "query" would be every article: no explanation.
        if (!words && r.filters.empty() && r.since.empty() && r.until.empty()) return std::nullopt;
        return count(r);
    };
    for (const Unit& u : units) {
        if (auto n = without({&u}); n && *n > 0)
            out.filter_removed.push_back({u.type, u.label, *n});
    }
    if (out.filter_removed.empty() && units.size() > 1) {
        std::vector<const Unit*> all;
        std::string label;
        for (const Unit& u : units) {
            all.push_back(&u);
            label += (label.empty() ? "" : ", ") + u.label;
        }
        if (auto n = without(all); n && *n > 0) out.filter_removed.push_back({"all", label, *n});
    }
}

ParsedQuery Engine::related(const SearchRequest& req) {
    const std::string idterm = schema::term(schema::kId, req.like);
    Xapian::PostingIterator p = db_.postlist_begin(idterm);
    if (p == db_.postlist_end(idterm)) {
        throw UsageError("--like: no article with id " + req.like);
    }
    const Xapian::docid docid = *p;
    Xapian::Document doc = db_.get_document(docid);

    // Relevance feedback: the article's most distinctive (stemmed) words and its entities.
    std::vector<Xapian::Query> parts;
    for (const std::string& term : distinctive_words(docid, 25))
        parts.emplace_back(term);
    for (const char* prefix : {"XPER", "XORG", "XLOC"}) {
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            if ((*t).rfind(prefix, 0) == 0) parts.emplace_back(*t);
        }
    }
    ParsedQuery parsed;
    parsed.terms = Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    Xapian::Query exclude(idterm);
    const std::string story = doc.get_value(schema::kSlotStory);
    if (!story.empty()) {
        exclude = Xapian::Query(Xapian::Query::OP_OR, exclude,
                                Xapian::Query(schema::term(schema::kStory, story)));
    }
    parsed.query = Xapian::Query(Xapian::Query::OP_AND_NOT, parsed.terms, exclude);
    parsed.match = parsed.query;
    // Facet filters and dates still narrow the list.
    SearchRequest narrowing = req;
    narrowing.query.clear();
    narrowing.like.clear();
    if (!req.filters.empty() || !req.since.empty() || !req.until.empty()) {
        parsed.filter = queries_.parse(narrowing).filter;
        parsed.query = Xapian::Query(Xapian::Query::OP_FILTER, parsed.query, parsed.filter);
        parsed.match = parsed.query;
    }
    return parsed;
}

// Xapian's ESet with one relevant document (TradEWeight, k = 1), computed here with the whole
// database's statistics: Xapian 1.4 weighs each term of an ESet with the frequencies of the shard
// the document is in, so --like would change with the number of shards.
std::vector<std::string> Engine::distinctive_words(Xapian::docid docid, std::size_t count) {
    constexpr double k = 1.0;
    const double size = db_.get_doccount();
    const double average = std::max(db_.get_avlength(), 1.0);
    const double length = db_.get_doclength(docid);
    std::vector<std::pair<std::string, Xapian::termcount>> words;
    for (auto t = db_.termlist_begin(docid); t != db_.termlist_end(docid); ++t) {
        const std::string term = *t;
        if (term.size() <= 3 || term[0] != 'Z' || text::is_stopword(term.substr(1))) continue;
        words.emplace_back(term, t.get_wdf());
    }
    // Over remote shards the frequencies are asked for at once (term_freqs.hpp).
    TermFreqs freqs(db_);
    if (remote_) {
        std::vector<std::string> terms;
        for (const auto& w : words)
            terms.push_back(w.first);
        freqs.prefetch(terms);
    }
    std::vector<std::pair<double, std::string>> scored;
    for (const auto& [term, term_wdf] : words) {
        const double wdf = std::max<Xapian::termcount>(term_wdf, 1);
        const double multiplier = (k + 1) * wdf / (k * length / average + wdf);
        const double termfreq = freqs(term);
        // One relevant document, which holds the term.
        double tw = 1.5 * (size - termfreq + 0.5) / (0.5 * (termfreq - 1 + 0.5));
        if (tw < 2) tw = tw * 0.5 + 1;
        const double weight = std::log(tw) * multiplier;
        if (weight > 0) scored.emplace_back(weight, term);
    }
    const std::size_t keep = std::min(scored.size(), count);
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep),
                      scored.end(), [](const auto& x, const auto& y) {
                          return x.first != y.first ? x.first > y.first : x.second < y.second;
                      });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < keep; ++i)
        out.push_back(scored[i].second);
    return out;
}

void Engine::execute(const SearchRequest& req, const ParsedQuery& typed, SearchResults& out) {
    Xapian::Database& db = db_;
    const bool collapse = req.collapse && req.story.empty();
    // Two to four words: the articles holding all of them, when any do, are the results (what
    // total, articles and the facets count); those holding some are counted apart. In relevance
    // order they are listed after the results (the ranked query puts every article holding all
    // the words first); in date order, or with the recency bonus, which would mix them, only the
    // results are listed. Stopwords never decide (the parser left them out).
    ParsedQuery parsed = typed;
    out.total_partial = 0;
    out.partial_listed = false;
    if (!typed.all_match.empty()) {
        Xapian::Enquire probe(db);
        probe.set_query(typed.all_match);
        probe.set_weighting_scheme(Xapian::BoolWeight());
        if (!probe.get_mset(0, 1).empty()) {
            out.total_partial = count_matches(typed.match, collapse);
            out.partial_listed = req.sort == SortOrder::relevance && req.story.empty();
            if (!out.partial_listed) parsed.query = typed.all_query;
            parsed.match = typed.all_match;
        } else {
            const std::string none = "no article holds every word; listed: those holding some";
            out.note += (out.note.empty() ? "" : "; ") + none;
        }
    }
    // A question: the articles holding at least half of its words are the results and what the
    // facets count; every article holding any of them is still listed, ranked by all of them,
    // and those holding fewer are counted apart.
    out.question_words = 0;
    out.words_needed = typed.most_words;
    if (typed.most_words > 0) {
        out.question_words = typed.question_words.get_num_subqueries();
        out.total_partial = count_matches(typed.match, collapse);
        out.partial_listed = true;
    }
    Xapian::Enquire enquire(db);
    Xapian::Query query = parsed.query;
    const std::unique_ptr<Xapian::Weight> scheme = ranking_weight();
    ScoreSources sources;
    sources.weight = scheme.get();
    if (!parsed.ranked.query.empty()) sources.ranked = &parsed.ranked;
    // Feedback reorders by relevance: not for date order or a story's list.
    if (req.sort != SortOrder::date && req.story.empty() && sources.ranked) {
        sources.feedback = feedback(db, query, parsed.ranked, *scheme);
        if (!sources.feedback.empty()) {
            query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, sources.feedback);
        }
    }
    if (req.sort == SortOrder::newest_relevant) {
        // Ages count from the newest article of the whole database, whatever the shard.
        sources.recency = recency_query(schema::kSlotDate, dates_seen(),
                                        db.get_value_upper_bound(schema::kSlotDate), kRecencyBonus,
                                        kRecencyHalfLifeDays);
        query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, sources.recency);
    }
    enquire.set_query(query);
    enquire.set_weighting_scheme(*scheme);
    // Newest first by the date the article names; those dated only by their file's time come
    // after every article that names one (a file's time says when it was copied, not
    // published), newest file first.
    Xapian::MultiValueKeyMaker by_date;
    by_date.add_value(schema::kSlotNewsDate);
    by_date.add_value(schema::kSlotDate);
    const bool date_order = req.sort == SortOrder::date || !req.story.empty();
    if (date_order && !remote_) enquire.set_sort_by_key_then_relevance(&by_date, true);

    // Ranking: only the page asked for, so Xapian can skip documents that cannot reach it.
    // Collapsing keeps the best-ranked article of each story. On several shards Xapian 1.4's
    // matcher can skip a document that belongs on the page (one shard's own matcher does not),
    // so there every match is weighed: the page is then the one a single shard gives.
    if (collapse) enquire.set_collapse_key(schema::kSlotStory);
    Xapian::MSet mset;
    std::vector<Xapian::MSetIterator> page;
    // Over remote shards every match, weighed there, comes in one answer per shard: the page is
    // taken from it here (xapian-tcpsrv takes no KeyMaker for the date order), and so are the
    // counts below, unless a time limit may cut the counting short: one round of requests to
    // the shards instead of two.
    const bool every_match = remote_ && (date_order || !deadline_);
    if (every_match) {
        Xapian::Enquire all(db);
        all.set_query(query);
        all.set_weighting_scheme(*scheme);
        mset = all.get_mset(0, db.get_doccount());
        page = date_order ? date_ordered_page(mset, collapse, req.offset, req.limit)
                          : page_in_order(mset, {}, collapse, req.offset, req.limit);
    } else {
        mset = enquire.get_mset(static_cast<Xapian::doccount>(req.offset),
                                static_cast<Xapian::doccount>(req.limit),
                                shards_.size() > 1 ? db.get_doccount() : 0);
        for (auto it = mset.begin(); it != mset.end(); ++it)
            page.push_back(it);
    }

    // Counting: every match, unweighted. Exact article, story and facet counts. Counting is what
    // the time limit stops (Xapian's limit ends the check of every match, not the ranking of the
    // page). On several shards the counting matcher runs shard by shard (see ShardDocids).
    FacetTableSpy facet_spy(facet_table(), facet_counts_);
    std::optional<StoryCountSpy> story_spy;
    if (collapse) story_spy.emplace(this->stories().story_of);
    FacetTableSpy* facets = &facet_spy;
    StoryCountSpy* stories = story_spy ? &*story_spy : nullptr;
    std::optional<DateCounter> dates;
    std::optional<DateCountSpy> date_spy;
    if (req.facet_limit > 0) {
        dates.emplace(date_table());
        date_spy.emplace(*dates);
    }
    if (every_match && !deadline_ && !out.partial_listed) {
        // ParsedQuery::query matches what ParsedQuery::match does (when more is listed than
        // counted, a question or the partial matches of a short query: count_into).
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            facets->add(*it);
            if (stories) stories->add(*it);
            if (dates) dates->add(*it);
        }
    } else if (!count_union(parsed, *facets, stories, dates ? &*dates : nullptr)) {
        count_into(parsed, *facets, stories, dates ? &*dates : nullptr,
                   date_spy ? &*date_spy : nullptr);
    }
    out.articles = facets->documents();
    out.total = stories ? stories->count() : out.articles;
    out.total_partial = out.total_partial > out.total ? out.total_partial - out.total : 0;
    if (out.total_partial == 0) out.partial_listed = false;
    out.facets.clear();
    out.facet_values.clear();
    out.dates = DateHistogram{};
    if (req.facet_limit > 0) {
        for (std::size_t t = 0; t < schema::kFacets.size(); ++t) {
            const std::string name(schema::kFacets[t].name);
            auto limit = req.facet_limits.find(name);
            auto prefix = req.facet_prefixes.find(name);
            out.facets[name] = facets->top(
                t, limit == req.facet_limits.end() ? req.facet_limit : limit->second,
                prefix == req.facet_prefixes.end() ? std::string_view() : prefix->second,
                &out.facet_values[name]);
        }
        out.dates = dates->histogram(req.since, req.until);
    }

    Highlighter highlighter(parsed.terms, queries_.stemmer(), &db, &mset);
    const FacetTable& table = facet_table();
    out.hits.clear();
    std::size_t rank = req.offset;
    const std::vector<Xapian::Document> docs = documents(page);
    for (std::size_t i = 0; i < page.size(); ++i) {
        const Xapian::MSetIterator& it = page[i];
        stored::StoredArticle s = stored::decode_without_entities(docs[i].get_data());
        Article& a = s.article;
        Hit h;
        h.rank = ++rank;
        h.id = s.id;
        h.path = a.path;
        h.title = a.title;
        h.title_html = highlighter.marked(a.title);
        h.date = a.date;
        h.date_source = to_string(a.date_source);
        h.source = a.source;
        h.url = a.url;
        h.byline = a.byline;
        h.dateline = a.dateline;
        h.score = it.get_weight();
        h.snippet = highlighter.snippet(a.text, req.snippet_bytes);
        // The article's distinct entities per type, first mention first: its facet values.
        for (std::size_t t = 0; t < schema::kFacets.size(); ++t) {
            if (t == kSourceFacet) continue;
            table.for_each(t, *it, [&](std::uint32_t key) {
                h.entities[std::string(schema::kFacets[t].name)].push_back(table.name(key));
            });
        }
        if (!s.story.empty()) h.story = story_ref(s.story);
        out.hits.push_back(std::move(h));
    }
    if (req.explain) {
        std::vector<Xapian::docid> docids;
        std::vector<double> scores;
        for (const auto& it : page) {
            docids.push_back(*it);
            scores.push_back(it.get_weight());
        }
        auto parts = explain(db, sources, docids, scores);
        for (std::size_t i = 0; i < out.hits.size(); ++i)
            out.hits[i].explain = std::move(parts[i]);
    }
}

std::vector<Xapian::Document> Engine::documents(const std::vector<Xapian::MSetIterator>& page) {
    std::vector<Xapian::Document> docs(page.size());
    const std::size_t n = shards_.size();
    if (!remote_ || n < 2 || page.size() < 2) {
        for (std::size_t i = 0; i < page.size(); ++i)
            docs[i] = page[i].get_document();
        return docs;
    }
    // Xapian 1.4 asks a remote shard for one document at a time (MSet::fetch() does not
    // pipeline them), so each shard's documents are asked for by a thread of its own: the round
    // trips to different shards overlap. Each thread uses only its shard's connection, and the
    // whole database is not used meanwhile. Docid d of the whole is docid (d - 1) / n + 1 of
    // shard (d - 1) % n.
    std::vector<std::vector<std::size_t>> on(n);
    for (std::size_t i = 0; i < page.size(); ++i)
        on[(*page[i] - 1) % n].push_back(i);
    std::vector<std::exception_ptr> failed(n);
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < n; ++k) {
        if (on[k].empty()) continue;
        threads.emplace_back([&, k] {
            try {
                for (const std::size_t i : on[k])
                    docs[i] = shards_[k].get_document((*page[i] - 1) / n + 1);
            } catch (...) {
                failed[k] = std::current_exception();
            }
        });
    }
    for (std::thread& t : threads)
        t.join();
    for (const std::exception_ptr& e : failed) {
        if (e) std::rethrow_exception(e);
    }
    return docs;
}

std::unique_ptr<Xapian::Weight> Engine::ranking_weight() const {
    return remote_ ? builtin_weighting() : weighting();
}

std::vector<Xapian::MSetIterator> Engine::date_ordered_page(const Xapian::MSet& mset, bool collapse,
                                                            std::size_t offset, std::size_t limit) {
    // As Xapian orders by the key MultiValueKeyMaker(news date, date) makes, reversed: the
    // newest news date first, articles without one after all that have one, newest file date
    // first; then the higher weight, then the lower document id.
    struct Item {
        std::string news, date;
        double weight;
        Xapian::docid id;
        Xapian::MSetIterator it;
    };
    const Xapian::Database& values = table_source();
    std::vector<Item> items;
    items.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document doc = values.get_document(*it);
        items.push_back({doc.get_value(schema::kSlotNewsDate), doc.get_value(schema::kSlotDate),
                         it.get_weight(), *it, it});
    }
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
        if (a.news != b.news) return a.news > b.news;
        if (a.date != b.date) return a.date > b.date;
        if (a.weight != b.weight) return a.weight > b.weight;
        return a.id < b.id;
    });
    std::vector<Xapian::MSetIterator> order;
    order.reserve(items.size());
    for (const Item& item : items)
        order.push_back(item.it);
    return page_in_order(mset, order, collapse, offset, limit);
}

std::vector<Xapian::MSetIterator> Engine::page_in_order(
    const Xapian::MSet& mset, const std::vector<Xapian::MSetIterator>& order, bool collapse,
    std::size_t offset, std::size_t limit) {
    // Collapsing keeps the first article of each story in that order, as Xapian's collapse key
    // keeps the best ranked (an article without a story is never collapsed).
    const std::vector<std::uint32_t>& story_of = stories().story_of;
    std::unordered_set<std::uint32_t> seen;
    std::vector<Xapian::MSetIterator> page;
    std::size_t rank = 0;
    auto take = [&](const Xapian::MSetIterator& it) {
        if (collapse) {
            const Xapian::docid id = *it;
            const std::uint32_t story = id < story_of.size() ? story_of[id] : 0;
            if (story != 0 && !seen.insert(story).second) return true;
        }
        if (rank++ < offset) return true;
        if (page.size() == limit) return false;
        page.push_back(it);
        return true;
    };
    if (order.empty()) {
        for (auto it = mset.begin(); it != mset.end() && take(it); ++it) {
        }
    } else {
        for (const auto& it : order) {
            if (!take(it)) break;
        }
    }
    return page;
}

void Engine::count_into(const ParsedQuery& parsed, FacetTableSpy& facets, StoryCountSpy* stories,
                        DateCounter* dates, DateCountSpy* date_spy) {
    // A question counts the documents holding at least most_words of its words: their weight
    // under Xapian::CoordWeight, with ParsedQuery::question_words weighing and the match itself
    // weighing nothing.
    const bool question = parsed.most_words > 0;
    auto counting = [&](Xapian::Enquire& counter) {
        if (question) {
            counter.set_query(
                Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                              Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, parsed.match, 0.0),
                              parsed.question_words));
            counter.set_weighting_scheme(Xapian::CoordWeight());
        } else {
            counter.set_query(parsed.match);
            counter.set_weighting_scheme(Xapian::BoolWeight());
        }
        counter.set_time_limit(seconds_left());
    };
    if (remote_) {
        // Every match's id (and CoordWeight, both built-in), from the whole database (whole
        // ids), counted here.
        Xapian::Enquire counter(db_);
        counting(counter);
        counter.set_docid_order(Xapian::Enquire::ASCENDING);
        const Xapian::MSet all = counter.get_mset(0, db_.get_doccount());
        for (auto it = all.begin(); it != all.end(); ++it) {
            if (question && it.get_weight() + 0.5 < parsed.most_words) continue;
            facets.add(*it);
            if (stories) stories->add(*it);
            if (dates) dates->add(*it);
        }
        return;
    }
    const unsigned n = shards_.empty() ? 1 : static_cast<unsigned>(shards_.size());
    for (unsigned k = 0; k < n; ++k) {
        Xapian::Enquire counter(shards_.empty() ? db_ : shards_[k]);
        counting(counter);
        std::vector<Xapian::MatchSpy*> spies{&facets};
        facets.on_shard(k, n);
        if (stories) {
            stories->on_shard(k, n);
            spies.push_back(stories);
        }
        if (date_spy) {
            date_spy->on_shard(k, n);
            spies.push_back(date_spy);
        }
        std::optional<QuestionSpy> questions;
        if (question) {
            counter.add_matchspy(&questions.emplace(parsed.most_words, spies));
        } else {
            for (Xapian::MatchSpy* spy : spies)
                counter.add_matchspy(spy);
        }
        counter.get_mset(0, 0, db_.get_doccount());
    }
}

Engine::StoryTable::StoryTable(const Xapian::Database& db) {
    // Story ids as small numbers by docid: 4 bytes an article, read once as a value stream.
    story_of.assign(static_cast<std::size_t>(db.get_lastdocid()) + 1, 0);
    ids.emplace_back();
    std::size_t assigned = 0;
    for (auto v = db.valuestream_begin(schema::kSlotStory);
         v != db.valuestream_end(schema::kSlotStory); ++v) {
        auto [it, added] = number.emplace(*v, static_cast<std::uint32_t>(number.size() + 1));
        if (added) ids.push_back(*v);
        if (v.get_docid() < story_of.size()) {
            story_of[v.get_docid()] = it->second;
            ++assigned;
        }
    }
    // Each story's articles, in docid order (a counting sort of the docids by story).
    offsets.assign(number.size() + 2, 0);
    for (std::uint32_t s : story_of) {
        if (s != 0) ++offsets[s + 1];
    }
    for (std::size_t i = 1; i < offsets.size(); ++i)
        offsets[i] += offsets[i - 1];
    docids.resize(assigned);
    std::vector<std::uint32_t> next(offsets.begin(), offsets.end() - 1);
    for (std::size_t id = 0; id < story_of.size(); ++id) {
        if (story_of[id] != 0) docids[next[story_of[id]]++] = static_cast<Xapian::docid>(id);
    }
}

const Engine::StoryTable& Engine::stories() {
    if (!stories_)
        stories_ =
            shared_table<StoryTable>(table_source(), !remote_, [this] { return revision(); });
    return *stories_;
}

bool Engine::count_union(const ParsedQuery& parsed, FacetTableSpy& facets, StoryCountSpy* stories,
                         DateCounter* dates) {
    // The clock is read every kClockEvery postings; past the deadline the walk stops.
    constexpr std::size_t kClockEvery = 4096;
    std::size_t walked = 0;
    bool stopped = false;
    auto visit = [&](Xapian::docid id) {
        facets.add(id);
        if (stories) stories->add(id);
        if (dates) dates->add(id);
    };
    auto go_on = [&] {
        if (stopped) return false;
        if (++walked % kClockEvery == 0 && past_deadline()) stopped = true;
        return !stopped;
    };
    // Words ORed together (what most queries are): the matches are the union of the words'
    // posting lists, walked directly, without the matcher's per-document overhead.
    // OR and SYNONYM match the same documents: either may nest, as long as only terms are below.
    std::vector<std::string> terms;
    auto collect = [&terms](const Xapian::Query& q, auto& self) -> bool {
        switch (q.get_type()) {
            case Xapian::Query::LEAF_TERM:
                terms.push_back(*q.get_terms_begin());
                return true;
            case Xapian::Query::OP_OR:
            case Xapian::Query::OP_SYNONYM:
                for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
                    if (!self(q.get_subquery(i), self)) return false;
                }
                return true;
            default:
                return false;
        }
    };
    // Over remote shards each posting list is a round trip to every shard in turn, and the whole
    // list crosses the network: the counting match (count_into) asks them all at once.
    if (remote_) return false;
    if (parsed.most_words > 0) {
        // A question: the documents holding at least most_words of its words, each word counted
        // once whatever its forms (`seen` holds the last word that reached a document).
        const Xapian::Query& q = parsed.question_words;
        if (!parsed.filter.empty() || q.get_type() != Xapian::Query::OP_OR) return false;
        std::vector<std::vector<std::string>> words;
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
            terms.clear();
            if (!collect(q.get_subquery(i), collect) || terms.empty()) return false;
            words.push_back(terms);
        }
        const std::size_t size = static_cast<std::size_t>(db_.get_lastdocid()) + 1;
        std::vector<std::uint32_t> seen(size);
        std::vector<std::uint32_t> held(size);
        for (std::uint32_t w = 0; w < words.size(); ++w) {
            for (const auto& term : words[w]) {
                for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term) && go_on();
                     ++p) {
                    if (seen[*p] == w + 1) continue;
                    seen[*p] = w + 1;
                    ++held[*p];
                }
            }
        }
        for (Xapian::docid id = 1; id < size; ++id) {
            if (held[id] >= parsed.most_words) visit(id);
        }
        return true;
    }
    if (!collect(parsed.match, collect) || terms.empty()) return false;
    if (terms.size() == 1) {
        for (auto p = db_.postlist_begin(terms[0]); p != db_.postlist_end(terms[0]) && go_on(); ++p)
            visit(*p);
        return true;
    }
    std::vector<bool> seen(static_cast<std::size_t>(db_.get_lastdocid()) + 1);
    for (const auto& term : terms) {
        for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term) && go_on(); ++p) {
            if (seen[*p]) continue;
            seen[*p] = true;
            visit(*p);
        }
    }
    return true;
}

Engine::RelatedIndex::RelatedIndex(const Xapian::Database& db) {
    const std::string prefix(schema::kRelated);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
        named.insert(*t);
    names_some.assign(static_cast<std::size_t>(db.get_lastdocid()) + 1, false);
    if (named.empty()) return;
    // The articles holding any of them: one match (expanded on each shard), not a posting list
    // per term.
    Xapian::Enquire naming(db);
    naming.set_query(Xapian::Query(Xapian::Query::OP_WILDCARD, prefix));
    naming.set_weighting_scheme(Xapian::BoolWeight());
    naming.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet all = naming.get_mset(0, db.get_doccount());
    for (auto it = all.begin(); it != all.end(); ++it) {
        if (*it < names_some.size()) names_some[*it] = true;
    }
}

const Engine::RelatedIndex& Engine::related_index() {
    if (!related_index_)
        related_index_ = shared_table<RelatedIndex>(db_, !remote_, [this] { return revision(); });
    return *related_index_;
}

const EntityWords& Engine::entity_words() {
    if (!entity_words_)
        entity_words_ = shared_table<EntityWords>(db_, !remote_, [this] { return revision(); });
    return *entity_words_;
}

const FacetTable& Engine::facet_table() {
    if (!facet_table_)
        facet_table_ =
            shared_table<FacetTable>(table_source(), !remote_, [this] { return revision(); });
    return *facet_table_;
}

namespace {

struct PublishedDates : DistinctDates {
    explicit PublishedDates(const Xapian::Database& db) : DistinctDates(db, schema::kSlotDate) {}
};

}  // namespace

const Xapian::Database& Engine::table_source() {
    if (!remote_) return db_;
    if (!values_) {
        Xapian::WritableDatabase copy(std::string(), Xapian::DB_BACKEND_INMEMORY);
        std::vector<Xapian::valueno> slots{schema::kSlotStory, schema::kSlotDate,
                                           schema::kSlotNewsDate};
        for (const auto& facet : schema::kFacets)
            slots.push_back(facet.slot);
        std::map<Xapian::docid, Xapian::Document> docs;
        for (const Xapian::valueno slot : slots) {
            Xapian::Enquire all(db_);
            all.set_query(Xapian::Query::MatchAll);
            all.set_weighting_scheme(Xapian::BoolWeight());
            all.set_sort_by_value(slot, false);
            const Xapian::MSet mset = all.get_mset(0, db_.get_doccount());
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                Xapian::Document& doc = docs[*it];  // every document: date_ordered_page reads it
                const std::string value = it.get_sort_key();
                if (!value.empty()) doc.add_value(slot, value);
            }
        }
        for (auto& [id, doc] : docs)
            copy.replace_document(id, doc);
        // The tables size themselves by the last document id.
        const Xapian::docid last = db_.get_lastdocid();
        if (last != 0 && docs.count(last) == 0) copy.replace_document(last, Xapian::Document());
        values_ = copy;
    }
    return *values_;
}

const DistinctDates& Engine::dates_seen() {
    if (!dates_seen_) {
        dates_seen_ =
            shared_table<PublishedDates>(table_source(), !remote_, [this] { return revision(); });
    }
    return *dates_seen_;
}

const DateTable& Engine::date_table() {
    if (!date_table_)
        date_table_ =
            shared_table<DateTable>(table_source(), !remote_, [this] { return revision(); });
    return *date_table_;
}

StoryRef Engine::story_ref(const std::string& id) {
    StoryRef ref;
    ref.id = id;
    const StoryTable& table = stories();
    auto found = table.number.find(id);
    if (found == table.number.end()) {
        ref.size = db_.get_termfreq(schema::term(schema::kStory, id));
        return ref;
    }
    // Its size and outlets from the tables, without reading a document.
    const std::uint32_t* first = table.docids.data() + table.offsets[found->second];
    const std::uint32_t* last = table.docids.data() + table.offsets[found->second + 1];
    ref.size = static_cast<std::size_t>(last - first);
    if (static_cast<std::size_t>(last - first) > kStorySourceScan) last = first + kStorySourceScan;
    const FacetTable& facets = facet_table();
    for (const std::uint32_t* d = first; d != last; ++d) {
        facets.for_each(kSourceFacet, *d, [&](std::uint32_t key) {
            const std::string& name = facets.name(key);
            if (std::find(ref.sources.begin(), ref.sources.end(), name) == ref.sources.end()) {
                ref.sources.push_back(name);
            }
        });
    }
    ref.related = related_stories(id, first, last);
    return ref;
}

// A follow-up names the story it follows (an XREL term, see the indexer's StoryDetector): the
// stories related to `id` are those its articles name, and those of the articles naming it.
std::vector<std::string> Engine::related_stories(const std::string& id, const std::uint32_t* first,
                                                 const std::uint32_t* last) {
    std::set<std::string> related;
    const std::string prefix(schema::kRelated);
    const RelatedIndex& links = related_index();
    for (const std::uint32_t* d = first; d != last; ++d) {
        if (*d >= links.names_some.size() || !links.names_some[*d]) continue;
        auto t = db_.termlist_begin(*d);
        for (t.skip_to(prefix); t != db_.termlist_end(*d) && (*t).rfind(prefix, 0) == 0; ++t)
            related.insert((*t).substr(prefix.size()));
    }
    const std::string naming = schema::term(schema::kRelated, id);
    if (links.named.count(naming) != 0) {
        const StoryTable& table = stories();
        Xapian::doccount seen = 0;
        for (auto p = db_.postlist_begin(naming);
             p != db_.postlist_end(naming) && seen < kStorySourceScan; ++p, ++seen) {
            related.insert(table.ids[*p < table.story_of.size() ? table.story_of[*p] : 0]);
        }
    }
    std::vector<std::string> out;
    const StoryTable& table = stories();
    for (const std::string& other : related) {
        // A story since merged into this one, or whose articles are gone, is not listed (the
        // story table holds every story some article is in, as its XSTORY term says).
        if (!other.empty() && other != id && table.number.count(other) != 0) {
            out.push_back(other);
        }
        if (out.size() == kMaxRelatedStories) break;
    }
    return out;
}

}  // namespace searcher

namespace {

// The stub file naming the live generation: it changes when `--rebuild` or `--compact` switch.
// A cluster file is its own stub.
std::string read_stub(const std::string& dir) {
    std::ifstream in(reading::is_cluster_file(dir) ? std::filesystem::path(dir)
                                                   : std::filesystem::path(dir) / "XAPIANDB",
                     std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

struct Searcher::Impl {
    using Clock = std::chrono::steady_clock;
    explicit Impl(const std::string& dir_)
        : dir(dir_), stub(read_stub(dir_)), engine(open_database(dir_)), tried(Clock::now()) {
        if (reading::is_cluster_file(dir)) retry = reading::read_cluster(dir).retry;
    }
    std::string dir;
    std::string stub;
    searcher::Engine engine;
    bool engine_broken = false;  ///< a reopen failed: only a new Engine will do
    Clock::time_point tried;     ///< when the missing shards of a cluster were last tried
    double retry = 0;            ///< seconds between such tries (reading::Cluster::retry)

    // A cluster with shards missing tries them again, every `retry` seconds at most (reading
    // the others meanwhile); the view moves when one more is back.
    void reconnect_if_due() {
        if (engine.missing_shards().empty()) return;
        const auto now = Clock::now();
        if (std::chrono::duration<double>(now - tried).count() < retry) return;
        tried = now;
        try {
            searcher::Engine fresh(open_database(dir));
            if (fresh.missing_shards().size() < engine.missing_shards().size()) {
                engine = std::move(fresh);
                engine_broken = false;
                stub = read_stub(dir);
            }
        } catch (const DatabaseError&) {
        }
    }

    // After a shard failed a request: the first time, every shard is connected afresh (a server
    // closes idle connections; one that is down cannot be reached and stays out); the next times,
    // the shards that do not answer now (slower than their timeout) are left out until they do.
    void drop_failed_shards(const Xapian::NetworkError& error, int attempt) {
        std::vector<std::string> failed;
        if (attempt > 1) failed = engine.missing_shards();
        const std::vector<Xapian::Database>& each =
            attempt > 1 ? engine.shards() : std::vector<Xapian::Database>{};
        const std::vector<std::string>& names = engine.shard_names();
        for (std::size_t k = 0; k < each.size() && k < names.size(); ++k) {
            if (std::find(failed.begin(), failed.end(), names[k]) != failed.end()) continue;
            try {
                Xapian::Database shard = each[k];
                shard.keep_alive();
            } catch (const Xapian::NetworkError&) {
                failed.push_back(names[k]);
            }
        }
        try {
            engine = searcher::Engine(open_database(dir, failed));
        } catch (const DatabaseError& e) {
            throw DatabaseError(std::string(e.what()) + " (" + error.get_msg() + ")");
        }
        engine_broken = false;
        tried = Clock::now();
    }

    // Runs a read of the cluster's shards (`read` is run again with the shards that still
    // answer when one fails it), refusing to answer without all of them when `require_all`.
    template <typename F>
    auto on_shards(F read, bool require_all) {
        reconnect_if_due();
        for (int attempt = 1;; ++attempt) {
            if (require_all && !engine.missing_shards().empty()) {
                const auto& missing = engine.missing_shards();
                std::string list;
                for (const auto& m : missing)
                    list += (list.empty() ? "" : ", ") + m;
                throw DatabaseError(std::to_string(missing.size()) + " shard" +
                                    (missing.size() == 1 ? "" : "s") + " of " + dir +
                                    " could not be reached (" + list +
                                    ") and all shards are required");
            }
            try {
                return with_retry(read);
            } catch (const Xapian::NetworkError& e) {
                if (attempt == reading::kAttempts) {
                    throw DatabaseError("a shard of " + dir + " failed: " + e.get_msg());
                }
                drop_failed_shards(e, attempt);
            }
        }
    }

    // Moves to the newest revision, or to the live generation after a switch. Returns false
    // when the view already is the newest.
    bool move_to_newest() {
        const std::string live = read_stub(dir);
        if (live == stub && !engine_broken) {
            try {
                return engine.reopen();
            } catch (const Xapian::DatabaseError&) {
                // A commit raced the reopen (see reading.hpp), leaving the handle unusable.
                engine_broken = true;
            } catch (const Xapian::NetworkError&) {
                // A shard of a cluster stopped answering: open the cluster again without it.
                engine_broken = true;
            }
        }
        engine = searcher::Engine(open_database(dir));
        engine_broken = false;
        stub = live;
        return true;
    }

    // Runs `read` on the current view; when an indexer's commits made it fail, moves to the
    // newest revision and runs it again (see reading.hpp).
    template <typename F>
    auto with_retry(F read) {
        try {
            return reading::retrying(read, [&] { return move_to_newest(); });
        } catch (const Xapian::DatabaseModifiedError& e) {
            throw DatabaseError("database error: the database changed " +
                                std::to_string(reading::kAttempts) +
                                " times while being read: " + e.get_msg());
        } catch (const Xapian::DatabaseError& e) {
            throw DatabaseError("database error: " + e.get_description());
        } catch (const Xapian::DocNotFoundError& e) {
            throw DatabaseError("database error: " + e.get_description());
        }
    }
};

Searcher::Searcher(const std::string& db_dir) : impl_(std::make_unique<Impl>(db_dir)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(const SearchRequest& request) {
    return impl_->on_shards([&] { return impl_->engine.run(request); }, request.require_all_shards);
}

std::optional<Article> Searcher::article(const std::string& id) {
    return impl_->on_shards(
        [&]() -> std::optional<Article> {
            Xapian::Database& db = impl_->engine.database();
            const std::string idterm = schema::term(schema::kId, id);
            Xapian::PostingIterator p = db.postlist_begin(idterm);
            if (p == db.postlist_end(idterm)) return std::nullopt;
            return stored::decode(db.get_document(*p).get_data()).article;
        },
        false);
}

std::size_t Searcher::size() const {
    return impl_->engine.database().get_doccount();
}

std::uint64_t Searcher::revision() const {
    return impl_->engine.revision();
}

bool Searcher::refresh() {
    try {
        impl_->reconnect_if_due();
        return impl_->move_to_newest();
    } catch (const Xapian::Error& e) {  // a shard of a cluster that fails as it is reopened
        throw DatabaseError("database error: " + e.get_description());
    }
}

}  // namespace newsdesk
