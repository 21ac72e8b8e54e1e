#include "stories.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <set>

#include "newsdesk/article.hpp"
#include "newsdesk/internal/facets.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/stopwords.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::indexer {

namespace {

std::string encode_u64(std::uint64_t v) {
    std::string out(8, '\0');
    for (int i = 7; i >= 0; --i, v >>= 8)
        out[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xff);
    return out;
}

std::uint64_t decode_u64(const std::string& s) {
    std::uint64_t v = 0;
    for (unsigned char c : s)
        v = (v << 8) | c;
    return s.size() == 8 ? v : 0;
}

// The article's entities as their boolean terms ("XPERchoe son hui"), sorted and distinct, made
// from the per-type value slots DocumentBuilder filled (reading values is much cheaper than
// reading a termlist).
std::vector<std::string> entity_keys(const Xapian::Document& doc) {
    std::vector<std::string> out;
    for (EntityType type : {EntityType::person, EntityType::org, EntityType::place}) {
        const schema::Facet& facet = schema::facet_for(type);
        const std::string list = doc.get_value(facet.slot);
        facets::for_each_in_list(list, [&](std::string_view name) {
            std::string key = text::entity_key(name);
            if (!key.empty()) out.push_back(schema::term(facet.prefix, key));
        });
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// A signature: (term, weight) by term id, weights of unit length.
using Signature = std::vector<std::pair<StoryIndex::TermId, double>>;

// The cosine of `mine` and a held signature (both by term id).
double cosine_with(const Signature& mine,
                   const std::vector<std::pair<StoryIndex::TermId, std::uint16_t>>& theirs) {
    double dot = 0;
    auto i = mine.begin();
    auto j = theirs.begin();
    while (i != mine.end() && j != theirs.end()) {
        if (i->first < j->first) {
            ++i;
        } else if (j->first < i->first) {
            ++j;
        } else {
            dot += i->second * static_cast<double>(j->second) / 65535;
            ++i;
            ++j;
        }
    }
    return dot;
}

}  // namespace

// ---- the decisions: which candidate is the same report -------------------------------------

ReportKeys report_keys(const Article& a) {
    static const Xapian::Stem stemmer("english");
    ReportKeys k;
    auto for_each_word = [](std::string_view text, std::size_t limit, auto&& f) {
        std::string w;
        std::size_t n = 0;
        for (std::size_t i = 0; i <= text.size() && n < limit; ++i) {
            char c = i < text.size() ? text[i] : ' ';
            // UTF-8 General Punctuation (U+2000-U+206F: curly quotes and apostrophes, dashes,
            // "…") separates words as its ASCII kin do: "Korea’s" is "korea" and "s".
            if (c == '\xE2' && i + 2 < text.size() &&
                (text[i + 1] == '\x80' || text[i + 1] == '\x81')) {
                i += 2;
                c = ' ';
            }
            const auto u = static_cast<unsigned char>(c);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || u >= 0x80) {
                w += c;
            } else if (c >= 'A' && c <= 'Z') {
                w += static_cast<char>(c - 'A' + 'a');
            } else if (!w.empty()) {
                f(w);
                w.clear();
                ++n;
            }
        }
    };
    for_each_word(a.title, SIZE_MAX, [&](const std::string& w) {
        if (!k.headline.empty()) k.headline += ' ';
        k.headline += w;
        const bool figure = w.find_first_of("0123456789") != std::string::npos;
        if (!k.shape.empty()) k.shape += ' ';
        k.shape += figure ? "#" : w;
        if (figure) {
            k.figures += w;
            k.figures += ' ';
        }
        if (figure || (w.size() >= 2 && !text::is_stopword(w))) {
            k.headline_words.push_back(figure ? w : stemmer(w));
        }
    });
    // A title made from the text's first sentence (after a dateline, perhaps; cut with "…") is
    // no headline of its own.
    {
        std::string_view title = a.title;
        constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
        if (title.size() >= kEllipsis.size() &&
            title.substr(title.size() - kEllipsis.size()) == kEllipsis) {
            title.remove_suffix(kEllipsis.size());
        }
        constexpr std::size_t kTitleSearchBytes = 400;
        const std::string_view head =
            std::string_view(a.text).substr(0, kTitleSearchBytes + title.size());
        k.own_headline = title.empty() || head.find(title) == std::string_view::npos;
    }
    // The lead after the dateline ("WASHINGTON, March 24 - ", or "MINNEAPOLIS, April 13 -" at
    // the end of its line, over a table): a copy sent again the next day carries the new day
    // there.
    std::string_view body = a.text;
    if (!a.dateline.empty()) {
        const std::string_view head = body.substr(0, 80);
        std::size_t dash = std::string_view::npos;
        for (std::size_t at = head.find(" -"); at != std::string_view::npos;
             at = head.find(" -", at + 1)) {
            if (at + 2 < body.size() && (body[at + 2] == ' ' || body[at + 2] == '\n')) {
                dash = at;
                break;
            }
        }
        if (dash != std::string_view::npos) {
            // "ROME, March 25": the day after the last comma, when it holds a figure.
            const std::string_view place_and_day = body.substr(0, dash);
            const std::size_t comma = place_and_day.rfind(',');
            if (comma != std::string_view::npos &&
                place_and_day.find_first_of("0123456789", comma) != std::string_view::npos) {
                for_each_word(place_and_day.substr(comma + 1), SIZE_MAX, [&](const std::string& w) {
                    if (!k.dateline_day.empty()) k.dateline_day += ' ';
                    k.dateline_day += w;
                });
            }
            body.remove_prefix(dash + 3);
        }
    }
    for_each_word(body, 20, [&](const std::string& w) {
        if (!k.lead.empty()) k.lead += ' ';
        k.lead += w;
    });
    // The lead's first sentence: up to a full stop (or "!", "?") before a space and a capital
    // or a quote, or the end of its paragraph; at most 300 bytes.
    {
        std::string_view first = body.substr(0, 300);
        for (std::size_t i = 0; i < first.size(); ++i) {
            const char c = first[i];
            if (c == '\n' && i + 1 < first.size() && first[i + 1] == '\n') {
                first = first.substr(0, i);
                break;
            }
            if ((c == '.' || c == '!' || c == '?') && i + 2 < first.size() &&
                (first[i + 1] == ' ' || first[i + 1] == '\n') &&
                ((first[i + 2] >= 'A' && first[i + 2] <= 'Z') || first[i + 2] == '"')) {
                first = first.substr(0, i + 1);
                break;
            }
        }
        std::vector<std::string> words;
        for_each_word(first, SIZE_MAX, [&](const std::string& w) { words.push_back(w); });
        for (std::size_t i = 0; i < words.size() && !k.lead_future; ++i) {
            const std::string& w = words[i];
            if (w == "will" || w == "shall") {
                k.lead_future = true;
            } else if ((w == "is" || w == "are") && i + 1 < words.size()) {
                const std::string& next = words[i + 1];
                if (next == "to") {
                    k.lead_future = true;
                } else if ((next == "set" || next == "poised" || next == "expected" ||
                            next == "due" || next == "likely" || next == "about") &&
                           i + 2 < words.size() && words[i + 2] == "to") {
                    k.lead_future = true;
                }
            }
        }
    }
    // The lead's event words: of its first 50 words (runs of ASCII letters, digits and
    // apostrophes), those of lower-case letters only.
    std::size_t seen = 0;
    for (std::size_t i = 0; i < body.size() && seen < 50;) {
        auto is_word = [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '\'';
        };
        if (!is_word(body[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < body.size() && is_word(body[end]))
            ++end;
        const std::string_view w = body.substr(i, end - i);
        i = end;
        ++seen;
        if (w.size() < 4 ||
            !std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
            continue;
        }
        if (!text::is_stopword(w)) k.event_words.push_back(stemmer(std::string(w)));
    }
    std::sort(k.event_words.begin(), k.event_words.end());
    k.event_words.erase(std::unique(k.event_words.begin(), k.event_words.end()),
                        k.event_words.end());
    std::sort(k.headline_words.begin(), k.headline_words.end());
    k.headline_words.erase(std::unique(k.headline_words.begin(), k.headline_words.end()),
                           k.headline_words.end());
    return k;
}

bool same_headline_and_lead(const ReportKeys& a, const ReportKeys& b) {
    return !a.headline.empty() && a.headline == b.headline && !a.lead.empty() && a.lead == b.lead;
}

bool same_headline(const ReportKeys& a, const ReportKeys& b) {
    return a.own_headline && b.own_headline && !a.headline.empty() && a.headline == b.headline;
}

bool preview_and_result(const ReportKeys& a, const ReportKeys& b) {
    return a.lead_future != b.lead_future;
}

bool shares_more_than_names(const ReportKeys& a, const ReportKeys& b,
                            const std::vector<std::string>& figures_a,
                            const std::vector<std::string>& figures_b) {
    // A word of what happened (written in lower case) in both leads.
    auto i = a.event_words.begin();
    auto j = b.event_words.begin();
    while (i != a.event_words.end() && j != b.event_words.end()) {
        if (*i == *j) return true;
        if (*i < *j) {
            ++i;
        } else {
            ++j;
        }
    }
    // Or a figure in both texts, as written, other than the day their datelines both name.
    std::string day;
    if (!a.dateline_day.empty() && a.dateline_day == b.dateline_day) {
        day = a.dateline_day.substr(a.dateline_day.rfind(' ') + 1);
    }
    std::vector<std::string> x = figures_a, y = figures_b;
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    std::vector<std::string> shared;
    std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(shared));
    return std::any_of(shared.begin(), shared.end(),
                       [&](const std::string& f) { return f != day; });
}

bool successive_reports(const ReportKeys& a, const ReportKeys& b, long day_a, long day_b) {
    // One series: the same headline but for its figures ("... GIVEN 40 MLN STG ..." and "...
    // 25 MLN STG ..."), or the very same headline on another day.
    if (a.shape.empty() || a.shape != b.shape || a.shape.find(' ') == std::string::npos) {
        return false;
    }
    if (a.figures != b.figures) return true;
    return day_a >= 0 && day_b >= 0 && day_a != day_b;
}

bool next_in_series(const ReportKeys& a, const ReportKeys& b, long day_a, long day_b) {
    return day_a >= 0 && day_b >= 0 && day_a != day_b && !a.dateline_day.empty() &&
           !b.dateline_day.empty() && a.dateline_day != b.dateline_day;
}

bool headlines_share_a_word(const ReportKeys& a, const ReportKeys& b) {
    if (a.headline_words.size() < 2 || b.headline_words.size() < 2) return true;  // no evidence
    std::vector<std::string> shared;
    std::set_intersection(a.headline_words.begin(), a.headline_words.end(),
                          b.headline_words.begin(), b.headline_words.end(),
                          std::back_inserter(shared));
    return !shared.empty();
}

bool headlines_agree(const ReportKeys& a, const ReportKeys& b) {
    if (!a.own_headline || !b.own_headline) return true;  // no evidence
    if (a.headline_words.size() < 2 || b.headline_words.size() < 2) return true;
    std::vector<std::string> shared;
    std::set_intersection(a.headline_words.begin(), a.headline_words.end(),
                          b.headline_words.begin(), b.headline_words.end(),
                          std::back_inserter(shared));
    return 2 * shared.size() > std::min(a.headline_words.size(), b.headline_words.size());
}

bool same_event(const ReportKeys& a, const ReportKeys& b) {
    constexpr std::size_t kMinEventWords = 6;
    if (a.event_words.size() < kMinEventWords || b.event_words.size() < kMinEventWords) {
        return true;  // a table of figures, a one-line item: no evidence either way
    }
    std::vector<std::string> shared;
    std::set_intersection(a.event_words.begin(), a.event_words.end(), b.event_words.begin(),
                          b.event_words.end(), std::back_inserter(shared));
    return 2 * shared.size() >= std::min(a.event_words.size(), b.event_words.size());
}

bool figures_agree(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    // A figure by its significant digits: "1,300,000" and "1.3" (of "1.3 mln") are one figure,
    // as are "2.50" and "2.5".
    auto keys = [](const std::vector<std::string>& figures) {
        std::vector<std::string> out;
        for (const std::string& f : figures) {
            std::string digits;
            for (char c : f) {
                if (c >= '0' && c <= '9' && !(digits.empty() && c == '0')) digits += c;
            }
            while (!digits.empty() && digits.back() == '0')
                digits.pop_back();
            out.push_back(digits.empty() ? "0" : digits);
        }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    };
    constexpr std::size_t kMinFigures = 4;
    const std::vector<std::string> x = keys(a), y = keys(b);
    if (x.size() < kMinFigures || y.size() < kMinFigures) return true;  // too few to tell
    std::vector<std::string> shared;
    std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(shared));
    return 3 * shared.size() >= std::min(x.size(), y.size());
}

std::uint64_t simhash(std::string_view body) {
    // Words: runs of letters and digits, lower-cased ASCII; other bytes (UTF-8) kept as they are.
    // Each word is hashed (FNV-1a, as text::fnv1a64) as it is read, without copying it.
    std::vector<std::uint64_t> words;
    words.reserve(body.size() / 6);
    constexpr std::uint64_t kOffset = 0xcbf29ce484222325ULL, kPrime = 0x100000001b3ULL;
    std::uint64_t word_hash = kOffset;
    bool in_word = false;
    for (char c : body) {
        auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80 ||
            (u >= 'A' && u <= 'Z')) {
            if (u >= 'A' && u <= 'Z') u = static_cast<unsigned char>(u + 32);
            word_hash = (word_hash ^ u) * kPrime;
            in_word = true;
        } else if (u != '\'' && in_word) {
            words.push_back(word_hash);
            word_hash = kOffset;
            in_word = false;
        }
    }
    if (in_word) words.push_back(word_hash);
    // Per bit, how many shingle hashes have it set. Eight 64-bit accumulators hold the bits in
    // byte lanes (accumulator j, lane k: bit 8k + j), emptied into ones[] before a lane can
    // overflow: 8 additions per shingle instead of 64.
    std::uint32_t ones[64] = {};
    std::uint64_t lanes[8] = {};
    unsigned in_lanes = 0;
    auto empty_lanes = [&] {
        for (int j = 0; j < 8; ++j) {
            for (int k = 0; k < 8; ++k)
                ones[8 * k + j] += static_cast<std::uint32_t>((lanes[j] >> (8 * k)) & 0xff);
            lanes[j] = 0;
        }
        in_lanes = 0;
    };
    constexpr std::uint64_t kLaneBits = 0x0101010101010101ULL;
    const std::size_t n = words.size() >= 3 ? words.size() - 2 : words.size() ? 1 : 0;
    for (std::size_t i = 0; i < n; ++i) {
        std::uint64_t h = words[i];
        for (std::size_t k = 1; k < 3 && i + k < words.size(); ++k) {
            h = (h ^ words[i + k]) * 0x100000001b3ULL + k;
        }
        h ^= h >> 33;  // mix so that every bit depends on the whole shingle
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        for (int j = 0; j < 8; ++j)
            lanes[j] += (h >> j) & kLaneBits;
        if (++in_lanes == 255) empty_lanes();
    }
    empty_lanes();
    // A bit is set when more shingles have it than not.
    std::uint64_t out = 0;
    for (int b = 0; b < 64; ++b) {
        if (2 * static_cast<std::size_t>(ones[b]) > n) out |= std::uint64_t{1} << b;
    }
    return out;
}

