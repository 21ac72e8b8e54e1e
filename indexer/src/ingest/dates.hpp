// Recognising calendar dates in article text and metadata, without std::regex.
//
// Recognised forms (case-insensitive month names, full or abbreviated, with or without a dot):
//   2024-10-29, 2024/10/29, 2024-10-29T14:03:00Z (ISO 8601, time ignored)
//   October 29, 2024 · Oct. 29, 2024 · Oct 29 2024 · Sept. 5, 2024 · October 29th, 2024
//   29 October 2024 · 29 Oct. 2024 · 29th October, 2024 · Tue, 29 Oct 2024 10:00:00 GMT
//   26-FEB-1987 (Reuters)
// Numeric forms like 10/29/2024 are ambiguous and not recognised. Years must be 1800-2199 and
// the day must exist in that month. All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace newsdesk::ingest {

struct Date {
    int year = 0, month = 0, day = 0;
    std::string iso() const;  ///< "YYYY-MM-DD"
};

/// A date at the very start of `s`; `length` receives the bytes it spans.
std::optional<Date> parse_date_at(std::string_view s, std::size_t& length);

/// The first date in `s` that starts at a word boundary; `begin`/`end` receive its span.
std::optional<Date> find_date(std::string_view s, std::size_t& begin, std::size_t& end);

/// A date given as a metadata value (an HTML meta tag, a JSON field): any recognised form
/// anywhere in the value, or Unix time in seconds or milliseconds (9 to 13 digits).
std::optional<Date> parse_date_value(std::string_view value);

/// Month number (1-12) of an English month name or abbreviation ("Oct", "Sept", "october"),
/// 0 when `word` is none.
int month_number(std::string_view word) noexcept;

/// True for an English weekday name or abbreviation ("Tuesday", "Tue", "Tues").
bool is_weekday(std::string_view word) noexcept;

}  // namespace newsdesk::ingest
