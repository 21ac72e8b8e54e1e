#include "story_index.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "newsdesk/internal/facets.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/stopwords.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::indexer {

namespace {

std::uint64_t decode_u64(const std::string& s) {
    std::uint64_t v = 0;
    for (unsigned char c : s)
        v = (v << 8) | c;
    return s.size() == 8 ? v : 0;
}

// The terms story detection weighs (story_features()): stemmed body words of four bytes or more
// that are no stopwords, and figures.
bool is_signature_term(const std::string& term) {
    if (term.size() >= 2 && term[0] >= '0' && term[0] <= '9') return true;
    return term.size() >= 4 && term[0] == 'Z' && term[1] >= 'a' && term[1] <= 'z' &&
           !text::is_stopword(std::string_view(term).substr(1));
}

template <typename T>
void insert_sorted(std::vector<T>& v, const T& x) {
    v.insert(std::upper_bound(v.begin(), v.end(), x), x);
}

}  // namespace

bool is_title_term(const std::string& term) {
    return term.size() >= 2 && term[0] == schema::kTitle[0] &&
           ((term[1] >= 'a' && term[1] <= 'z') || (term[1] >= '0' && term[1] <= '9'));
}

long news_day(const std::string& v) {
    if (v.size() != 8) return -1;
    int y = 0, m = 0, d = 0;
    if (std::from_chars(v.data(), v.data() + 4, y).ec != std::errc() ||
        std::from_chars(v.data() + 4, v.data() + 6, m).ec != std::errc() ||
        std::from_chars(v.data() + 6, v.data() + 8, d).ec != std::errc()) {
        return -1;
    }
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

StoryIndex::TermId StoryIndex::intern(const std::string& term) {
    auto [it, fresh] = term_ids_.try_emplace(term, static_cast<TermId>(terms_.size()));
    if (fresh) {
        terms_.push_back(&it->first);
        df_.push_back(0);
        word_postings_.emplace_back();
        title_postings_.emplace_back();
    }
    return it->second;
}

StoryIndex::TermId StoryIndex::find(const std::string& term) const {
    auto it = term_ids_.find(term);
    return it == term_ids_.end() ? kNone : it->second;
}

StoryIndex::Ref StoryIndex::ref_of(const std::string& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? kNoRef : it->second;
}

const StoryIndex::Record* StoryIndex::by_id(const std::string& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &records_[it->second];
}

const std::vector<StoryIndex::Ref>& StoryIndex::band(int b, std::uint64_t hash) const {
    return bands_[band_index(b, hash)];
}

void StoryIndex::link(Ref r) {
    const Record& rec = records_[r];
    for (int b = 0; b < 4; ++b)
        insert_sorted(bands_[band_index(b, rec.simhash)], r);
    for (const auto& [t, wdf] : rec.words) {
        auto& list = word_postings_[t];
        list.insert(std::upper_bound(list.begin(), list.end(), r,
                                     [](Ref x, const auto& e) { return x < e.first; }),
                    {r, wdf});
    }
    for (TermId t : rec.titles)
        insert_sorted(title_postings_[t], r);
    total_length_ += rec.length;
}

void StoryIndex::unlink(Ref r) {
    const Record& rec = records_[r];
    for (int b = 0; b < 4; ++b) {
        auto& list = bands_[band_index(b, rec.simhash)];
        auto it = std::lower_bound(list.begin(), list.end(), r);
        if (it != list.end() && *it == r) list.erase(it);
    }
    for (const auto& entry : rec.words) {
        auto& list = word_postings_[entry.first];
        auto it = std::lower_bound(list.begin(), list.end(), r,
                                   [](const auto& e, Ref x) { return e.first < x; });
        if (it != list.end() && it->first == r) list.erase(it);
    }
    for (TermId t : rec.titles) {
        auto& list = title_postings_[t];
        auto it = std::lower_bound(list.begin(), list.end(), r);
        if (it != list.end() && *it == r) list.erase(it);
    }
    total_length_ -= rec.length;
}

void StoryIndex::put(Record record) {
    auto found = by_id_.find(record.id);
    if (found != by_id_.end()) {
        const Ref r = found->second;
        unlink(r);
        record.docid = records_[r].docid;
        records_[r] = std::move(record);
        link(r);
        return;
    }
    // Document ids only grow (ShardSet::next_docid): a new record goes last, in docid order.
    const Ref r = static_cast<Ref>(records_.size());
    by_id_.emplace(record.id, r);
    records_.push_back(std::move(record));
    ++alive_;
    link(r);
}

void StoryIndex::forget(const std::string& id, std::uint32_t file) {
    auto found = by_id_.find(id);
    if (found == by_id_.end()) return;
    Record& rec = records_[found->second];
    if (rec.file != 0 && rec.file != file) return;
    unlink(found->second);
    rec.alive = false;
    rec.signature.clear();
    rec.entities.clear();
    rec.words.clear();
    rec.titles.clear();
    by_id_.erase(found);
    --alive_;
}

void StoryIndex::load(const Xapian::Database& db, std::size_t signature_size) {
    if (db.get_doccount() == 0) return;
    // The articles, in document-id order.
    const std::string q(schema::kId);
    std::vector<std::pair<Xapian::docid, std::string>> ids;
    ids.reserve(db.get_doccount());
    for (auto t = db.allterms_begin(q); t != db.allterms_end(q); ++t) {
        auto p = db.postlist_begin(*t);
        if (p != db.postlist_end(*t)) ids.emplace_back(*p, (*t).substr(q.size()));
    }
    std::sort(ids.begin(), ids.end());
    std::unordered_map<Xapian::docid, Ref> at;
    at.reserve(ids.size());
    records_.reserve(ids.size());
    for (auto& [docid, id] : ids) {
        if (by_id_.count(id)) continue;  // two documents with one id: the first counts
        Record rec;
        rec.docid = docid;
        rec.id = std::move(id);
        rec.story = rec.id;
        at.emplace(docid, static_cast<Ref>(records_.size()));
        by_id_.emplace(rec.id, static_cast<Ref>(records_.size()));
        records_.push_back(std::move(rec));
    }
    alive_ = static_cast<Xapian::doccount>(records_.size());

    // How many articles hold each word, figure and entity; which, and how often, for the words.
    auto frequencies = [&](const std::string& prefix, bool words) {
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
            const std::string& term = *t;
            if (words && !is_signature_term(term)) continue;
            const TermId id = intern(term);
            df_[id] = t.get_termfreq();
            if (!words) continue;
            for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
                auto it = at.find(*p);
                if (it != at.end()) records_[it->second].words.emplace_back(id, p.get_wdf());
            }
        }
    };
    frequencies("Z", true);
    for (char digit = '0'; digit <= '9'; ++digit)
        frequencies(std::string(1, digit), true);
    for (EntityType type : {EntityType::person, EntityType::org, EntityType::place})
        frequencies(std::string(schema::facet_for(type).prefix), false);
    const std::string title(schema::kTitle);
    for (auto t = db.allterms_begin(title); t != db.allterms_end(title); ++t) {
        const std::string& term = *t;
        if (!is_title_term(term)) continue;
        const TermId id = intern(term);
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
            auto it = at.find(*p);
            if (it != at.end()) records_[it->second].titles.push_back(id);
        }
    }
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        auto it = at.find(*p);
        if (it != at.end())
            records_[it->second].length = std::max<Xapian::termcount>(p.get_doclength(), 1);
    }

    // Their values, slot by slot (a value stream reads a slot's values in one sweep).
    auto each_value = [&](unsigned slot, auto&& f) {
        for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
            auto it = at.find(v.get_docid());
            if (it != at.end()) f(records_[it->second], *v);
        }
    };
    each_value(schema::kSlotStory, [](Record& r, const std::string& v) { r.story = v; });
    each_value(schema::kSlotSimhash,
               [](Record& r, const std::string& v) { r.simhash = decode_u64(v); });
    each_value(schema::kSlotNewsDate, [](Record& r, const std::string& v) { r.day = news_day(v); });
    for (EntityType type : {EntityType::person, EntityType::org, EntityType::place}) {
        const schema::Facet& facet = schema::facet_for(type);
        each_value(facet.slot, [&](Record& r, const std::string& v) {
            facets::for_each_in_list(v, [&](std::string_view name) {
                const std::string key = text::entity_key(name);
                if (!key.empty()) r.entities.push_back(intern(schema::term(facet.prefix, key)));
            });
        });
    }
    // Signatures are not stored: each is made again from the article's words as StoryDetector
    // makes it (the heaviest by wdf x idf, a unit vector in 1/65535ths), with the frequencies
    // of the database as it is.
    const double n = alive_;
    std::vector<std::pair<double, TermId>> scored;
    for (Record& rec : records_) {
        scored.clear();
        for (const auto& [t, wdf] : rec.words) {
            scored.emplace_back(-(1.0 + std::log(wdf)) * std::log(1.0 + n / (df_[t] + 1.0)), t);
        }
        const std::size_t keep = std::min(scored.size(), signature_size);
        std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep),
                          scored.end());
        double norm = 0;
        for (std::size_t i = 0; i < keep; ++i)
            norm += scored[i].first * scored[i].first;
        norm = std::sqrt(norm);
        for (std::size_t i = 0; i < keep; ++i) {
            const double w = norm > 0 ? -scored[i].first / norm : 0;
            rec.signature.emplace_back(scored[i].second,
                                       static_cast<std::uint16_t>(std::lround(w * 65535)));
        }
        std::sort(rec.signature.begin(), rec.signature.end());
    }
    for (Ref r = 0; r < records_.size(); ++r) {
        auto& e = records_[r].entities;
        std::sort(e.begin(), e.end());
        e.erase(std::unique(e.begin(), e.end()), e.end());
        link(r);
    }
}

}  // namespace newsdesk::indexer
