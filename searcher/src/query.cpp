#include "query.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <unordered_set>

#include "newsdesk/entities.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/stopwords.hpp"
#include "newsdesk/internal/text.hpp"
#include "ranking.hpp"
#include "synonyms.hpp"

namespace newsdesk::searcher {

namespace {

constexpr unsigned kFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                            Xapian::QueryParser::FLAG_LOVEHATE |
                            Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT;

// A facet filter value's boolean term: for the entity facets the value goes through the alias
// table first ("DPRK" -> "North Korea", "U.S." -> "United States"), then to its entity key, so
// that aliases and variant spellings ("Choe Son-hui") find the canonical entity ("Choe Son Hui").
std::string facet_term(const schema::Facet& facet, const std::string& value) {
    for (EntityType type : {EntityType::person, EntityType::org, EntityType::place}) {
        if (schema::facet_for(type).name == facet.name) {
            return schema::term(facet.prefix, text::entity_key(resolve_alias(type, value)));
        }
    }
    return schema::term(facet.prefix, text::entity_key(value));
}

// Xapian's QueryParser is not exception-safe: an exception thrown by a field processor unwinds
// through its parser's frames and corrupts its heap (a double free on "-date:x") or leaks what it
// held. So a field processor never throws: it records the first error, answers a query that
// matches nothing, and QueryBuilder::parse_with() raises the error once parse_query() returned.
class GuardedFieldProcessor : public Xapian::FieldProcessor {
  public:
    explicit GuardedFieldProcessor(std::shared_ptr<std::exception_ptr> error)
        : error_(std::move(error)) {}
    Xapian::Query operator()(const std::string& value) final {
        try {
            return process(value);
        } catch (...) {
            if (!*error_) *error_ = std::current_exception();
            return Xapian::Query::MatchNothing;
        }
    }

  protected:
    virtual Xapian::Query process(const std::string& value) = 0;

  private:
    std::shared_ptr<std::exception_ptr> error_;
};

bool blank(const std::string& s) {
    return text::trim(s).empty();
}

class FacetFieldProcessor : public GuardedFieldProcessor {
  public:
    FacetFieldProcessor(const schema::Facet& facet, std::shared_ptr<std::exception_ptr> error,
                        std::shared_ptr<QueryBuilder::FacetResolver> resolver)
        : GuardedFieldProcessor(std::move(error)), facet_(facet), resolver_(std::move(resolver)) {}

  private:
    // A value typed in the query forgives as a --filter does ("person:Blair" also finds the
    // archive's one Blair of note): the resolver's values are ORed with it.
    Xapian::Query process(const std::string& value) override {
        std::vector<Xapian::Query> terms{Xapian::Query(facet_term(facet_, value))};
        if (*resolver_ && !blank(value)) {
            for (const std::string& also : (*resolver_)(facet_, value))
                terms.emplace_back(facet_term(facet_, also));
        }
        if (terms.size() == 1) return terms.front();
        return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }
    const schema::Facet& facet_;
    std::shared_ptr<QueryBuilder::FacetResolver> resolver_;
};

Xapian::Query date_range(const std::string& from, const std::string& to) {
    if (from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDate, to);
    if (to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, from);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, from, to);
}

// date:2024-10-29, date:2024-10, date:2024, date:2024-10-01..2024-10-31, date:2024-10-01..,
// date:..2024-10-31.
class DateFieldProcessor : public GuardedFieldProcessor {
  public:
    using GuardedFieldProcessor::GuardedFieldProcessor;

