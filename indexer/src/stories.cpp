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

// Band `band` of a SimHash as one number below 4 x 2^16 (its term's position in band order).
std::size_t band_index(int band, std::uint64_t hash) {
    return static_cast<std::size_t>(band) << 16 | ((hash >> (16 * band)) & 0xffff);
}

std::string band_term(int band, std::uint64_t hash) {
    static constexpr char kHex[] = "0123456789abcdef";
    unsigned bits = static_cast<unsigned>((hash >> (16 * band)) & 0xffff);
    std::string t(schema::kSimBand);
    t += static_cast<char>('0' + band);
    for (int shift = 12; shift >= 0; shift -= 4)
        t += kHex[(bits >> shift) & 0xf];
    return t;
}

// Days since the epoch of "YYYYMMDD", -1 when not a date.
long day_of(const std::string& v) {
    if (v.size() != 8) return -1;
    int y = std::stoi(v.substr(0, 4)), m = std::stoi(v.substr(4, 2)), d = std::stoi(v.substr(6, 2));
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
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

// A signature: (term, weight) sorted by term, weights of unit length.
using Signature = std::vector<std::pair<std::string, double>>;

template <typename DocFreq>
Signature signature_of(const Xapian::Database& db, const StoryFeatures& features, std::size_t size,
                       DocFreq&& doc_freq) {
    const double n = db.get_doccount() + 1.0;
    Signature scored;
    scored.reserve(features.words.size());
    for (const auto& [term, wdf] : features.words) {
        const double df = doc_freq(term) + 1.0;
        scored.emplace_back(term, (1.0 + std::log(wdf)) * std::log(1.0 + n / df));
    }
    const std::size_t keep = std::min(scored.size(), size);
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep),
                      scored.end(), [](const auto& x, const auto& y) {
                          return x.second != y.second ? x.second > y.second : x.first < y.first;
                      });
    scored.resize(keep);
    double norm = 0;
    for (const auto& e : scored)
        norm += e.second * e.second;
    norm = std::sqrt(norm);
    for (auto& e : scored)
        e.second = norm > 0 ? e.second / norm : 0;
    std::sort(scored.begin(), scored.end());
    return scored;
}

// The `count` articles sharing the most of `words` (term, idf), best first, leaving out `skip`:
// each shared word adds its BM25 weight (k1 = 1, b = 0.5, Xapian's defaults); ties go to the
// earlier article. Walking the few posting lists directly costs a fraction of an Enquire, whose
// per-word statistics made this lookup the indexer's costliest step.
template <typename Length>
std::vector<Xapian::docid> best_matches(const Xapian::Database& db,
                                        const std::vector<std::pair<std::string, double>>& words,
                                        Xapian::docid skip, std::size_t count, Length&& length) {
    struct Posting {
        Xapian::docid docid;
        Xapian::termcount wdf;
        double idf;
        bool operator<(const Posting& o) const { return docid < o.docid; }
    };
    std::vector<Posting> postings;  // in docid order: each list merged in as it is read
    for (const auto& [term, idf] : words) {
        const auto read = static_cast<std::ptrdiff_t>(postings.size());
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
            if (*p != skip) postings.push_back({*p, p.get_wdf(), idf});
        }
        std::inplace_merge(postings.begin(), postings.begin() + read, postings.end());
    }
    constexpr double k1 = 1.0, b = 0.5;
    const double average = std::max(db.get_avlength(), 1.0);
    std::vector<std::pair<Xapian::docid, double>> scored;  // one per document
    double norm = 0;
    for (const Posting& p : postings) {
        if (scored.empty() || scored.back().first != p.docid) {
            norm = k1 * ((1 - b) + b * length(p.docid) / average);
            scored.emplace_back(p.docid, 0.0);
        }
        scored.back().second += p.idf * (k1 + 1) * p.wdf / (norm + p.wdf);
    }
    const std::size_t n = std::min(scored.size(), count);
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(n), scored.end(),
                      [](const auto& x, const auto& y) {
                          return x.second != y.second ? x.second > y.second : x.first < y.first;
                      });
    std::vector<Xapian::docid> best;
    for (std::size_t i = 0; i < n; ++i)
        best.push_back(scored[i].first);
    return best;
}