std::string simhash_value(std::string_view text) {
    return encode_u64(simhash(text));
}

unsigned hamming(std::uint64_t a, std::uint64_t b) {
    return static_cast<unsigned>(__builtin_popcountll(a ^ b));
}

StoryFeatures story_features(const Xapian::Document& doc, std::string_view text) {
    StoryFeatures f;
    if (const std::string built = doc.get_value(schema::kSlotSimhash); built.size() == 8) {
        f.simhash = decode_u64(built);
    } else {
        f.simhash = simhash(text);
    }
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string& term = *t;
        f.length += t.get_wdf();
        if (is_title_term(term)) f.titles.push_back(term);
        // Stemmed body words ("Z" then lower case; "ZS..." are title-field terms) and figures
        // ("53", "8.6": one report's rewrites repeat its figures, while routine reports of the
        // same kind, a dividend or a market's daily assistance, differ in theirs).
        const bool figure = term.size() >= 2 && term[0] >= '0' && term[0] <= '9';
        if (term[0] == 'X' && (term.compare(0, schema::kPerson.size(), schema::kPerson) == 0 ||
                               term.compare(0, schema::kOrg.size(), schema::kOrg) == 0 ||
                               term.compare(0, schema::kPlace.size(), schema::kPlace) == 0)) {
            f.entity_terms.push_back(term);
            continue;
        }
        const bool word = term.size() >= 4 && term[0] == 'Z' && term[1] >= 'a' && term[1] <= 'z';
        if (!figure && !word) continue;
        if (word && text::is_stopword(std::string_view(term).substr(1))) continue;
        f.words.emplace_back(term, t.get_wdf());
    }
    f.entities = entity_keys(doc);
    return f;
}