  private:
    Xapian::Query process(const std::string& value) override {
        std::size_t dots = value.find("..");
        if (dots == std::string::npos) {
            return date_range(date_bound(value, false, "date:"), date_bound(value, true, "date:"));
        }
        std::string from = value.substr(0, dots), to = value.substr(dots + 2);
        if (from.empty() && to.empty()) throw UsageError("date:.. needs at least one date");
        std::string low = from.empty() ? "" : date_bound(from, false, "date:");
        std::string high = to.empty() ? "" : date_bound(to, true, "date:");
        if (!low.empty() && !high.empty() && low > high) {
            throw UsageError("date:" + value + " is a reversed range: " + from + " is after " + to);
        }
        return date_range(low, high);
    }
};

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

// The text-field prefix of a word term ("" for the body, "S" for title:), or nullopt for a
// boolean term (filters, ids) that is no word. `term` is without its "Z".
std::optional<std::string> word_prefix(const std::string& term) {
    if (term.empty()) return std::nullopt;
    if (!is_upper(term[0])) return std::string();
    for (const auto& f : schema::kTextFields) {
        if (term.size() > f.prefix.size() && term.compare(0, f.prefix.size(), f.prefix) == 0 &&
            !is_upper(term[f.prefix.size()])) {
            return std::string(f.prefix);
        }
    }
    return std::nullopt;
}

// What the typed text says about its words beyond what the parser keeps: which were quoted
// (exact form wanted) and which were written in capitals as acronyms ("WHO", "IT": not
// stopwords).
struct TypedWords {
    std::unordered_set<std::string> quoted;    ///< lower case
    std::unordered_set<std::string> acronyms;  ///< lower case
};

TypedWords typed_words(const std::string& text) {
    TypedWords out;
    bool in_quotes = false;
    std::size_t i = 0;
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || is_upper(c) || c == '\''; };
    while (i < text.size()) {
        if (text[i] == '"') {
            in_quotes = !in_quotes;
            ++i;
            continue;
        }
        if (!letter(text[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        bool all_upper = true;
        while (j < text.size() && letter(text[j])) {
            if (!is_upper(text[j])) all_upper = false;
            ++j;
        }
        std::string lower = text.substr(i, j - i);
        for (char& c : lower)
            if (is_upper(c)) c = static_cast<char>(c + 32);
        if (in_quotes) out.quoted.insert(lower);
        if (all_upper && j - i >= 2) out.acronyms.insert(lower);
        i = j;
    }
    // A query typed all in capitals is shouted, not a row of acronyms.
    if (std::none_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        out.acronyms.clear();
    }
    return out;
}

// The query language's operators, as the parser reads them (capitals only).
bool is_binary_operator(const std::string& token) {
    for (const char* op : {"AND", "OR", "XOR", "NEAR", "ADJ"}) {
        const std::size_t n = std::char_traits<char>::length(op);
        if (token.compare(0, n, op) != 0) continue;
        if (token.size() == n) return true;
        // NEAR/5, ADJ/3
        if (token[n] == '/' && token.size() > n + 1 &&
            std::all_of(token.begin() + static_cast<std::ptrdiff_t>(n) + 1, token.end(),
                        [](char c) { return c >= '0' && c <= '9'; })) {
            return std::string_view(op) == "NEAR" || std::string_view(op) == "ADJ";
        }
    }
    return false;
}

// What is wrong with the operators or brackets of `text`, in words a user can act on, or "" when
// nothing is. The parser itself would read a dangling NEAR as a word, and says only
// "Syntax: <expression> AND <expression>" about a dangling AND.
std::string operator_problem(const std::string& text) {
    // Tokens outside quotes: words, operators and brackets; a quoted phrase is one word.
    std::vector<std::string> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
        } else if (c == '(' || c == ')') {
            tokens.emplace_back(1, c);
            ++i;
        } else if (c == '"') {
            std::size_t close = text.find('"', i + 1);
            if (close == std::string::npos) close = text.size();
            tokens.emplace_back("\"\"");
            i = close + 1;
        } else {
            std::size_t j = i;
            while (j < text.size() && text[j] != ' ' && text[j] != '\t' && text[j] != '(' &&
                   text[j] != ')' && text[j] != '"') {
                ++j;
            }
            // A field's quoted value: person:"Choe Son Hui".
            if (j < text.size() && text[j] == '"' && j > i && text[j - 1] == ':') {
                std::size_t close = text.find('"', j + 1);
                j = close == std::string::npos ? text.size() : close + 1;
            }
            tokens.push_back(text.substr(i, j - i));
            i = j;
        }
    }
    auto operand_end = [](const std::string& t) {  // can end what an operator follows
        return t != "(" && t != "NOT" && !is_binary_operator(t);
    };
    auto operand_start = [](const std::string& t) {  // can start what an operator precedes
        return t != ")" && !is_binary_operator(t);
    };
    int depth = 0;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const std::string& t = tokens[k];
        if (t == "(") ++depth;
        if (t == ")" && --depth < 0) return "a ')' closes no '('";
        const bool before = k > 0 && operand_end(tokens[k - 1]);
        const bool after = k + 1 < tokens.size() && operand_start(tokens[k + 1]);
        const std::string shown = t.substr(0, t.find('/'));
        if (is_binary_operator(t) && (!before || !after)) {
            return t + " needs a word or phrase on each side, as in \"troops " + shown +
                   " tanks\" (operators are read in capitals only)";
        }
        if (t == "NOT" && (!after || tokens[k + 1] == "NOT")) {
            return "NOT needs a word or phrase after it, as in \"troops NOT tanks\"";
        }
    }
    if (depth > 0) return "a '(' is never closed";
    if (std::count(text.begin(), text.end(), '"') % 2 != 0) {
        return "a '\"' is never closed (a phrase goes between two: \"Kursk region\")";
    }
    return {};
}