// Each entry: the term, a byte 0, the weight as an integer in 1/65535ths.
std::string encode_signature(const Signature& sig) {
    std::vector<std::string> entries;
    for (const auto& [term, weight] : sig) {
        entries.push_back(term + '\0' + std::to_string(std::lround(weight * 65535)));
    }
    return facets::encode_list(entries);
}

// The cosine of `mine` (sorted by term) and an encoded signature (its entries sorted by term, as
// encode_signature() writes them), read in place without building a second signature.
double cosine_with(const Signature& mine, std::string_view encoded) {
    double dot = 0;
    auto i = mine.begin();
    facets::for_each_in_list(encoded, [&](std::string_view e) {
        const std::size_t zero = e.find('\0');
        if (zero == std::string_view::npos) return;
        const std::string_view term = e.substr(0, zero);
        while (i != mine.end() && std::string_view(i->first) < term)
            ++i;
        if (i == mine.end() || std::string_view(i->first) != term) return;
        const std::string_view digits = e.substr(zero + 1);
        long units = 0;
        std::from_chars(digits.data(), digits.data() + digits.size(), units);
        dot += i->second * static_cast<double>(units) / 65535;
    });
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
            const char c = i < text.size() ? text[i] : ' ';
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
    // The lead after the dateline ("WASHINGTON, March 24 - "): a copy sent again the next day
    // carries the new day there.
    std::string_view body = a.text;
    if (!a.dateline.empty()) {
        const std::size_t dash = body.substr(0, 80).find(" - ");
        if (dash != std::string_view::npos) body.remove_prefix(dash + 3);
    }
    for_each_word(body, 20, [&](const std::string& w) {
        if (!k.lead.empty()) k.lead += ' ';
        k.lead += w;
    });
    std::sort(k.headline_words.begin(), k.headline_words.end());
    k.headline_words.erase(std::unique(k.headline_words.begin(), k.headline_words.end()),
                           k.headline_words.end());
    return k;
}

bool same_headline_and_lead(const ReportKeys& a, const ReportKeys& b) {
    return !a.headline.empty() && a.headline == b.headline && !a.lead.empty() && a.lead == b.lead;
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

bool headlines_share_a_word(const ReportKeys& a, const ReportKeys& b) {
    if (a.headline_words.size() < 2 || b.headline_words.size() < 2) return true;  // no evidence
    std::vector<std::string> shared;
    std::set_intersection(a.headline_words.begin(), a.headline_words.end(),
                          b.headline_words.begin(), b.headline_words.end(),
                          std::back_inserter(shared));
    return !shared.empty();
}

std::string copy_by_headline_and_lead(const Xapian::Database& db, const Xapian::Document& doc,
                                      const ReportKeys& keys, Xapian::docid skip, long day,
                                      long window_days) {
    // The headline's words as indexed, unstemmed: "S" and a lower-case letter or digit.
    std::string rarest;
    Xapian::doccount fewest = 0;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string& term = *t;
        if (term.size() < 2 || term[0] != schema::kTitle[0]) continue;
        if (!((term[1] >= 'a' && term[1] <= 'z') || (term[1] >= '0' && term[1] <= '9'))) continue;
        const Xapian::doccount n = db.get_termfreq(term);
        if (n > 0 && (rarest.empty() || n < fewest)) {
            rarest = term;
            fewest = n;
        }
    }
    if (rarest.empty()) return {};
    Xapian::doccount seen = 0;
    for (auto p = db.postlist_begin(rarest); p != db.postlist_end(rarest) && seen < 50;
         ++p, ++seen) {
        if (*p == skip) continue;
        const Xapian::Document other = db.get_document(*p);
        const long their_day = day_of(other.get_value(schema::kSlotNewsDate));
        if (day >= 0 && their_day >= 0 && std::labs(day - their_day) > window_days) continue;
        if (same_headline_and_lead(
                keys, report_keys(stored::decode_without_entities(other.get_data()).article))) {
            return other.get_value(schema::kSlotStory);
        }
    }
    return {};
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
        // Stemmed body words ("Z" then lower case; "ZS..." are title-field terms) and figures
        // ("53", "8.6": one report's rewrites repeat its figures, while routine reports of the
        // same kind, a dividend or a market's daily assistance, differ in theirs).
        const bool figure = term.size() >= 2 && term[0] >= '0' && term[0] <= '9';
        const bool word = term.size() >= 4 && term[0] == 'Z' && term[1] >= 'a' && term[1] <= 'z';
        if (!figure && !word) continue;
        if (word && text::is_stopword(std::string_view(term).substr(1))) continue;
        f.words.emplace_back(term, t.get_wdf());
    }
    f.entities = entity_keys(doc);
    return f;
}

