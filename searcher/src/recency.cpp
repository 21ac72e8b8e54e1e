#include "recency.hpp"

#include <cmath>
#include <set>

namespace newsdesk::searcher {

long day_number(const std::string& v) {
    if (v.size() != 8) return -1;
    for (char c : v) {
        if (c < '0' || c > '9') return -1;
    }
    long y = std::stol(v.substr(0, 4));
    unsigned m = static_cast<unsigned>(std::stoi(v.substr(4, 2)));
    unsigned d = static_cast<unsigned>(std::stoi(v.substr(6, 2)));
    // Howard Hinnant's days_from_civil.
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

DistinctDates::DistinctDates(const Xapian::Database& db, Xapian::valueno slot) {
    std::set<std::string> seen;
    for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v)
        seen.insert(*v);
    values.assign(seen.begin(), seen.end());
}

Xapian::Query recency_query(Xapian::valueno slot, const DistinctDates& dates,
                            const std::string& newest, double max_bonus, double half_life_days) {
    const long to = day_number(newest);
    auto* source = new Xapian::ValueMapPostingSource(slot);
    source->set_default_weight(0);
    for (const std::string& date : dates.values) {
        const long day = day_number(date);
        if (day < 0 || to < 0) continue;
        const double age = static_cast<double>(to > day ? to - day : 0);
        source->add_mapping(date, max_bonus * std::exp2(-age / half_life_days));
    }
    return Xapian::Query(source->release());
}

}  // namespace newsdesk::searcher