// `q` with `f` applied to each term leaf outside positional and parametrised operators.
template <typename F>
Xapian::Query map_leaves(const Xapian::Query& q, F& f) {
    if (q.get_type() == Xapian::Query::LEAF_TERM) return f(*q.get_terms_begin(), q);
    const auto op = static_cast<Xapian::Query::op>(q.get_type());
    if (!is_combining(op)) return q;
    std::vector<Xapian::Query> kids;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        kids.push_back(map_leaves(q.get_subquery(i), f));
    }
    return Xapian::Query(op, kids.begin(), kids.end());
}

// Wildcards, counted over the whole parsed query.
std::size_t count_wildcards(const Xapian::Query& q) {
    std::size_t n = 0;
    std::vector<Xapian::Query> todo{q};
    while (!todo.empty()) {
        Xapian::Query next = std::move(todo.back());
        todo.pop_back();
        if (next.get_type() == Xapian::Query::OP_WILDCARD) ++n;
        for (std::size_t i = 0; i < next.get_num_subqueries(); ++i) {
            todo.push_back(next.get_subquery(i));
        }
    }
    return n;
}

}  // namespace

QueryBuilder::QueryBuilder(const Xapian::Database& db)
    : db_(db),
      stemmer_("english"),
      field_error_(std::make_shared<std::exception_ptr>()),
      resolver_(std::make_shared<FacetResolver>()) {
    parser_.set_database(db);
    parser_.set_stemmer(stemmer_);
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    for (const auto& f : schema::kTextFields) {
        parser_.add_prefix(std::string(f.name), std::string(f.prefix));
    }
    for (const auto& f : schema::kFacets) {
        parser_.add_boolean_prefix(
            std::string(f.name), (new FacetFieldProcessor(f, field_error_, resolver_))->release());
    }
    parser_.add_boolean_prefix("date", (new DateFieldProcessor(field_error_))->release());
    parser_.set_max_expansion(kWildcardTerms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
}

// A wildcard (troop*) as its expansions, the 100 terms with its prefix that the
// most articles hold, read from the whole database. Xapian 1.4 would expand it in each shard of a
// database on its own, with that shard's most frequent terms and weights: the same query would
// rank differently with the number of shards.
Xapian::Query QueryBuilder::expand_wildcards(const Xapian::Query& q) const {
    // The query's wildcards share one budget of words, as the parser's expansion would.
    return expand_wildcards(q, kWildcardTerms / std::max<std::size_t>(count_wildcards(q), 1));
}

Xapian::Query QueryBuilder::expand_wildcards(const Xapian::Query& q, std::size_t limit) const {
    switch (q.get_type()) {
        case Xapian::Query::OP_WILDCARD: {
            // The description is "Query(WILDCARD <combiner> <pattern>)".
            const std::string desc = q.get_description();
            const std::size_t first = desc.find(' ');
            const std::size_t second =
                first == std::string::npos ? first : desc.find(' ', first + 1);
            if (second == std::string::npos || desc.size() < second + 2) return q;
            const std::string pattern = desc.substr(second + 1, desc.size() - second - 2);
            std::vector<std::pair<Xapian::doccount, std::string>> found;
            for (auto t = db_.allterms_begin(pattern); t != db_.allterms_end(pattern); ++t)
                found.emplace_back(t.get_termfreq(), *t);
            const std::size_t keep = std::min(found.size(), limit);
            std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(keep),
                              found.end(), [](const auto& x, const auto& y) {
                                  return x.first != y.first ? x.first > y.first
                                                            : x.second < y.second;
                              });
            found.resize(keep);
            std::sort(found.begin(), found.end(),
                      [](const auto& x, const auto& y) { return x.second < y.second; });
            std::vector<Xapian::Query> terms;
            for (const auto& f : found)
                terms.emplace_back(f.second);
            if (terms.empty()) return Xapian::Query::MatchNothing;
            // Any of them, each weighed with its own (exact) frequencies: Xapian estimates a
            // synonym's frequency shard by shard (and OP_MAX crashes Xapian 1.4 on several
            // shards), which would make scores depend on the shards.
            return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
        }
        default: {
            // NEAR and PHRASE (a window), SCALE_WEIGHT (a factor), terms... stay as they are.
            if (!is_combining(static_cast<Xapian::Query::op>(q.get_type()))) return q;
            std::vector<Xapian::Query> kids;
            bool changed = false;
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
                kids.push_back(expand_wildcards(q.get_subquery(i), limit));
                changed =
                    changed || kids.back().get_description() != q.get_subquery(i).get_description();
            }
            if (!changed) return q;
            return Xapian::Query(static_cast<Xapian::Query::op>(q.get_type()), kids.begin(),
                                 kids.end());
        }
    }
}

