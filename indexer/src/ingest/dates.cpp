#include "ingest/dates.hpp"

#include <cstdio>
#include <ctime>

namespace newsdesk::ingest {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool valid(int y, int m, int d) {
    if (y < 1800 || y > 2199 || m < 1 || m > 12 || d < 1) return false;
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d > kDays[m - 1]) return false;
    if (m == 2 && d == 29) return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return true;
}

// Reads exactly `n` digits at s[i]; false when they are not there or more digits follow.
bool digits(std::string_view s, std::size_t i, std::size_t n, int& value) {
    if (i + n > s.size()) return false;
    value = 0;
    for (std::size_t k = 0; k < n; ++k) {
        if (!is_digit(s[i + k])) return false;
        value = value * 10 + (s[i + k] - '0');
    }
    return i + n == s.size() || !is_digit(s[i + n]);
}

// Reads 1 or 2 digits of a day, with an optional ordinal suffix ("29th").
bool day_at(std::string_view s, std::size_t& i, int& day) {
    if (i >= s.size() || !is_digit(s[i])) return false;
    day = s[i] - '0';
    ++i;
    if (i < s.size() && is_digit(s[i])) {
        day = day * 10 + (s[i] - '0');
        ++i;
    }
    if (i < s.size() && is_digit(s[i])) return false;
    if (i + 1 < s.size()) {
        std::string_view suf = s.substr(i, 2);
        if (iequals(suf, "st") || iequals(suf, "nd") || iequals(suf, "rd") || iequals(suf, "th")) {
            if (i + 2 == s.size() || !is_alpha(s[i + 2])) i += 2;
        }
    }
    return true;
}

// A month name at s[i], with an optional trailing dot.
bool month_at(std::string_view s, std::size_t& i, int& month) {
    std::size_t j = i;
    while (j < s.size() && is_alpha(s[j]))
        ++j;
    month = month_number(s.substr(i, j - i));
    if (!month) return false;
    if (j < s.size() && s[j] == '.') ++j;
    i = j;
    return true;
}

void skip_spaces(std::string_view s, std::size_t& i, bool comma_ok) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || (comma_ok && s[i] == ','))) {
        ++i;
    }
}

// Non-breaking space (C2 A0) counts as a space between date parts.
void skip_gap(std::string_view s, std::size_t& i, bool comma_ok) {
    for (;;) {
        skip_spaces(s, i, comma_ok);
        if (i + 1 < s.size() && s[i] == '\xC2' && s[i + 1] == '\xA0') {
            i += 2;
            continue;
        }
        return;
    }
}

bool year_at(std::string_view s, std::size_t& i, int& year) {
    if (!digits(s, i, 4, year)) return false;
    i += 4;
    return true;
}

}  // namespace

std::string Date::iso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

int month_number(std::string_view w) noexcept {
    static constexpr std::string_view kFull[] = {"january",   "february", "march",    "april",
                                                 "may",       "june",     "july",     "august",
                                                 "september", "october",  "november", "december"};
    if (w.size() < 3) return 0;
    for (int m = 0; m < 12; ++m) {
        std::string_view full = kFull[m];
        if (w.size() > full.size()) continue;
        // Full name, its three-letter abbreviation, or "Sept".
        if (w.size() == full.size() || w.size() == 3 || (m == 8 && w.size() == 4)) {
            if (iequals(w, full.substr(0, w.size()))) return m + 1;
        }
    }
    return 0;
}

bool is_weekday(std::string_view w) noexcept {
    static constexpr std::string_view kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                                 "friday", "saturday", "sunday"};
    for (std::string_view d : kDays) {
        if (iequals(w, d) || iequals(w, d.substr(0, 3))) return true;
        if ((d == "tuesday" || d == "thursday") && iequals(w, d.substr(0, 4))) return true;
        if (d == "wednesday" && iequals(w, "weds")) return true;
    }
    return false;
}

std::optional<Date> parse_date_at(std::string_view s, std::size_t& length) {
    if (s.empty()) return std::nullopt;
    int y = 0, m = 0, d = 0;
    if (is_digit(s[0])) {
        // YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD
        if (digits(s, 0, 4, y) && s.size() >= 10 && (s[4] == '-' || s[4] == '/' || s[4] == '.') &&
            s[7] == s[4] && digits(s, 5, 2, m) && digits(s, 8, 2, d)) {
            if (!valid(y, m, d)) return std::nullopt;
            length = 10;
            return Date{y, m, d};
        }
        // DD-MON-YYYY (Reuters: 26-FEB-1987)
        std::size_t i = 0;
        if (!day_at(s, i, d)) return std::nullopt;
        if (i < s.size() && s[i] == '-') {
            std::size_t j = i + 1;
            if (month_at(s, j, m) && j < s.size() && s[j] == '-' && year_at(s, ++j, y)) {
                if (!valid(y, m, d)) return std::nullopt;
                length = j;
                return Date{y, m, d};
            }
            return std::nullopt;
        }
        // 29 October 2024, 29th Oct. 2024, 29 October, 2024
        skip_gap(s, i, false);
        if (!month_at(s, i, m)) return std::nullopt;
        skip_gap(s, i, true);
        if (!year_at(s, i, y) || !valid(y, m, d)) return std::nullopt;
        length = i;
        return Date{y, m, d};
    }
    if (is_alpha(s[0])) {
        // October 29, 2024 · Oct. 29 2024
        std::size_t i = 0;
        if (!month_at(s, i, m)) return std::nullopt;
        skip_gap(s, i, false);
        if (!day_at(s, i, d)) return std::nullopt;
        skip_gap(s, i, true);
        if (!year_at(s, i, y) || !valid(y, m, d)) return std::nullopt;
        length = i;
        return Date{y, m, d};
    }
    return std::nullopt;
}

std::optional<Date> find_date(std::string_view s, std::size_t& begin, std::size_t& end) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (!is_digit(c) && !is_alpha(c)) continue;
        if (i > 0 && (is_digit(s[i - 1]) || is_alpha(s[i - 1]))) continue;
        // Cheap filter: a digit, or a letter that can start a month name.
        if (is_alpha(c)) {
            char l = lower(c);
            if (l != 'j' && l != 'f' && l != 'm' && l != 'a' && l != 's' && l != 'o' && l != 'n' &&
                l != 'd') {
                continue;
            }
        }
        std::size_t len = 0;
        if (auto d = parse_date_at(s.substr(i), len)) {
            begin = i;
            end = i + len;
            return d;
        }
    }
    return std::nullopt;
}

std::optional<Date> parse_date_value(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\n')) {
        v.remove_prefix(1);
    }
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n')) {
        v.remove_suffix(1);
    }
    if (v.size() >= 9 && v.size() <= 13) {
        bool all_digits = true;
        for (char c : v)
            all_digits = all_digits && is_digit(c);
        if (all_digits) {
            long long t = std::stoll(std::string(v));
            if (v.size() >= 12) t /= 1000;
            std::time_t tt = static_cast<std::time_t>(t);
            std::tm tm{};
            if (!gmtime_r(&tt, &tm)) return std::nullopt;
            Date d{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
            if (!valid(d.year, d.month, d.day)) return std::nullopt;
            return d;
        }
    }
    std::size_t b = 0, e = 0;
    return find_date(v, b, e);
}

}  // namespace newsdesk::ingest
