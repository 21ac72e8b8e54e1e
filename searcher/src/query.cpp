#include "query.hpp"

#include <map>

#include "newsdesk/error.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/text.hpp"
#include "ranking.hpp"

namespace newsdesk::searcher {

namespace {

constexpr unsigned kFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                            Xapian::QueryParser::FLAG_LOVEHATE |
                            Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT;

// Maps a facet filter value to its boolean term: the canonical entity key, so that variant
// spellings ("Choe Son-hui") find the canonical entity ("Choe Son Hui").
class FacetFieldProcessor : public Xapian::FieldProcessor {
  public:
    explicit FacetFieldProcessor(std::string prefix) : prefix_(std::move(prefix)) {}
    Xapian::Query operator()(const std::string& value) override {
        return Xapian::Query(schema::term(prefix_, text::entity_key(value)));
    }

  private:
    std::string prefix_;
};

bool blank(const std::string& s) {
    return text::trim(s).empty();
}

}  // namespace

QueryBuilder::QueryBuilder(const Xapian::Database& db) : stemmer_("english") {
    parser_.set_database(db);
    parser_.set_stemmer(stemmer_);
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    for (const auto& f : schema::kTextFields) {
        parser_.add_prefix(std::string(f.name), std::string(f.prefix));
    }
    for (const auto& f : schema::kFacets) {
        parser_.add_boolean_prefix(std::string(f.name),
                                   (new FacetFieldProcessor(std::string(f.prefix)))->release());
    }
}

Xapian::Query QueryBuilder::parse_with(const std::string& text, unsigned flags,
                                       Xapian::Query::op op) {
    parser_.set_default_op(op);
    return parser_.parse_query(text, flags);
}

Xapian::Query QueryBuilder::filter_query(const std::vector<std::string>& filters) const {
    std::map<std::string, std::vector<Xapian::Query>> by_type;
    for (const auto& f : filters) {
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
        by_type[type].emplace_back(schema::term(facet->prefix, text::entity_key(value)));
    }
    Xapian::Query q;
    for (auto& [type, terms] : by_type) {
        Xapian::Query any(Xapian::Query::OP_OR, terms.begin(), terms.end());
        q = q.empty() ? any : Xapian::Query(Xapian::Query::OP_AND, q, any);
    }
    return q;
}

ParsedQuery QueryBuilder::parse(const std::string& text, const std::vector<std::string>& filters) {
    if (blank(text) && filters.empty()) {
        throw UsageError("empty query: give some words to search for");
    }
    ParsedQuery out;
    const std::string folded = text::fold_punctuation(text);
    Xapian::Query any, all;
    if (!blank(folded)) {
        try {
            any = parse_with(folded, kFlags, Xapian::Query::OP_OR);
            all = parse_with(folded, kFlags, Xapian::Query::OP_AND);
        } catch (const Xapian::QueryParserError& e) {
            // Unbalanced quotes, a dangling operator...: read the words literally instead.
            any = parse_with(folded, 0, Xapian::Query::OP_OR);
            all = parse_with(folded, 0, Xapian::Query::OP_AND);
            out.note = "query syntax not understood (" + e.get_msg() + "); searched for the words";
        }
        if (any.empty()) {
            throw UsageError("query '" + text + "' has no searchable words");
        }
    }
    out.terms = any;
    QueryParts parts;
    parts.any = any;
    parts.all = all;
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
    out.query = ranked_query(parts);
    Xapian::Query filter = filter_query(filters);
    if (!filter.empty()) {
        out.query = out.query.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0)
                                      : Xapian::Query(Xapian::Query::OP_FILTER, out.query, filter);
    }
    return out;
}

}  // namespace newsdesk::searcher