std::string date_bound(const std::string& date, bool upper, const char* what) {
    std::string digits;
    for (char c : date) {
        if (c >= '0' && c <= '9') {
            digits += c;
        } else if (c != '-') {
            digits.clear();
            break;
        }
    }
    auto bad = [&]() {
        return UsageError(std::string(what) + " '" + date +
                          "' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)");
    };
    if (digits.size() == 4) digits += upper ? "12" : "01";
    if (digits.size() != 6 && digits.size() != 8) throw bad();
    const int year = std::stoi(digits.substr(0, 4)), month = std::stoi(digits.substr(4, 2));
    if (month < 1 || month > 12) throw bad();
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
    if (digits.size() == 6) return digits + (upper ? std::to_string(last) : "01");
    const int day = std::stoi(digits.substr(6, 2));
    if (day < 1 || day > last) throw bad();
    return digits;
}

Xapian::Query QueryBuilder::parse_with(const std::string& text, unsigned flags,
                                       Xapian::Query::op op) {
    parser_.set_default_op(op);
    auto parse = [&] {
        *field_error_ = nullptr;
        Xapian::Query q = parser_.parse_query(text, flags);
        if (*field_error_) {
            std::exception_ptr error = *field_error_;
            *field_error_ = nullptr;
            std::rethrow_exception(error);
        }
        return q;
    };
    // Each wildcard scans the words it could stand for, and its expansions join the match: the
    // query's wildcards share one budget of kWildcardTerms words, and there are at most
    // kMaxWildcards of them.
    parser_.set_max_expansion(kWildcardTerms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    Xapian::Query q = parse();
    const std::size_t wildcards = count_wildcards(q);
    if (wildcards > kMaxWildcards) {
        throw UsageError("query has " + std::to_string(wildcards) + " wildcards; at most " +
                         std::to_string(kMaxWildcards) + " are allowed");
    }
    if (wildcards > 1) {
        parser_.set_max_expansion(static_cast<Xapian::termcount>(kWildcardTerms / wildcards),
                                  Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        q = parse();
    }
    return q;
}

Xapian::Query QueryBuilder::stemmed(const std::string& term, const Xapian::Query& leaf) const {
    if (term[0] == 'Z') return leaf;
    const std::optional<std::string> prefix = word_prefix(term);
    if (!prefix || term.size() == prefix->size()) return leaf;
    const std::string z = "Z" + *prefix + stemmer_(term.substr(prefix->size()));
    return (freqs_ ? (*freqs_)(z) : db_.get_termfreq(z)) > 0 ? Xapian::Query(z) : leaf;
}

Xapian::Query QueryBuilder::any_case(const Xapian::Query& q,
                                     const std::unordered_set<std::string>& quoted) const {
    auto widen = [&](const std::string& term, const Xapian::Query& leaf) {
        if (term.empty() || quoted.count(term)) return leaf;  // "Elections": that form only
        return stemmed(term, leaf);
    };
    return map_leaves(q, widen);
}

bool QueryBuilder::is_stop_leaf(const Xapian::Query& q,
                                const std::unordered_set<std::string>& acronyms) const {
    if (q.get_type() != Xapian::Query::LEAF_TERM) return false;
    const std::string term = *q.get_terms_begin();
    if (term.empty()) return false;
    if (term[0] != 'Z')
        return !is_upper(term[0]) && text::is_stopword(term) && !acronyms.count(term);
    auto u = parser_.unstem_begin(term);
    return u != parser_.unstem_end(term) && text::is_stopword(*u);
}

Xapian::Query QueryBuilder::without_stopwords(
    const Xapian::Query& q, const std::unordered_set<std::string>& acronyms) const {
    const auto op = static_cast<Xapian::Query::op>(q.get_type());
    if (!is_combining(op)) return q;
    std::vector<Xapian::Query> kids;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        const Xapian::Query sub = q.get_subquery(i);
        // Only the alternatives of an AND or OR can go; "NOT the" keeps its meaning.
        if ((op == Xapian::Query::OP_AND || op == Xapian::Query::OP_OR) &&
            is_stop_leaf(sub, acronyms))
            continue;
        kids.push_back(without_stopwords(sub, acronyms));
    }
    if (kids.empty()) return q;  // only stopwords ("The Who"): searched as typed
    if (kids.size() == 1 && (op == Xapian::Query::OP_AND || op == Xapian::Query::OP_OR))
        return kids.front();
    return Xapian::Query(op, kids.begin(), kids.end());
}

Xapian::Query QueryBuilder::filter_query(const SearchRequest& req) const {
    std::map<std::string, std::vector<Xapian::Query>> by_type;
    for (const auto& f : req.filters) {
        std::size_t colon = f.find(':');
        if (colon == std::string::npos) {
            throw UsageError("filter '" + f + "' is not of the form type:value (e.g. " +
                             "person:\"Choe Son Hui\")");
        }
        std::string type(text::trim(f.substr(0, colon)));
        std::string value(text::trim(f.substr(colon + 1)));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        const schema::Facet* facet = nullptr;
        for (const auto& candidate : schema::kFacets) {
            if (candidate.name == type) facet = &candidate;
        }
        if (!facet) {
            throw UsageError("unknown filter type '" + type +
                             "' (use person, org, place or source)");
        }
        if (blank(value)) throw UsageError("filter '" + f + "' has no value");
        by_type[type].emplace_back(facet_term(*facet, value));
    }
    Xapian::Query q;
    auto narrow = [&](const Xapian::Query& by) {
        q = q.empty() ? by : Xapian::Query(Xapian::Query::OP_AND, q, by);
    };
    for (auto& [type, terms] : by_type) {
        narrow(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
    }
    if (!req.since.empty() || !req.until.empty()) {
        std::string from = req.since.empty() ? "" : date_bound(req.since, false, "--since");
        std::string to = req.until.empty() ? "" : date_bound(req.until, true, "--until");
        if (!from.empty() && !to.empty() && from > to) {
            throw UsageError("--since " + req.since + " is after --until " + req.until);
        }
        narrow(date_range(from, to));
    }
    if (!req.story.empty()) narrow(Xapian::Query(schema::term(schema::kStory, req.story)));
    return q;
}

namespace {

// The words of `any` (the query's words ORed, before wildcards are expanded; ORs nest as the
// parser and the expansions built them), each as one query: a word's forms are one node
// (OP_SYNONYM for an alias's spellings, OP_WILDCARD, OP_PHRASE for a phrase). A word typed
// twice counts once.
std::vector<Xapian::Query> question_words(const Xapian::Query& any) {
    std::vector<Xapian::Query> words;
    std::unordered_set<std::string> seen;
    auto collect = [&](const Xapian::Query& q, auto& self) -> void {
        if (q.get_type() == Xapian::Query::OP_OR) {
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
                self(q.get_subquery(i), self);
            return;
        }
        // A term's description holds its position in the query: the term itself is the word.
        const std::string key =
            q.get_type() == Xapian::Query::LEAF_TERM ? *q.get_terms_begin() : q.get_description();
        if (seen.insert(key).second) words.push_back(q);
    };
    collect(any, collect);
    return words;
}

}  // namespace

ParsedQuery QueryBuilder::parse(const SearchRequest& req) {
    const std::string& text = req.query;
    Xapian::Query filter = filter_query(req);
    if (blank(text) && filter.empty()) {
        throw UsageError("empty query: give some words to search for");
    }
    ParsedQuery out;
    std::unordered_set<std::string> quoted;
    const std::string folded = text::fold_punctuation(text);
    Xapian::Query any, all;
    if (!blank(folded)) {
        // A malformed query is the user's to fix: say what is wrong, rather than search for the
        // words of "troops AND" (the parser's own message names grammar symbols).
        try {
            any = parse_with(folded, kFlags, Xapian::Query::OP_OR);
            all = parse_with(folded, kFlags, Xapian::Query::OP_AND);
        } catch (const UsageError&) {
            throw;  // a field processor's verdict on a bad date: say what is wrong
        } catch (const Xapian::QueryParserError&) {
            std::string problem = operator_problem(folded);
            if (problem.empty()) {
                problem =
                    "cannot be read: put AND, OR, NEAR between words or phrases and NOT "
                    "before one, in capitals, and pair brackets and quotes";
            }
            throw UsageError("query '" + text + "': " + problem);
        }
        // The parser reads some mistakes leniently (a dangling NEAR as a word, an open bracket
        // as closed at the end): they are errors all the same.
        if (std::string problem = operator_problem(folded); !problem.empty()) {
            throw UsageError("query '" + text + "': " + problem);
        }
        if (any.empty()) {
            throw UsageError("query '" + text + "' has no searchable words");
        }
        // Stopwords do not decide what matches: "Blair and Brown" is "Blair Brown" (phrases keep
        // theirs: "weapons of mass destruction").
        const TypedWords typed = typed_words(folded);
        any = without_stopwords(any, typed.acronyms);
        all = without_stopwords(all, typed.acronyms);
        quoted = typed.quoted;
    }
    QueryParts parts;
    for (auto t = any.get_terms_begin(); t != any.get_terms_end(); ++t) {
        std::string term = *t;
        if (!term.empty() && term[0] == 'Z') {
            auto u = parser_.unstem_begin(term);
            if (u == parser_.unstem_end(term)) continue;
            term = *u;
        }
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;  // a field's term
        parts.words.push_back(term);
    }
    // Aliases ("DPRK", "U.S.") also match their entity's other spellings; the words as typed
    // (above) keep their headline boost alone.
    out.terms = Synonyms::builtin().expand_for_highlighting(any, stemmer_);
    any = any_case(Synonyms::builtin().expand(any, stemmer_), quoted);
    std::vector<Xapian::Query> question;  // a question's words, each expanded as in `any`
    if (!any.empty()) {
        const std::size_t limit = kWildcardTerms / std::max<std::size_t>(count_wildcards(any), 1);
        for (const Xapian::Query& word : question_words(any)) {
            const Xapian::Query forms = expand_wildcards(word, limit);
            // OP_SYNONYM: under Xapian::CoordWeight, a word of several forms scores 1, as one term.
            question.emplace_back(Xapian::Query::OP_SYNONYM, &forms, &forms + 1);
        }
    }
    any = expand_wildcards(any);
    all = expand_wildcards(any_case(Synonyms::builtin().expand(all, stemmer_), quoted));
    parts.any = any;
    parts.all = all;
    out.ranked = ranked_query(parts, stemmer_);
    out.query = out.ranked.query;
    std::unordered_set<std::string> distinct(parts.words.begin(), parts.words.end());
    if (!all.empty() && distinct.size() >= 2 && distinct.size() <= kMaxAllWordsTier &&
        all.get_description() != any.get_description()) {
        out.all_query = Xapian::Query(Xapian::Query::OP_FILTER, out.query, all);
        out.all_match = all;
    }
    if (distinct.size() > kMaxAllWordsTier && question.size() > kMaxAllWordsTier) {
        out.question_words = Xapian::Query(Xapian::Query::OP_OR, question.begin(), question.end());
        out.most_words = static_cast<Xapian::termcount>((question.size() + 1) / 2);
    }
    out.filter = filter;
    out.match = any;
    if (!filter.empty()) {
        out.match = any.empty() ? filter : Xapian::Query(Xapian::Query::OP_FILTER, any, filter);
    }
    if (!filter.empty() && !out.all_match.empty()) {
        out.all_query = Xapian::Query(Xapian::Query::OP_FILTER, out.all_query, filter);
        out.all_match = Xapian::Query(Xapian::Query::OP_FILTER, out.all_match, filter);
    }
    if (!filter.empty()) {
        out.query = out.query.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0)
                                      : Xapian::Query(Xapian::Query::OP_FILTER, out.query, filter);
    }
    return out;
}

}  // namespace newsdesk::searcher