StoryDetector::Frequency& StoryDetector::frequency(StoryIndex::TermId term) {
    // When the growth since the last renewal is just the articles decided since (nothing
    // replaced or forgotten), each entry plus the articles seen naming it since is exact, and is
    // folded in when the entry is next used; otherwise every entry is read afresh.
    const Xapian::doccount docs = index_.size();
    if (docs < df_docs_ || docs > df_docs_ + df_docs_ / 10) {
        if (docs != df_docs_ + decided_since_) df_cache_.clear();
        ++df_generation_;
        df_docs_ = docs;
        decided_since_ = 0;
    }
    auto [it, fresh] = df_cache_.try_emplace(term);
    Frequency& f = it->second;
    if (fresh) {
        f.docs = index_.frequency(term);
    } else if (f.generation != df_generation_) {
        f.docs += f.seen_since;
        f.seen_since = 0;
    }
    f.generation = df_generation_;
    return f;
}

void StoryDetector::load(const Xapian::Database& db, const Xapian::Database& reader) {
    index_.load(db, params_.signature_size);
    reader_ = reader;
}

const ReportKeys& StoryDetector::keys_of(StoryIndex::Ref r) {
    if (keys_.size() < index_.records()) keys_.resize(index_.records());
    std::optional<ReportKeys>& keys = keys_[r];
    if (keys) return *keys;
    // A record loaded from the database: its document as last committed (the writers may have
    // committed since the reader was opened or last reopened).
    std::string data;
    for (int attempt = 0; reader_ && attempt < 3; ++attempt) {
        try {
            data = reader_->get_document(index_.at(r).docid).get_data();
            break;
        } catch (const Xapian::DatabaseModifiedError&) {
            reader_->reopen();
        } catch (const Xapian::DocNotFoundError&) {
            break;
        }
    }
    keys = data.empty() ? ReportKeys{} : report_keys(stored::decode_without_entities(data).article);
    return *keys;
}

