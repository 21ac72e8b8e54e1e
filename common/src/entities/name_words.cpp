#include "name_words.hpp"

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "hashing.hpp"

namespace newsdesk::entities {

namespace {

bool one_of(std::string_view w, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), w) != list.end();
}

std::string bare(std::string_view w) {
    return bare_word(w);
}

// AP style abbreviations (those that are no English word in lowercase: "Ill.", "Ore.", "Wash."
// and "La." are left out, and Virginia's "Va." reads as Veterans Affairs) and postal codes.
constexpr std::pair<std::string_view, std::string_view> kStates[] = {
    {"ala", "Alabama"},
    {"al", "Alabama"},
    {"ak", "Alaska"},
    {"ariz", "Arizona"},
    {"az", "Arizona"},
    {"ark", "Arkansas"},
    {"ar", "Arkansas"},
    {"calif", "California"},
    {"ca", "California"},
    {"colo", "Colorado"},
    {"conn", "Connecticut"},
    {"ct", "Connecticut"},
    {"del", "Delaware"},
    {"de", "Delaware"},
    {"fla", "Florida"},
    {"fl", "Florida"},
    {"ga", "Georgia"},
    {"hi", "Hawaii"},
    {"ia", "Iowa"},
    {"idaho", "Idaho"},
    {"il", "Illinois"},
    {"ind", "Indiana"},
    {"in", "Indiana"},
    {"kan", "Kansas"},
    {"kans", "Kansas"},
    {"ks", "Kansas"},
    {"ky", "Kentucky"},
    {"md", "Maryland"},
    {"mass", "Massachusetts"},
    {"ma", "Massachusetts"},
    {"mich", "Michigan"},
    {"mi", "Michigan"},
    {"minn", "Minnesota"},
    {"mn", "Minnesota"},
    {"miss", "Mississippi"},
    {"mo", "Missouri"},
    {"mont", "Montana"},
    {"mt", "Montana"},
    {"neb", "Nebraska"},
    {"nebr", "Nebraska"},
    {"ne", "Nebraska"},
    {"nev", "Nevada"},
    {"nv", "Nevada"},
    {"nh", "New Hampshire"},
    {"nj", "New Jersey"},
    {"nm", "New Mexico"},
    {"ny", "New York State"},
    {"nc", "North Carolina"},
    {"nd", "North Dakota"},
    {"oh", "Ohio"},
    {"okla", "Oklahoma"},
    {"ok", "Oklahoma"},
    {"or", "Oregon"},
    {"pa", "Pennsylvania"},
    {"penn", "Pennsylvania"},
    {"ri", "Rhode Island"},
    {"sc", "South Carolina"},
    {"sd", "South Dakota"},
    {"tenn", "Tennessee"},
    {"tn", "Tennessee"},
    {"tex", "Texas"},
    {"tx", "Texas"},
    {"ut", "Utah"},
    {"vt", "Vermont"},
    {"wis", "Wisconsin"},
    {"wisc", "Wisconsin"},
    {"wi", "Wisconsin"},
    {"wva", "West Virginia"},
    {"wv", "West Virginia"},
    {"wyo", "Wyoming"},
    {"wy", "Wyoming"},
    {"dc", "Washington, D.C."},
};

}  // namespace

std::string bare_word(std::string_view w) {
    std::string s;
    lowercase_into(w, s);
    s.erase(std::remove(s.begin(), s.end(), '.'), s.end());
    return s;
}

bool is_honorific(std::string_view word) {
    // Forms of address: what follows is a person ("Mr Blair", "Dr. Smith", "Lord Falconer").
    return one_of(bare(word), {"mr", "mrs", "ms", "miss", "mx", "messrs", "mme", "mlle", "dr",
                               "prof", "sir", "dame", "lord", "lady", "rev", "revd", "fr"});
}

bool is_title_word(std::string_view word) {
    // Offices and ranks written before a name ("President Bush", "Gen. Smith"): never part of a
    // stored name, never a person alone.
    return is_honorific(word) ||
           one_of(bare(word),
                  {"president",    "vice",        "chancellor",  "minister",      "prime",
                   "premier",      "secretary",   "governor",    "gov",           "senator",
                   "sen",          "rep",         "congressman", "congresswoman", "mayor",
                   "judge",        "justice",     "general",     "gen",           "colonel",
                   "col",          "lt",          "lieutenant",  "maj",           "captain",
                   "capt",         "sergeant",    "sgt",         "admiral",       "adm",
                   "commander",    "cmdr",        "king",        "queen",         "prince",
                   "princess",     "pope",        "cardinal",    "bishop",        "archbishop",
                   "rabbi",        "imam",        "sheikh",      "ayatollah",     "chairman",
                   "chairwoman",   "chief",       "deputy",      "ambassador",    "envoy",
                   "commissioner", "speaker",     "professor",   "baroness",      "baron",
                   "viscount",     "earl",        "duke",        "duchess",       "countess",
                   "spokesman",    "spokeswoman", "coach",       "manager"});
}

bool is_legal_suffix(std::string_view word) {
    return one_of(
        bare(word),
        {"inc", "incorporated", "corp", "corporation", "co",  "ltd", "limited", "plc", "llc",
         "llp", "lp",           "ag",   "sa",          "nv",  "bv",  "gmbh",    "spa", "ab",
         "asa", "oyj",          "kk",   "pty",         "pte", "bhd", "cos"});
}

bool is_org_head_noun(std::string_view word) {
    return one_of(
        bare(word),
        {"institute",      "association",  "council",        "committee",    "commission",
         "board",          "bank",         "bancorp",        "party",        "union",
         "company",        "group",        "trust",          "fund",         "agency",
         "authority",      "ministry",     "department",     "brothers",     "securities",
         "partners",       "associates",   "holdings",       "industries",   "airlines",
         "airways",        "university",   "college",        "foundation",   "society",
         "federation",     "league",       "club",           "exchange",     "bureau",
         "systems",        "technologies", "communications", "laboratories", "enterprises",
         "investments",    "insurance",    "bancshares",     "corporation",  "organisation",
         "organization",   "institution",  "railways",       "railroad",     "utilities",
         "administration", "government"});
}

std::string_view us_state(std::string_view word) {
    const std::string b = bare(word);
    for (const auto& [abbr, name] : kStates)
        if (abbr == b) return name;
    return {};
}

}  // namespace newsdesk::entities