StoryDetector::Frequency& StoryDetector::frequency(const Xapian::Database& db,
                                                   const std::string& term) const {
    // Frequencies are renewed once the database has grown by a tenth since the cache was: idf
    // weights barely move in between, and the cache spares the writer most of its term lookups.
    // When the growth is just the articles decided since (nothing replaced, deleted or left
    // unchanged), each entry plus the articles seen naming it since is exact, and is folded in
    // when the entry is next used; otherwise every entry is read afresh. Either way an entry
    // holds the database's frequency as of its first use after the renewal, and which values are
    // used depends only on the order articles come in.
    const Xapian::doccount docs = db.get_doccount();
    if (docs < df_docs_ || docs > df_docs_ + df_docs_ / 10) {
        if (docs != df_docs_ + decided_since_) df_cache_.clear();
        ++df_generation_;
        df_docs_ = docs;
        decided_since_ = 0;
    }
    auto [it, fresh] = df_cache_.try_emplace(term);
    Frequency& f = it->second;
    if (fresh) {
        f.docs = db.get_termfreq(term);
    } else if (f.generation != df_generation_) {
        f.docs += f.seen_since;
        f.seen_since = 0;
    }
    f.generation = df_generation_;
    return f;
}

Xapian::termcount StoryDetector::doc_length(const Xapian::Database& db, Xapian::docid docid) const {
    if (docid >= lengths_.size())
        lengths_.resize(std::max<std::size_t>(docid + 1, lengths_.size() * 2));
    Xapian::termcount& length = lengths_[docid];
    if (length == 0) length = std::max<Xapian::termcount>(db.get_doclength(docid), 1);
    return length;
}

void StoryDetector::assign(const Xapian::Database& db, stored::StoredArticle& s,
                           Xapian::Document& doc) const {
    assign(db, s, doc, story_features(doc, s.article.text));
}

