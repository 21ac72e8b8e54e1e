#include "facet_spy.hpp"

#include <algorithm>
#include <cctype>

#include "entity_filters.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/internal/facets.hpp"
#include "newsdesk/internal/schema.hpp"

namespace newsdesk::searcher {

namespace {

void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7f) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
}

std::uint64_t get_varint(const std::string& in, std::size_t& pos) {
    std::uint64_t v = 0;
    for (int shift = 0; pos < in.size() && shift < 64; shift += 7) {
        auto b = static_cast<unsigned char>(in[pos++]);
        v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
    throw Xapian::NetworkError("truncated MultiValueCountSpy data");
}

}  // namespace

std::string ValueReader::get(const Xapian::Document& doc) {
    if (!db_) return doc.get_value(slot_);
    const Xapian::docid id = doc.get_docid();
    if (!it_ || id < last_) it_ = db_->valuestream_begin(slot_);
    last_ = id;
    Xapian::ValueIterator& it = *it_;
    if (it == db_->valuestream_end(slot_)) return {};
    if (it.get_docid() < id) {
        it.skip_to(id);
        if (it == db_->valuestream_end(slot_)) return {};
    }
    return it.get_docid() == id ? *it : std::string();
}

void MultiValueCountSpy::add(std::string_view name, Xapian::doccount count) {
    auto found = counts_.find(name);
    if (found != counts_.end()) {
        found->second += count;
        return;
    }
    names_.emplace_back(name);
    counts_.emplace(names_.back(), count);
}

void MultiValueCountSpy::operator()(const Xapian::Document& doc, double) {
    ++documents_;
    const std::string value = reader_.get(doc);
    if (value.empty()) return;
    facets::for_each_in_list(value, [&](std::string_view name) { add(name, 1); });
}

void StoryCountSpy::add(Xapian::docid id) {
    const std::uint32_t story = id < story_of_.size() ? story_of_[id] : 0;
    if (story == 0) {
        ++unassigned_;
        return;
    }
    if (story >= seen_.size()) seen_.resize(std::max<std::size_t>(story + 1, seen_.size() * 2));
    if (!seen_[story]) {
        seen_[story] = true;
        ++stories_;
    }
}

std::string MultiValueCountSpy::serialise() const {
    std::string out;
    put_varint(out, slot_);
    return out;
}

Xapian::MatchSpy* MultiValueCountSpy::unserialise(const std::string& serialised,
                                                  const Xapian::Registry&) const {
    std::size_t pos = 0;
    auto slot = static_cast<Xapian::valueno>(get_varint(serialised, pos));
    return new MultiValueCountSpy(slot);
}

std::string MultiValueCountSpy::serialise_results() const {
    std::string out;
    put_varint(out, documents_);
    put_varint(out, counts_.size());
    for (const auto& [value, count] : counts_) {
        put_varint(out, value.size());
        out += value;
        put_varint(out, count);
    }
    return out;
}

void MultiValueCountSpy::merge_results(const std::string& serialised) {
    std::size_t pos = 0;
    documents_ += static_cast<Xapian::doccount>(get_varint(serialised, pos));
    std::uint64_t n = get_varint(serialised, pos);
    for (std::uint64_t i = 0; i < n; ++i) {
        std::uint64_t len = get_varint(serialised, pos);
        if (len > serialised.size() - pos) {
            throw Xapian::NetworkError("truncated MultiValueCountSpy results");
        }
        std::string_view value(serialised.data() + pos, len);
        pos += len;
        add(value, static_cast<Xapian::doccount>(get_varint(serialised, pos)));
    }
}

std::string MultiValueCountSpy::get_description() const {
    return "MultiValueCountSpy(slot " + std::to_string(slot_) + ", " +
           std::to_string(counts_.size()) + " values)";
}

std::vector<FacetValue> MultiValueCountSpy::top(std::size_t limit) const {
    std::vector<FacetValue> all;
    all.reserve(counts_.size());
    for (const auto& [value, count] : counts_)
        all.push_back({std::string(value), count});
    auto order = [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    };
    if (limit < all.size()) {
        std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(limit), all.end(),
                          order);
        all.resize(limit);
    } else {
        std::sort(all.begin(), all.end(), order);
    }
    return all;
}

