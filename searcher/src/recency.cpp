#include "recency.hpp"

#include <cmath>
#include <cstdio>
#include <utility>

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

RecencySource::RecencySource(Xapian::valueno value_slot, double max_bonus, double half_life_days,
                             std::string newest)
    : Xapian::ValuePostingSource(value_slot),
      max_bonus_(max_bonus),
      half_life_(half_life_days),
      newest_date_(std::move(newest)) {
    set_maxweight(max_bonus_);
}

void RecencySource::init(const Xapian::Database& database) {
    Xapian::ValuePostingSource::init(database);
    newest_ = day_number(newest_date_.empty() ? database.get_value_upper_bound(get_slot())
                                              : newest_date_);
    set_maxweight(max_bonus_);
}

double RecencySource::get_weight() const {
    long day = day_number(get_value());
    if (day < 0 || newest_ < 0) return 0;
    double age = static_cast<double>(newest_ > day ? newest_ - day : 0);
    return max_bonus_ * std::exp2(-age / half_life_);
}

RecencySource* RecencySource::clone() const {
    return new RecencySource(get_slot(), max_bonus_, half_life_, newest_date_);
}

std::string RecencySource::serialise() const {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%u %.17g %.17g", get_slot(), max_bonus_, half_life_);
    return newest_date_.empty() ? std::string(buf) : buf + (" " + newest_date_);
}

RecencySource* RecencySource::unserialise(const std::string& s) const {
    unsigned value_slot = 0;
    double bonus = 0, half = 1;
    char newest[16] = "";
    const int n = std::sscanf(s.c_str(), "%u %lg %lg %15s", &value_slot, &bonus, &half, newest);
    if (n < 3) throw Xapian::NetworkError("bad RecencySource serialisation");
    return new RecencySource(value_slot, bonus, half, n == 4 ? newest : "");
}

std::string RecencySource::get_description() const {
    return "RecencySource(slot " + std::to_string(get_slot()) + ")";
}

}  // namespace newsdesk::searcher