Xapian::docid StoryDetector::docid_of(const std::string& id) const {
    const StoryIndex::Record* r = index_.by_id(id);
    return r ? r->docid : 0;
}

void StoryDetector::assign(stored::StoredArticle& s, Xapian::Document& doc, Xapian::docid docid,
                           std::uint32_t file) {
    assign(s, doc, story_features(doc, s.article.text), docid, file);
}

void StoryDetector::assign(stored::StoredArticle& s, Xapian::Document& doc,
                           const StoryFeatures& features, Xapian::docid docid, std::uint32_t file) {
    using Ref = StoryIndex::Ref;
    using TermId = StoryIndex::TermId;
    const Article& a = s.article;
    std::string story;

    // An older version of this article (being replaced) is no candidate.
    const StoryIndex::Record* older_record = index_.by_id(s.id);
    const Xapian::docid older = older_record ? older_record->docid : 0;

    const std::string news_date =
        a.date_source == DateSource::content || a.date_source == DateSource::metadata
            ? doc.get_value(schema::kSlotDate)
            : std::string();
    const long my_day = news_day(news_date);
    const ReportKeys my_keys = report_keys(a);

    // Near-duplicates first: one lookup per band, the earliest articles first.
    const std::uint64_t hash = features.simhash;
    if (doc.get_value(schema::kSlotSimhash).size() != 8) {
        doc.add_value(schema::kSlotSimhash, encode_u64(hash));
    }
    if (!a.text.empty()) {
        for (int band = 0; band < 4 && story.empty(); ++band) {
            std::size_t seen = 0;
            for (const Ref r : index_.band(band, hash)) {
                if (seen++ >= 50) break;
                const StoryIndex::Record& other = index_.at(r);
                if (other.docid == older) continue;
                // A daily series' next report is near-identical too, but names its own day.
                if (hamming(hash, other.simhash) <= params_.near_duplicate_bits &&
                    !next_in_series(my_keys, keys_of(r), my_day, other.day)) {
                    story = other.story;
                    break;
                }
            }
        }
    }

    // Copies under the same headline with the same lead, however different the rest (a repeat
    // with another ending, a corrected version): found through the headline's rarest word.
    std::vector<std::string> follow_ups;  // stories of other events found among the candidates
    if (story.empty() && !my_keys.headline.empty() && !my_keys.lead.empty()) {
        TermId rarest = StoryIndex::kNone;
        std::size_t fewest = 0;
        for (const std::string& term : features.titles) {
            const TermId t = index_.find(term);
            if (t == StoryIndex::kNone) continue;
            const std::size_t n = index_.title_postings(t).size();
            if (n > 0 && (rarest == StoryIndex::kNone || n < fewest)) {
                rarest = t;
                fewest = n;
            }
        }
        if (rarest != StoryIndex::kNone) {
            std::size_t seen = 0;
            for (const Ref r : index_.title_postings(rarest)) {
                if (seen++ >= 50) break;
                const StoryIndex::Record& other = index_.at(r);
                if (other.docid == older) continue;
                if (my_day >= 0 && other.day >= 0 &&
                    std::labs(my_day - other.day) > params_.window_days) {
                    continue;
                }
                if (same_headline_and_lead(my_keys, keys_of(r)) &&
                    !next_in_series(my_keys, keys_of(r), my_day, other.day)) {
                    story = other.story;
                    break;
                }
            }
        }
    }

    // The signature: distinctive stemmed words weighted by wdf x idf, as a unit vector.
    std::vector<TermId> words;           // features.words' ids
    std::vector<Frequency*> words_here;  // counted as seen once the article is decided
    words.reserve(features.words.size());
    const double n = index_.size() + 1.0;
    std::vector<std::pair<double, std::size_t>> scored;  // (-weight, index in features.words)
    scored.reserve(features.words.size());
    for (const auto& [term, wdf] : features.words) {
        const TermId t = index_.intern(term);
        words.push_back(t);
        Frequency& f = frequency(t);
        words_here.push_back(&f);
        const double df = f.docs + 1.0;
        scored.emplace_back(-(1.0 + std::log(wdf)) * std::log(1.0 + n / df), words.size() - 1);
    }
    const std::size_t keep = std::min(scored.size(), params_.signature_size);
    // The heaviest words; equal weights in term order (features.words is).
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep),
                      scored.end());
    Signature signature;  // the heaviest first for now
    double norm = 0;
    for (std::size_t i = 0; i < keep; ++i) {
        signature.emplace_back(words[scored[i].second], -scored[i].first);
        norm += scored[i].first * scored[i].first;
    }
    norm = std::sqrt(norm);
    for (auto& e : signature)
        e.second = norm > 0 ? e.second / norm : 0;

    std::vector<TermId> mine;  // the entities, by id
    for (const std::string& e : features.entities)
        mine.push_back(index_.intern(e));
    std::sort(mine.begin(), mine.end());
    mine.erase(std::unique(mine.begin(), mine.end()), mine.end());

    // Rewrites: the articles sharing the most of the signature's heaviest words (a rewrite shares
    // its most distinctive ones), compared word by word and entity by entity.
    if (story.empty() && !signature.empty() && index_.size() > 0) {
        const std::size_t query_size = std::min(signature.size(), params_.query_size);
        // BM25 (k1 = 1, b = 0.5) over the heaviest words' postings; ties to the earlier article.
        const double n_docs = index_.size() + 1.0;
        struct Posting {
            Ref r;
            Xapian::termcount wdf;
            double idf;
            bool operator<(const Posting& o) const { return r < o.r; }
        };
        std::vector<Posting> postings;
        for (std::size_t i = 0; i < query_size; ++i) {
            const TermId term = signature[i].first;
            const Frequency& f = frequency(term);
            // A word in no other article has no postings to read.
            if (f.docs == 0 && f.seen_since == 0) continue;
            const double idf = std::log(1.0 + n_docs / (f.docs + 1.0));
            for (const auto& [r, wdf] : index_.word_postings(term)) {
                if (index_.at(r).docid != older) postings.push_back({r, wdf, idf});
            }
        }
        std::sort(postings.begin(), postings.end());
        constexpr double k1 = 1.0, b = 0.5;
        const double average = std::max(index_.average_length(), 1.0);
        std::vector<std::pair<Ref, double>> totals;
        double norm_len = 0;
        for (const Posting& p : postings) {
            if (totals.empty() || totals.back().first != p.r) {
                norm_len = k1 * ((1 - b) + b * index_.at(p.r).length / average);
                totals.emplace_back(p.r, 0.0);
            }
            totals.back().second += p.idf * (k1 + 1) * p.wdf / (norm_len + p.wdf);
        }
        const std::size_t count = std::min<std::size_t>(totals.size(), params_.candidates);
        std::partial_sort(totals.begin(), totals.begin() + static_cast<std::ptrdiff_t>(count),
                          totals.end(), [](const auto& x, const auto& y) {
                              return x.second != y.second ? x.second > y.second : x.first < y.first;
                          });
        totals.resize(count);
        std::sort(signature.begin(), signature.end());  // by term id, for cosine_with()

        // The figures of a text: its figure terms.
        auto is_figure = [&](TermId t) {
            const std::string& term = index_.term(t);
            return term[0] >= '0' && term[0] <= '9';
        };
        std::vector<std::string> my_figures;
        for (const TermId t : words) {
            if (is_figure(t)) my_figures.push_back(index_.term(t));
        }
        auto figures_of = [&](const StoryIndex::Record& other) {
            std::vector<std::string> out;
            for (const auto& [t, wdf] : other.words) {
                if (is_figure(t)) out.push_back(index_.term(t));
            }
            return out;
        };

        // How `other` relates to this article: a copy (same headline and lead), a copy or
        // rewrite by words, one by cast, another event about the same people (related), or none.
        enum class Link { none, copy, by_words, by_cast, related };
        auto link_to = [&](Ref r) {
            const StoryIndex::Record& other = index_.at(r);
            const long their_day = other.day;
            if (my_day >= 0 && their_day >= 0 &&
                std::labs(my_day - their_day) > params_.window_days) {
                return Link::none;
            }
            const ReportKeys& their_keys = keys_of(r);
            // A copy is one report whatever else differs.
            if (same_headline_and_lead(my_keys, their_keys) &&
                !next_in_series(my_keys, their_keys, my_day, their_day)) {
                return Link::copy;
            }
            // Reports of one series (a market's daily figures) are each their own story.
            if (successive_reports(my_keys, their_keys, my_day, their_day)) return Link::none;
            const double similarity = cosine_with(signature, other.signature);
            // Below both thresholds nothing else can make it a rewrite: skip the entities.
            if (similarity < std::min(params_.min_similarity, params_.min_cast_similarity)) {
                return Link::none;
            }
            // Two tellings of one report share a word in their headlines (its subject, its
            // event, a figure); headlines with none in common report different things.
            if (!headlines_share_a_word(my_keys, their_keys)) return Link::none;
            std::vector<TermId> shared;  // both lists are sorted
            std::set_intersection(mine.begin(), mine.end(), other.entities.begin(),
                                  other.entities.end(), std::back_inserter(shared));
            const bool both_named = !mine.empty() && !other.entities.empty();
            // The share of the smaller cast that the other names too.
            const double entities =
                both_named ? static_cast<double>(shared.size()) /
                                 static_cast<double>(std::min(mine.size(), other.entities.size()))
                           : 0;
            // Shared entities that few articles name: the cast of this report rather than the
            // regulars of a beat (a country's leaders and parties appear in hundreds of articles).
            auto rare_shared = [&] {
                const Xapian::doccount rare = std::max<Xapian::doccount>(
                    params_.rare_entity_min_docs,
                    static_cast<Xapian::doccount>(index_.size() * params_.rare_entity_share));
                return std::count_if(shared.begin(), shared.end(),
                                     [&](TermId e) { return frequency(e).docs <= rare; });
            };
            // Same words, and not about different people and places: a copy or a rewrite.
            Link link = Link::none;
            if (similarity >= params_.min_similarity &&
                (!both_named || entities >= params_.min_entity_overlap)) {
                link = Link::by_words;
            } else if (similarity >= params_.min_cast_similarity &&
                       entities >= params_.min_cast_overlap &&
                       shared.size() >= params_.min_cast_shared &&
                       static_cast<std::size_t>(rare_shared()) >= params_.min_cast_rare) {
                // Fewer words in common (another outlet's own telling), but the same cast; and
                // the same facts in the headline, or it is another event about that cast.
                link = headlines_agree(my_keys, their_keys) ? Link::by_cast : Link::related;
            }
            // A rewrite repeats the report's figures: the same people and things with other
            // figures are another report (next week's chart, another round of results), dated
            // or not. Related, not one story.
            if (link != Link::none && !figures_agree(my_figures, figures_of(other))) {
                return Link::related;
            }
            // A rewrite by words shares more than the names: with texts of a few lines (a
            // company's results table and, minutes later, its dividend) the signature is the
            // company, its town and the day, which two reports of that company share.
            if (link == Link::by_words &&
                !shares_more_than_names(my_keys, their_keys, my_figures, figures_of(other))) {
                return Link::related;
            }
            // Without dates the lead is the only witness of what happened. A rewrite by words
            // shares the report's background paragraphs, and so do the next steps of a story
            // (a preview and the result, a ban and its lifting, a trial date set and put
            // back): when the leads tell another event, it is another report, unless it keeps
            // the headline (one report updated under its own headline). Not asked of a rewrite
            // by cast: other outlets' tellings of one report share its cast, not its lead.
            const bool undated = my_day < 0 || their_day < 0;
            if (link == Link::by_words && undated && !same_headline(my_keys, their_keys) &&
                !same_event(my_keys, their_keys)) {
                return Link::related;
            }
            // Nor, without dates, is a preview the report of what then happened, by words or
            // by cast. (With dates the two are days apart, and a company's "said it will" is
            // the day's announcement itself.)
            if (link != Link::none && undated && !same_headline(my_keys, their_keys) &&
                preview_and_result(my_keys, their_keys)) {
                return Link::related;
            }
            // A rewrite told on another day tells the same event: the same people doing
            // something else days later is a follow-up, its own story, linked to this one as
            // related. (Not on the same day, nor undated by cast: other outlets' own tellings
            // of one report share its cast but seldom the words of its lead.)
            if (link != Link::none && my_day >= 0 && their_day >= 0 && my_day != their_day &&
                !same_event(my_keys, their_keys)) {
                return Link::related;
            }
            return link;
        };
        for (const auto& [match, score] : totals) {
            const StoryIndex::Record& other = index_.at(match);
            const Link link = link_to(match);
            if (link == Link::none) continue;
            if (other.story.empty()) continue;
            if (link == Link::related) {
                if (std::find(follow_ups.begin(), follow_ups.end(), other.story) ==
                    follow_ups.end()) {
                    follow_ups.push_back(other.story);
                }
                continue;
            }
            // A link by cast alone must also hold to the story's first article, when that is
            // another one and still indexed: otherwise a saga of follow-ups about the same people
            // (each sharing the cast of the one before) would chain into one ever-growing story.
            if (link == Link::by_cast && other.story != s.id) {
                const Ref root = index_.ref_of(other.story);
                if (root != StoryIndex::kNoRef && root != match) {
                    const Link to_root = link_to(root);
                    if (to_root == Link::none || to_root == Link::related) {
                        // A later step of the saga: related to its story, not part of it.
                        if (std::find(follow_ups.begin(), follow_ups.end(), other.story) ==
                            follow_ups.end()) {
                            follow_ups.push_back(other.story);
                        }
                        continue;
                    }
                }
            }
            story = other.story;
            break;
        }
    }
    if (story.empty()) story = s.id;
    // The stories of other events about the same people, in the order found (at most a few:
    // the candidates examined).
    for (const std::string& other : follow_ups) {
        if (other != story) doc.add_boolean_term(schema::term(schema::kRelated, other));
    }
    std::sort(signature.begin(), signature.end());

    // Count the article's words and entities, and hold it.
    const std::vector<TermId> words_in_order = words;
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    for (const TermId t : words)
        index_.count(t);
    for (const std::string& e : features.entity_terms)
        index_.count(index_.intern(e));
    for (Frequency* f : words_here)
        ++f->seen_since;
    for (const TermId e : mine) {
        if (auto it = df_cache_.find(e); it != df_cache_.end()) ++it->second.seen_since;
    }
    ++decided_since_;
    StoryIndex::Record record;
    record.id = s.id;
    record.story = story;
    record.docid = docid;
    record.simhash = hash;
    record.day = my_day;
    for (const auto& [term, weight] : signature) {
        record.signature.emplace_back(term,
                                      static_cast<std::uint16_t>(std::lround(weight * 65535)));
    }
    record.entities = mine;
    for (const std::string& t : features.titles)
        record.titles.push_back(index_.intern(t));
    record.length = std::max<Xapian::termcount>(features.length, 1);
    for (std::size_t i = 0; i < features.words.size(); ++i)
        record.words.emplace_back(words_in_order[i], features.words[i].second);
    std::sort(record.words.begin(), record.words.end());
    record.file = file;
    index_.put(std::move(record));
    const StoryIndex::Ref ref = index_.ref_of(s.id);
    if (keys_.size() < index_.records()) keys_.resize(index_.records());
    keys_[ref] = my_keys;

    s.story = story;
    doc.add_value(schema::kSlotStory, story);
    doc.add_boolean_term(schema::term(schema::kStory, story));
    if (!news_date.empty()) doc.add_value(schema::kSlotNewsDate, news_date);
    doc.set_data(stored::with_story(doc.get_data(), story));
}

}  // namespace newsdesk::indexer
