#include "date_histogram.hpp"

#include <algorithm>
#include <cstdio>

#include "newsdesk/internal/schema.hpp"

namespace newsdesk::searcher {

namespace {

// "YYYYMMDD" or "YYYY-MM-DD" -> day number + kBias, 0 when it is not a date.
std::uint32_t parse_day(const std::string& s) {
    int y = 0;
    unsigned m = 0, d = 0;
    if (s.size() == 8) {
        if (std::sscanf(s.c_str(), "%4d%2u%2u", &y, &m, &d) != 3) return 0;
    } else if (s.size() == 10) {
        if (std::sscanf(s.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return 0;
    } else {
        return 0;
    }
    if (m < 1 || m > 12 || d < 1 || d > 31) return 0;
    const long days = days_from_civil(y, m, d) + DateTable::kBias;
    return days > 0 ? static_cast<std::uint32_t>(days) : 0;
}

struct Civil {
    int year;
    unsigned month, day;
};

Civil civil(long z) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long y = static_cast<long>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (m <= 2)), m, d};
}

}  // namespace

long days_from_civil(int year, unsigned month, unsigned day) {
    const long y = static_cast<long>(year) - (month <= 2);
    const long era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

std::string civil_from_days(long days) {
    const Civil c = civil(days);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
    return buf;
}

DateTable::DateTable(const Xapian::Database& db) {
    const std::size_t docs = static_cast<std::size_t>(db.get_lastdocid()) + 1;
    days_.assign(docs, 0);
    file_.assign(docs, false);
    for (auto v = db.valuestream_begin(schema::kSlotDate);
         v != db.valuestream_end(schema::kSlotDate); ++v) {
        const std::uint32_t d = parse_day(*v);
        if (d == 0 || v.get_docid() >= docs) continue;
        days_[v.get_docid()] = d;
        first_ = std::min(first_, d);
        last_ = std::max(last_, d);
    }
    // Story detection copies a date the article itself names (in its text or metadata) to a slot
    // of its own: a dated article with a story but without that copy is dated by its file.
    // Articles never seen by story detection (no story) are taken at their word.
    std::vector<bool> named(docs, false);
    for (auto v = db.valuestream_begin(schema::kSlotNewsDate);
         v != db.valuestream_end(schema::kSlotNewsDate); ++v) {
        if (v.get_docid() < docs) named[v.get_docid()] = true;
    }
    for (auto v = db.valuestream_begin(schema::kSlotStory);
         v != db.valuestream_end(schema::kSlotStory); ++v) {
        const Xapian::docid id = v.get_docid();
        if (id < docs && days_[id] != 0 && !named[id]) file_[id] = true;
    }
}

DateCounter::DateCounter(const DateTable& table) : table_(table) {
    if (table.first() <= table.last()) {
        counts_.assign(table.last() - table.first() + 1, 0);
        file_.assign(counts_.size(), 0);
    }
}

DateHistogram DateCounter::histogram(const std::string& since, const std::string& until) const {
    DateHistogram out;
    out.undated = undated_;
    long lo = -1, hi = -1;  // indexes into counts_ of the first and last matching day
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        if (counts_[i] == 0) continue;
        if (lo < 0) lo = static_cast<long>(i);
        hi = static_cast<long>(i);
        out.file_dates += file_[i];
    }
    if (lo < 0) return out;
    const long base = static_cast<long>(table_.first()) - DateTable::kBias;
    long from = base + lo, to = base + hi;  // day numbers
    // The filter's bounds widen the span (a range picked on the chart stays the chart's span).
    if (const std::uint32_t d = parse_day(since.size() == 10 ? since : std::string()); d != 0) {
        from = std::min(from, static_cast<long>(d) - DateTable::kBias);
    }
    if (const std::uint32_t d = parse_day(until.size() == 10 ? until : std::string()); d != 0) {
        to = std::max(to, static_cast<long>(d) - DateTable::kBias);
    }
    const long span = to - from + 1;
    // Start of the bucket holding day `d`, and the start of the next one.
    auto start_of = [&](long d) -> long {
        const Civil c = civil(d);
        if (span <= 62) return d;
        if (span <= 731) return d - ((d + 3) % 7 + 7) % 7;  // the Monday on or before
        if (span <= 25 * 366) return days_from_civil(c.year, c.month, 1);
        return days_from_civil(c.year, 1, 1);
    };
    auto next_of = [&](long s) -> long {
        const Civil c = civil(s);
        if (span <= 62) return s + 1;
        if (span <= 731) return s + 7;
        if (span <= 25 * 366) {
            return c.month == 12 ? days_from_civil(c.year + 1, 1, 1)
                                 : days_from_civil(c.year, c.month + 1, 1);
        }
        return days_from_civil(c.year + 1, 1, 1);
    };
    out.interval = span <= 62 ? "day" : span <= 731 ? "week" : span <= 25 * 366 ? "month" : "year";
    for (long s = start_of(from); s <= to; s = next_of(s)) {
        DateBucket b;
        const long e = next_of(s) - 1;
        b.start = civil_from_days(s);
        b.end = civil_from_days(e);
        for (long d = std::max(s, base + lo); d <= std::min(e, base + hi); ++d) {
            const auto i = static_cast<std::size_t>(d - base);
            b.count += counts_[i];
            b.file_dates += file_[i];
        }
        out.buckets.push_back(std::move(b));
    }
    return out;
}

}  // namespace newsdesk::searcher
