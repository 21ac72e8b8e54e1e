// From candidate paragraphs to an Article: the cleaning and metadata steps every format shares.
#pragma once

#include <string>
#include <vector>

#include "ingest/lines.hpp"
#include "newsdesk/article.hpp"

namespace newsdesk::ingest {

/// What a format parser found before cleaning.
struct Draft {
    /// key, path, line, format, and whatever metadata the format declared (HTML meta tags, JSON
    /// fields): title, date + date_source, source, url, byline. Empty fields are filled from the
    /// text when it names them.
    Article article;
    /// The text's paragraphs in order, each trimmed and not empty, furniture still in.
    std::vector<std::string> paragraphs;
    /// Each paragraph's kind when the parser already classified them (else empty).
    std::vector<LineKind> kinds;
    /// Plain text: a short first line is the headline (and is taken out of the text).
    bool headline_in_text = false;
    /// "YYYY-MM-DD" of the file's mtime: the date when nothing else names one.
    std::string mtime_date;
};

/// Cleans `draft.paragraphs` and completes the metadata:
///  - furniture lines (lines.hpp) are removed wherever they stand; a related-links heading takes
///    the list of links after it along; a comments heading ends the article;
///  - leading date lines, bylines, "Source:"/"URL:" lines, the headline and its repetitions are
///    taken out of the text into the metadata;
///  - a dateline at the start of the body gives `dateline` (place), `source` and possibly the
///    date; credit lines and sign-offs near the end give `source`; labelled date lines at the end
///    give the date;
///  - the title falls back to the first sentence (at most 120 bytes), the date to the mtime.
/// Fields the draft already had are never overwritten. Article::text may come out empty: the
/// caller decides whether that is a problem.
Article assemble(Draft draft);

}  // namespace newsdesk::ingest
