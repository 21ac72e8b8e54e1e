// English stopwords: words too common to say what an article is about. Used where newsdesk picks
// an article's distinctive words (related articles, story detection), not when matching queries.
#pragma once

#include <string_view>

namespace newsdesk::text {

/// True for the words of Snowball's English stop list (lower case, apostrophes folded to ').
bool is_stopword(std::string_view lower_word) noexcept;

}  // namespace newsdesk::text