void StoryDetector::assign(const Xapian::Database& db, stored::StoredArticle& s,
                           Xapian::Document& doc, const StoryFeatures& features) const {
    const Article& a = s.article;
    const std::string self = schema::term(schema::kId, s.id);
    std::string story;

    // An older version of this article (being replaced) is no candidate, and what was cached of
    // it is forgotten.
    const Xapian::PostingIterator older_it = db.postlist_begin(self);
    const Xapian::docid older = older_it != db.postlist_end(self) ? *older_it : 0;
    if (older != 0 && older < lengths_.size()) lengths_[older] = 0;

    // Near-duplicates first: one term lookup per band.
    const std::uint64_t hash = features.simhash;
    if (doc.get_value(schema::kSlotSimhash).size() != 8) {
        doc.add_value(schema::kSlotSimhash, encode_u64(hash));
    }
    // A run that starts from an empty database knows every band term it can find: only those
    // of the articles it decided (a bit each, 32 KB), so absent ones need no lookup.
    if (!bands_checked_) {
        bands_checked_ = true;
        if (db.get_doccount() == 0) bands_seen_.assign(std::size_t{4} << 16, false);
    }
    if (!a.text.empty()) {
        for (int band = 0; band < 4 && story.empty(); ++band) {
            if (!bands_seen_.empty() && !bands_seen_[band_index(band, hash)]) continue;
            const std::string term = band_term(band, hash);
            Xapian::doccount seen = 0;
            for (auto p = db.postlist_begin(term); p != db.postlist_end(term) && seen < 50;
                 ++p, ++seen) {
                if (*p == older) continue;
                Xapian::Document other = db.get_document(*p);
                if (hamming(hash, decode_u64(other.get_value(schema::kSlotSimhash))) <=
                    params_.near_duplicate_bits) {
                    story = other.get_value(schema::kSlotStory);
                    break;
                }
            }
        }
    }

    // Copies under the same headline with the same lead, however different the rest (a repeat
    // with another ending, a corrected version): found through the headline's rarest word.
    const std::string news_date =
        a.date_source == DateSource::content || a.date_source == DateSource::metadata
            ? doc.get_value(schema::kSlotDate)
            : std::string();
    const ReportKeys my_keys = report_keys(a);
    if (story.empty() && !my_keys.headline.empty() && !my_keys.lead.empty()) {
        story = copy_by_headline_and_lead(db, doc, my_keys, older, day_of(news_date),
                                          params_.window_days);
    }

    // The signature: distinctive stemmed words weighted by wdf x idf, as a unit vector.
    std::vector<Frequency*> words_here;  // counted as seen once the article is decided
    const Signature signature =
        signature_of(db, features, params_.signature_size, [&](const std::string& term) {
            Frequency& f = frequency(db, term);
            words_here.push_back(&f);
            return f.docs;
        });

    // Rewrites: the best matches for the signature, compared word by word and entity by entity.
    if (story.empty() && !signature.empty() && db.get_doccount() > 0) {
        // The query: the signature's heaviest words (a rewrite shares its most distinctive ones;
        // fewer posting lists keep this lookup, the indexer's costliest, cheap).
        std::vector<std::pair<double, const std::string*>> heaviest;
        for (const auto& entry : signature)
            heaviest.emplace_back(-entry.second, &entry.first);
        const std::size_t query_size = std::min(heaviest.size(), params_.query_size);
        std::partial_sort(heaviest.begin(),
                          heaviest.begin() + static_cast<std::ptrdiff_t>(query_size),
                          heaviest.end());
        const double n = db.get_doccount() + 1.0;
        std::vector<std::pair<std::string, double>> words;
        for (std::size_t i = 0; i < query_size; ++i) {
            const std::string& term = *heaviest[i].second;
            const Frequency& f = frequency(db, term);
            // A word in no other article has no postings to read.
            if (f.docs > 0 || f.seen_since > 0) {
                words.emplace_back(term, std::log(1.0 + n / (f.docs + 1.0)));
            }
        }
        const std::vector<Xapian::docid> best =
            best_matches(db, words, older, params_.candidates,
                         [&](Xapian::docid docid) { return doc_length(db, docid); });
        const std::vector<std::string>& mine = features.entities;
        const long my_day = day_of(news_date);
        // How `other` relates to this article: a copy (same headline and lead), a copy or
        // rewrite by words, one by cast, or none.
        enum class Link { none, copy, by_words, by_cast };
        auto link_to = [&](const Xapian::Document& other) {
            const ReportKeys their_keys =
                report_keys(stored::decode_without_entities(other.get_data()).article);
            long their_day = day_of(other.get_value(schema::kSlotNewsDate));
            if (my_day >= 0 && their_day >= 0 &&
                std::labs(my_day - their_day) > params_.window_days) {
                return Link::none;
            }
            // A copy is one report whatever else differs.
            if (same_headline_and_lead(my_keys, their_keys)) return Link::copy;
            // Reports of one series (a market's daily figures) are each their own story.
            if (successive_reports(my_keys, their_keys, my_day, their_day)) return Link::none;
            const double similarity =
                cosine_with(signature, other.get_value(schema::kSlotSignature));
            // Below both thresholds nothing else can make it a rewrite: skip the entities.
            if (similarity < std::min(params_.min_similarity, params_.min_cast_similarity)) {
                return Link::none;
            }
            // Two tellings of one report share a word in their headlines (its subject, its
            // event, a figure); headlines with none in common report different things.
            if (!headlines_share_a_word(my_keys, their_keys)) return Link::none;
            const std::vector<std::string> their_entities = entity_keys(other);
            std::vector<std::string> shared;  // both lists are sorted
            std::set_intersection(mine.begin(), mine.end(), their_entities.begin(),
                                  their_entities.end(), std::back_inserter(shared));
            const bool both_named = !mine.empty() && !their_entities.empty();
            // The share of the smaller cast that the other names too.
            const double entities =
                both_named ? static_cast<double>(shared.size()) /
                                 static_cast<double>(std::min(mine.size(), their_entities.size()))
                           : 0;
            // Shared entities that few articles name: the cast of this report rather than the
            // regulars of a beat (a country's leaders and parties appear in hundreds of articles).
            auto rare_shared = [&] {
                const Xapian::doccount rare = std::max<Xapian::doccount>(
                    params_.rare_entity_min_docs,
                    static_cast<Xapian::doccount>(db.get_doccount() * params_.rare_entity_share));
                return std::count_if(shared.begin(), shared.end(), [&](const std::string& e) {
                    return frequency(db, e).docs <= rare;
                });
            };
            // Same words, and not about different people and places: a copy or a rewrite.
            if (similarity >= params_.min_similarity &&
                (!both_named || entities >= params_.min_entity_overlap)) {
                return Link::by_words;
            }
            // Fewer words in common (another outlet's own telling), but the same cast.
            if (similarity >= params_.min_cast_similarity && entities >= params_.min_cast_overlap &&
                shared.size() >= params_.min_cast_shared &&
                static_cast<std::size_t>(rare_shared()) >= params_.min_cast_rare) {
                return Link::by_cast;
            }
            return Link::none;
        };
        for (const Xapian::docid match : best) {
            Xapian::Document other = db.get_document(match);
            const Link link = link_to(other);
            if (link == Link::none) continue;
            std::string candidate = other.get_value(schema::kSlotStory);
            if (candidate.empty()) continue;
            // A link by cast alone must also hold to the story's first article, when that is
            // another one and still indexed: otherwise a saga of follow-ups about the same people
            // (each sharing the cast of the one before) would chain into one ever-growing story.
            const std::string root_term = schema::term(schema::kId, candidate);
            if (link == Link::by_cast && candidate != s.id) {
                auto root = db.postlist_begin(root_term);
                if (root != db.postlist_end(root_term) && *root != match &&
                    link_to(db.get_document(*root)) == Link::none) {
                    continue;
                }
            }
            story = std::move(candidate);
            break;
        }
    }
    if (story.empty()) story = s.id;
    // Count the article's words and entities in the frequency cache (see frequency()).
    for (Frequency* f : words_here)
        ++f->seen_since;
    for (const std::string& e : features.entities) {
        if (auto it = df_cache_.find(e); it != df_cache_.end()) ++it->second.seen_since;
    }
    ++decided_since_;

    s.story = story;
    doc.add_value(schema::kSlotStory, story);
    doc.add_boolean_term(schema::term(schema::kStory, story));
    for (int band = 0; band < 4; ++band) {
        doc.add_boolean_term(band_term(band, hash));
        if (!bands_seen_.empty()) bands_seen_[band_index(band, hash)] = true;
    }
    doc.add_value(schema::kSlotSignature, encode_signature(signature));
    if (!news_date.empty()) doc.add_value(schema::kSlotNewsDate, news_date);
    doc.set_data(stored::with_story(doc.get_data(), story));
}

}  // namespace newsdesk::indexer