FacetTable::FacetTable(const Xapian::Database& db) : schema_types_(schema::kFacets.size()) {
    const std::size_t docs = static_cast<std::size_t>(db.get_lastdocid()) + 2;
    std::vector<std::pair<Xapian::docid, std::uint32_t>> entries;  // (docid, key), type by type
    for (std::size_t t = 0; t < schema::kFacets.size(); ++t) {
        const Xapian::valueno slot = schema::kFacets[t].slot;
        std::unordered_map<std::string_view, std::uint32_t> key_of;  // views into names_
        for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
            const Xapian::docid id = v.get_docid();
            const std::string list = *v;
            facets::for_each_in_list(list, [&](std::string_view name) {
                auto found = key_of.find(name);
                if (found == key_of.end()) {
                    const auto key = static_cast<std::uint32_t>(names_.size());
                    names_.emplace_back(name);
                    types_.push_back(static_cast<std::uint8_t>(t));
                    found = key_of.emplace(names_.back(), key).first;
                }
                entries.emplace_back(id, found->second);
            });
        }
    }
    // Lone surnames (issue 12): counted as the archive's one full name of note with that word,
    // or left out of the lists when several share it (entity_filters.hpp). A document naming both
    // counts once.
    {
        std::vector<std::uint32_t> articles(names_.size(), 0);
        for (const auto& e : entries)
            ++articles[e.second];
        std::size_t person = 0;
        for (std::size_t t = 0; t < schema::kFacets.size(); ++t)
            if (schema::kFacets[t].name == schema::facet_for(EntityType::person).name) person = t;
        counted_as_ = lone_name_targets(names_, types_, person, articles);
        std::vector<Xapian::docid> last(names_.size(), 0);
        std::size_t kept = 0;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            auto [id, key] = entries[i];
            if (counted_as_[key] != key) {
                if (counted_as_[key] == kLeftOut) continue;
                key = counted_as_[key];
            }
            if (last[key] == id) continue;
            last[key] = id;
            entries[kept++] = {id, key};
        }
        entries.resize(kept);
        for (std::uint32_t k = 0; k < counted_as_.size(); ++k)
            if (counted_as_[k] != k && counted_as_[k] != kLeftOut)
                counted_here_[counted_as_[k]].push_back(k);
    }
    // A stable counting sort by docid: rows keep the types in order, and each type its slot order.
    offsets_.assign(docs, 0);
    for (const auto& e : entries)
        ++offsets_[e.first + 1];
    for (std::size_t i = 1; i < offsets_.size(); ++i)
        offsets_[i] += offsets_[i - 1];
    values_.resize(entries.size());
    std::vector<std::uint32_t> next(offsets_.begin(), offsets_.end() - 1);
    for (const auto& e : entries)
        values_[next[e.first]++] = e.second;
}

bool has_word_starting(std::string_view name, std::string_view lower_prefix) {
    if (lower_prefix.empty()) return true;
    const std::string lower = Xapian::Unicode::tolower(std::string(name));
    for (std::size_t at = 0; at + lower_prefix.size() <= lower.size(); ++at) {
        // A word starts after a space, a hyphen or other ASCII punctuation.
        const auto before = at ? static_cast<unsigned char>(lower[at - 1]) : ' ';
        if (before >= 0x80 || std::isalnum(before)) continue;
        if (lower.compare(at, lower_prefix.size(), lower_prefix) == 0) return true;
    }
    return false;
}

std::vector<FacetValue> FacetTableSpy::top(std::size_t type, std::size_t limit,
                                           std::string_view prefix, std::size_t* distinct) const {
    const std::string lower_prefix = Xapian::Unicode::tolower(std::string(prefix));
    std::vector<std::uint32_t> order;
    for (std::uint32_t key : touched_) {
        if (table_.type(key) == type && has_word_starting(table_.name(key), lower_prefix)) {
            order.push_back(key);
        }
    }
    if (distinct) *distinct = order.size();
    auto better = [&](std::uint32_t a, std::uint32_t b) {
        if (counts_[a] != counts_[b]) return counts_[a] > counts_[b];
        return table_.name(a) < table_.name(b);
    };
    const std::size_t keep = std::min(limit, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                      better);
    std::vector<FacetValue> out;
    out.reserve(keep);
    for (std::size_t i = 0; i < keep; ++i) {
        out.push_back({table_.name(order[i]), counts_[order[i]]});
    }
    return out;
}

}  // namespace newsdesk::searcher
