#include "ranking.hpp"

namespace newsdesk::searcher {

namespace {

// Documents matching every word are weighted above documents matching only some by this factor.
constexpr double kPartialMatchScale = 1e-3;

// BM25 parameters (Xapian's defaults: k1 1, k2 0, k3 1, b 0.5, min_normlen 0.5).
constexpr double kK1 = 1.0;
constexpr double kK2 = 0.0;
constexpr double kK3 = 1.0;
constexpr double kB = 0.5;
constexpr double kMinNormLen = 0.5;

}  // namespace

Xapian::Query ranked_query(const QueryParts& parts) {
    if (parts.any.empty()) return parts.any;
    if (parts.all.get_description() == parts.any.get_description()) return parts.any;
    return Xapian::Query(
        Xapian::Query::OP_OR, parts.all,
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, parts.any, kPartialMatchScale));
}

std::unique_ptr<Xapian::Weight> weighting() {
    return std::make_unique<Xapian::BM25Weight>(kK1, kK2, kK3, kB, kMinNormLen);
}

}  // namespace newsdesk::searcher
