// Lone surnames in the facet lists (issue 12): counted as the archive's one full name of note,
// left out when ambiguous, kept when nothing else has the word (searcher/src/entity_filters.cpp).
#include <doctest/doctest.h>

#include <deque>
#include <string>
#include <vector>

#include "entity_filters.hpp"

using newsdesk::searcher::kLeftOut;
using newsdesk::searcher::lone_name_targets;

TEST_CASE("lone surnames: one of note absorbs them, several leave them out, a common one stays") {
    const std::deque<std::string> names{"Tony Blair", "Cherie Blair",  "Blair",       "Smith",
                                        "John Smith", "Jane Smith",    "Ronaldo",     "Blair",
                                        "Reagan",     "Ronald Reagan", "Nancy Reagan"};
    // Types: 0 person, 1 org (the second "Blair" is an organisation of that name).
    const std::vector<std::uint8_t> types{0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0};
    const std::vector<std::uint32_t> articles{154, 6, 17, 5, 4, 3, 7, 2, 488, 24, 20};
    const auto t = lone_name_targets(names, types, 0, articles);
    CHECK(t[2] == 0);         // Blair -> Tony Blair (154 >= 3 x 6)
    CHECK(t[3] == kLeftOut);  // Smith (5): John (4) and Jane (3), none of note
    CHECK(t[6] == 6);         // Ronaldo: a mononym stays
    CHECK(t[0] == 0);
    CHECK(t[7] == 7);  // other facets are untouched
    CHECK(t[8] == 8);  // Reagan (488) outweighs Ronald (24) and Nancy (20) Reagan: it stays
}
