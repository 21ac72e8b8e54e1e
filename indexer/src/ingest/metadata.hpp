// Reading article metadata out of text: outlets, datelines, bylines, credit lines, date lines,
// headlines. Hand-written matchers; all functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ingest/dates.hpp"

namespace newsdesk::ingest {

/// The canonical name of a known news outlet ("Associated Press", "The AP", "(AP)" -> "AP";
/// "Reuter", "Thomson Reuters" -> "Reuters"; "Agence France-Presse" -> "AFP"), or std::nullopt.
std::optional<std::string> known_outlet(std::string_view name);

/// known_outlet(name) when known, else `name` trimmed (an outlet we have no alias for: "Details",
/// "The Korea Times"). Empty in, empty out.
std::string canonical_outlet(std::string_view name);

/// A news dateline at the start of a paragraph: "SEOUL, South Korea (AP) — ",
/// "LONDON, Oct 29 (Reuters) - ", "SALVADOR, Feb 26 - ", "(CNN) — ".
struct Dateline {
    std::string place;         ///< "Seoul" (title-cased from the capitals), may be empty
    std::string outlet;        ///< canonical outlet from the parentheses, may be empty
    std::optional<Date> date;  ///< when the dateline carries a full date
    std::size_t length = 0;    ///< bytes of the paragraph the dateline spans, separator included
};
std::optional<Dateline> parse_dateline(std::string_view paragraph);

/// True when `paragraph` opens with a dateline of article text: a dateline alone on its line
/// ("Scarborough, Ontario, Feb 26 -") or followed by a sentence ("OTTAWA, March 5 - Finance
/// Minister Michael Wilson said"). A headline with a dash ("BRAZIL NEEDS MORE EXTERNAL
/// FINANCING - VOLCKER", "U.S. FINANCIAL ANALYSTS - March 3") parses as a dateline but is not one.
bool opens_with_dateline(std::string_view paragraph);

/// A byline line: "By Jane Doe", "By JANE DOE and John Roe, Associated Press", "Written by …",
/// "Author: …". `names` as written (capitals kept), `outlet` canonical when one is named.
struct Byline {
    std::string names;
    std::string outlet;
    std::optional<Date> date;  ///< "By Jane Doe | October 29, 2024"
};
std::optional<Byline> parse_byline(std::string_view line);

/// The outlet credited by a credit line near the end of an article ("Associated Press reporter
/// Lolita C. Baldor contributed from Washington." -> "AP"), or by a sign-off that is only an
/// outlet's name ("Reuter"). Empty when `paragraph` is neither.
std::string credit_outlet(std::string_view paragraph);

/// True when `paragraph` is nothing but an outlet's name (a sign-off line: "Reuter", "(AP)").
bool is_signoff(std::string_view paragraph);

/// A line that states the article's date and little else: "date 2024-10-29 International",
/// "Published: Oct. 29, 2024 10:00 AM EDT", "Tuesday, October 29, 2024", "26-FEB-1987 15:01:01".
/// With `need_label`, only lines starting with a label (date, published, updated, posted…).
std::optional<Date> parse_date_line(std::string_view line, bool need_label = false);

/// A "Label: value" line naming the source or URL of the article ("Source: Reuters",
/// "URL: https://…", "Originally published at https://…").
struct LabelLine {
    enum class Field { source, url } field;
    std::string value;
};
std::optional<LabelLine> parse_label_line(std::string_view line);

/// True when `paragraph` is shaped like a headline: one line, at most 200 bytes, not ending like
/// a sentence ('.', ':', ';', ',') unless with an ellipsis.
bool looks_like_headline(std::string_view paragraph);

/// A headline made from the first sentence of `paragraph` (a leading dateline skipped), cut to at
/// most `max_bytes` at a word boundary and then ended with "…", without its final full stop.
std::string headline_from_sentence(std::string_view paragraph, std::size_t max_bytes = 120);

/// Splits a page title into headline and site: "Headline | Site" (the longest segment wins when
/// the others are short), "Headline - Site"/"Headline — Site" (only when Site is a known outlet,
/// equals `site_name`, or looks like a domain). `site` receives the removed part.
std::string strip_site_suffix(std::string_view title, std::string_view site_name,
                              std::string* site = nullptr);

}  // namespace newsdesk::ingest
