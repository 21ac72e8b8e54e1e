// What kind of line a line of a saved article is: article text, or page furniture.
//
// Rules work by kind — a vocabulary of interface labels, a family of phrases, a shape — never by
// one site's exact strings. Matchers are hand-written (no std::regex): lines longer than a few
// hundred bytes are article text without further checks. docs/INGESTION.md lists the rules.
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace newsdesk::ingest {

enum class LineKind {
    text,              ///< article text: kept
    widget,            ///< interface labels only: "close", "Share", "Tweet", "12 Comments", "Print"
    reading_time,      ///< "4 minutes, 45 seconds Read", "5 min read", "Reading time: 3 minutes"
    lone_url,          ///< a URL alone on its line (ads, tracking, share links)
    separator,         ///< no letters or digits: "___", "* * *", "• • •"
    boilerplate,       ///< comment-form notices, cookie banners, copyright, newsletter prompts,
                       ///< photo credits, "Related: …"/"Read more: …" link-outs
    related_heading,   ///< "Similar Posts", "Related Articles", "You may also like": links follow
    comments_heading,  ///< "Leave a Reply", "3 Comments", "Join the conversation": comments follow
};

const char* to_string(LineKind k) noexcept;

/// Classifies one line (or one paragraph), given without leading or trailing whitespace.
LineKind classify_line(std::string_view line);

/// True for kinds that are removed wherever they stand (all but text and the two headings, whose
/// effect depends on what follows them).
inline bool is_furniture(LineKind k) noexcept {
    return k != LineKind::text && k != LineKind::related_heading && k != LineKind::comments_heading;
}

/// The comparison key of a line: typographic punctuation folded, ASCII lower-cased, runs of
/// whitespace collapsed, trailing punctuation and spaces removed. Two lines with equal keys are
/// "the same line" (a repeated headline).
std::string line_key(std::string_view line);

}  // namespace newsdesk::ingest
