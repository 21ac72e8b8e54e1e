#include "lexicon.hpp"

#include <xapian.h>

#include "hashing.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::entities {

void lowercase_into(std::string_view word, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < word.size();) {
        const auto c = static_cast<unsigned char>(word[i]);
        if (c < 0x80) {
            out += (c >= 'A' && c <= 'Z') ? char(c + 32) : char(c);
            ++i;
            continue;
        }
        std::size_t len;
        const unsigned cp = decode_utf8(word, i, len);
        Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(cp));
        i += len;
    }
}

std::uint64_t lower_hash(std::string_view norm, std::string& scratch) {
    lowercase_into(norm, scratch);
    return hash_bytes(scratch);
}

namespace {

template <typename F>
void for_each_line(std::string_view text, F&& f) {
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t nl = text.find('\n', i);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = text.substr(i, nl - i);
        i = nl + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line[0] == '#') continue;
        f(line);
    }
}

}  // namespace

Lexicon::Lexicon(const std::vector<GazetteerSource>& gazetteers, std::string_view common_words) {
    std::size_t lines = 0;
    for (const auto& g : gazetteers)
        for (char c : g.text)
            lines += c == '\n';
    ngrams_.reserve(lines + 16);
    by_key_.reserve(lines);
    for (const auto& g : gazetteers)
        for_each_line(g.text, [&](std::string_view line) { add(line, g.cls); });

    std::size_t n = 0;
    for (char c : common_words)
        n += c == '\n';
    common_.reserve(n + 16);
    for_each_line(common_words,
                  [&](std::string_view w) { common_.slot(lower_hash(w, lower_)) = 1; });
    toks_ = {};
    arena_ = {};
}

void Lexicon::add(std::string_view name, Gaz cls) {
    // A tab ends the name (later columns are comments for people reading the file).
    if (auto tab = name.find('\t'); tab != std::string_view::npos) name = name.substr(0, tab);
    name = text::trim(name);
    if (name.empty()) return;
    tokenize(name, toks_, arena_);
    if (toks_.empty()) return;
    std::uint64_t h = 0;
    for (const Token& t : toks_)
        h = ngram_extend(h, lower_hash(t.norm, lower_));
    const auto bit = static_cast<std::uint16_t>(1u << static_cast<unsigned>(cls));
    ngrams_.slot(h) |= bit;
    if (static_cast<int>(toks_.size()) > max_ngram_) max_ngram_ = static_cast<int>(toks_.size());
    // Display names and classes by entity key serve places and organisations only.
    if (cls == Gaz::first_name || cls == Gaz::person) return;
    auto& entry = by_key_[text::entity_key(name)];
    if (entry.first.empty()) entry.first = std::string(name);
    entry.second |= bit;
}

std::string_view Lexicon::display_name(const std::string& key) const {
    auto it = by_key_.find(key);
    return it == by_key_.end() ? std::string_view() : std::string_view(it->second.first);
}

std::uint16_t Lexicon::classes_of_key(const std::string& key) const {
    auto it = by_key_.find(key);
    return it == by_key_.end() ? 0 : it->second.second;
}

}  // namespace newsdesk::entities
