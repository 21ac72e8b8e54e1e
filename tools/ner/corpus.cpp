#include "corpus.hpp"

#include <fstream>
#include <sstream>

#include "hashing.hpp"
#include "model.hpp"
#include "newsdesk/error.hpp"
#include "tokenizer.hpp"

namespace newsdesk::ner_tool {

using entities::Tag;

namespace {

std::ifstream open(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw RuntimeError(path + ": cannot open (is ../shared/data/ner there?)");
    return in;
}

int class_of(const std::string& type) {
    if (type == "PER") return 1;
    if (type == "ORG") return 2;
    if (type == "LOC") return 3;
    return 4;  // MISC
}

std::uint8_t tag_of(int cls, bool begin) {
    return static_cast<std::uint8_t>(2 * cls - (begin ? 1 : 0));
}

}  // namespace

std::vector<Sentence> read_conll(const std::string& path) {
    std::ifstream in = open(path);
    std::vector<Sentence> out;
    Sentence cur;
    int doc = 0;
    int prev_cls = 0;
    std::string line;
    auto flush = [&] {
        if (!cur.words.empty()) {
            cur.doc = doc;
            out.push_back(std::move(cur));
        }
        cur = Sentence{};
        prev_cls = 0;
    };
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) {
            flush();
            continue;
        }
        std::istringstream fields(line);
        std::string word, pos, chunk, ner;
        fields >> word >> pos >> chunk >> ner;
        if (word == "-DOCSTART-") {
            flush();
            ++doc;
            continue;
        }
        if (ner.empty()) throw RuntimeError(path + ": line without an NER column: " + line);
        std::uint8_t tag = Tag::O;
        int cls = 0;
        if (ner != "O") {
            cls = class_of(ner.substr(2));
            tag = tag_of(cls, ner[0] == 'B' || prev_cls != cls);  // IOB1 → BIO
        }
        prev_cls = cls;
        cur.words.push_back(entities::fold_word(word));
        cur.tags.push_back(tag);
    }
    flush();
    return out;
}

namespace {

// Splits one CSV line into fields (RFC 4180 quotes).
std::vector<std::string> csv_fields(const std::string& line) {
    std::vector<std::string> f(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                f.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                f.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            f.emplace_back();
        } else {
            f.back() += c;
        }
    }
    return f;
}

bool is_title(const std::string& w, const entities::Lexicon& lex, std::string& scratch) {
    if (w == "Mr." || w == "Mrs." || w == "Ms." || w == "Dr." || w == "Mr" || w == "Mrs")
        return true;
    if (w.size() > 1 && w.back() == '.') return true;  // "Gen.", "Sen."
    return lex.is_common_word(entities::lower_hash(w, scratch));
}

}  // namespace

std::vector<Sentence> read_gmb(const std::string& path, const entities::Lexicon& lexicon) {
    std::ifstream in = open(path);
    std::vector<Sentence> out;
    struct Raw {
        std::string word, pos, tag;
    };
    std::vector<Raw> raw;
    std::string scratch;
    auto flush = [&] {
        if (raw.empty()) return;
        Sentence s;
        s.doc = static_cast<int>(out.size());  // GMB has no documents: one per sentence
        s.domain = 1;
        int prev_cls = 0;
        bool in_title = false;  // inside the leading titles of a per span being dropped
        for (std::size_t i = 0; i < raw.size(); ++i) {
            const Raw& r = raw[i];
            int cls = 0;
            bool begin = false;
            if (r.tag.size() > 2) {
                const std::string type = r.tag.substr(2);
                begin = r.tag[0] == 'B';
                if (type == "geo")
                    cls = 3;
                else if (type == "gpe")
                    cls = (r.pos == "NNP") ? 3 : 4;
                else if (type == "per")
                    cls = 1;
                else if (type == "org")
                    cls = 2;
                else if (type == "art" || type == "eve" || type == "nat")
                    cls = 4;
            }
            if (cls == 1 && (begin || in_title) && is_title(r.word, lexicon, scratch)) {
                in_title = true;  // "President" / "Mr." before the name: not part of it
                cls = 0;
            } else if (cls == 1 && in_title) {
                begin = true;
                in_title = false;
            } else {
                in_title = false;
            }
            std::uint8_t tag = Tag::O;
            if (cls) tag = tag_of(cls, begin || prev_cls != cls);
            prev_cls = cls;
            s.words.push_back(entities::fold_word(r.word));
            s.tags.push_back(tag);
        }
        out.push_back(std::move(s));
        raw.clear();
    };
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::vector<std::string> f = csv_fields(line);
        if (f.size() < 4) continue;
        if (!f[0].empty()) flush();
        raw.push_back({f[1], f[2], f[3]});
    }
    flush();
    return out;
}

}  // namespace newsdesk::ner_tool
