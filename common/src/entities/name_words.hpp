// Words of kind around names: forms of address, titles, companies' legal forms, US state
// abbreviations. Rules of the canonicaliser (canonical.cpp) use them; each list is of a kind of
// word, not of particular entities.
#pragma once

#include <string>
#include <string_view>

namespace newsdesk::entities {

/// A form of address ("Mr", "Mrs.", "Ms", "Dr", "Sir", "Lord", "Lady"): the words after it are
/// a person's name, and it is never part of the name.
bool is_honorific(std::string_view word);

/// A title or rank written before a name: the honorifics, offices ("President", "Chancellor",
/// "Prime Minister"), ranks ("Gen.", "Lt"). Never part of a stored name nor a person alone.
bool is_title_word(std::string_view word);

/// A company's legal form ("Inc", "Corp.", "Co", "Ltd", "plc", "AG"): names that differ only
/// by these name the same company.
bool is_legal_suffix(std::string_view word);

/// A noun that heads an organisation's name ("Brazilian Coffee Institute", "Shearson Lehman
/// Brothers", "Hull City Council"): a name ending in one is no person's.
bool is_org_head_noun(std::string_view word);

/// The full name of a US state written as its AP abbreviation or postal code ("Calif.",
/// "Pa.", "N.J.", "TX"); empty when `word` is none. Callers decide whether the context makes
/// the word a place (after "City,"): "Mass", "Del" and "Miss" are words and names too.
std::string_view us_state(std::string_view word);

/// Lowercase form without the dots of an abbreviation: "Mr." -> "mr", "N.J." -> "nj".
std::string bare_word(std::string_view word);

}  // namespace newsdesk::entities
