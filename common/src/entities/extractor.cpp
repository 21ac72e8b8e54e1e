#include <algorithm>
#include <fstream>
#include <sstream>

#include "extractor_impl.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk {

EntityExtractor::Impl::Impl(const ExtractorData& data)
    : lexicon(data.gazetteers, data.common_words), model(data.model), aliases(data.aliases) {
    if (model.feature_version() != entities::kFeatureVersion)
        throw RuntimeError("NER model was trained with feature version " +
                           std::to_string(model.feature_version()) + ", this build has " +
                           std::to_string(entities::kFeatureVersion) +
                           ": retrain with scripts/train-ner.sh");
}

void EntityExtractor::Impl::truecase_headline(entities::Document& doc, std::size_t from,
                                              std::size_t to) const {
    // A sentence in title case ("North Korea Sends Foreign Minister To Russia Amid Reports Of
    // Troop Deployment") hides which words are names. The tagger learnt case from prose (and
    // from all-caps headlines), so common words of such a line are shown to it in lowercase.
    std::size_t words = 0, title = 0, lower = 0;
    for (std::size_t k = from + 1; k < to; ++k) {
        const std::string_view w = doc.tokens[k].norm;
        if (w.empty() || !((w[0] >= 'a' && w[0] <= 'z') || (w[0] >= 'A' && w[0] <= 'Z'))) continue;
        ++words;
        if (w[0] >= 'A' && w[0] <= 'Z') {
            bool rest_lower = true;
            for (char c : w.substr(1))
                rest_lower = rest_lower && !(c >= 'A' && c <= 'Z');
            title += rest_lower;
        } else {
            ++lower;
        }
    }
    if (words < 4 || lower * 5 > words || title * 2 < words) return;
    std::string scratch;
    for (std::size_t k = from; k < to; ++k) {
        entities::Token& t = doc.tokens[k];
        bool ascii = true;
        for (char c : t.norm)
            ascii = ascii && static_cast<unsigned char>(c) < 0x80;
        if (!ascii || t.norm.empty() || !(t.norm[0] >= 'A' && t.norm[0] <= 'Z')) continue;
        if (!lexicon.is_common_word(entities::lower_hash(t.norm, scratch))) continue;
        const std::size_t at = doc.truecased.size();
        doc.truecased += scratch;
        t.norm = std::string_view(doc.truecased.data() + at, scratch.size());
    }
}

void EntityExtractor::Impl::analyse(std::string_view text, entities::Document& doc) const {
    using namespace entities;
    doc.text = text;
    tokenize(text, doc.tokens, doc.arena);
    const std::size_t n = doc.tokens.size();
    doc.info.resize(n);
    doc.tags.assign(n, Tag::O);
    doc.truecased.clear();
    doc.truecased.reserve(text.size());  // ASCII lowercasing keeps lengths: views stay valid
    FeatureScratch fs;
    DecodeScratch ds;
    std::size_t i = 0;
    while (i < n) {
        // One sentence at a time; very long runs without a break are cut (memory stays bounded
        // by the text, and the tagger never saw such sentences anyway).
        std::size_t j = i + 1;
        while (j < n && !doc.tokens[j].sentence_start && j - i < 256)
            ++j;
        const std::size_t len = j - i;
        truecase_headline(doc, i, j);
        featurizer.sentence(doc.tokens.data() + i, len, fs);
        ds.emissions.assign(len * kTags, 0.0f);
        model.sentence_scores(fs.keys.data(), fs.offsets.data(), len, ds.emissions.data());
        viterbi(ds.emissions.data(), len, model.start(), model.trans(), doc.tags.data() + i, ds);
        std::copy(fs.info.begin(), fs.info.begin() + static_cast<std::ptrdiff_t>(len),
                  doc.info.begin() + static_cast<std::ptrdiff_t>(i));
        i = j;
    }
}

namespace {

std::vector<EntityMention> to_mentions(std::string_view text,
                                       const std::vector<entities::Candidate>& cs) {
    std::vector<EntityMention> out;
    out.reserve(cs.size());
    for (const auto& c : cs) {
        EntityMention m;
        m.type = c.type;
        m.start = c.start;
        m.end = c.end;
        m.text = std::string(text.substr(c.start, c.end - c.start));
        m.canonical = c.canonical;
        out.push_back(std::move(m));
    }
    std::sort(out.begin(), out.end(), [](const EntityMention& a, const EntityMention& b) {
        return a.start != b.start ? a.start < b.start : a.end < b.end;
    });
    return out;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw RuntimeError(path + ": cannot open (is this a newsdesk data/ directory?)");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

EntityExtractor::EntityExtractor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EntityExtractor::~EntityExtractor() = default;

const EntityExtractor& EntityExtractor::builtin() {
    static const EntityExtractor instance(
        std::make_unique<Impl>(entities::embedded::data()));  // thread-safe initialisation
    return instance;
}

std::unique_ptr<EntityExtractor> EntityExtractor::from_directory(const std::string& dir) {
    const std::string model = slurp(dir + "/ner/model.bin");
    const std::string common = slurp(dir + "/ner/common-words.txt");
    const std::string aliases = slurp(dir + "/aliases.txt");
    std::vector<std::string> gaz;
    ExtractorData d{model, common, aliases, {}};
    for (const auto& f : entities::kGazetteerFiles)
        gaz.push_back(slurp(dir + "/gazetteers/" + f.file));
    for (std::size_t i = 0; i < gaz.size(); ++i)
        d.gazetteers.push_back({entities::kGazetteerFiles[i].cls, gaz[i]});
    return std::unique_ptr<EntityExtractor>(new EntityExtractor(std::make_unique<Impl>(d)));
}

std::vector<EntityMention> EntityExtractor::extract(std::string_view text) const {
    entities::Document doc;
    impl_->analyse(text, doc);
    std::vector<entities::Candidate> cs = impl_->canonicaliser.mentions(doc);
    impl_->canonicaliser.merge(doc, cs);
    return to_mentions(text, cs);
}

std::vector<EntityMention> EntityExtractor::extract_unmerged(std::string_view text) const {
    entities::Document doc;
    impl_->analyse(text, doc);
    return to_mentions(text, impl_->canonicaliser.mentions(doc));
}

std::string EntityExtractor::resolve_alias(EntityType type, std::string_view value) const {
    const std::string key = text::entity_key(value);
    if (const entities::Alias* a = impl_->aliases.find(key); a && a->type == type)
        return a->canonical;
    return std::string(value);
}

namespace {

// The embedded alias table on its own: a searcher resolving filters and synonyms need not load
// the tagger.
const entities::Aliases& builtin_aliases() {
    static const entities::Aliases aliases(entities::embedded::data().aliases);
    return aliases;
}

}  // namespace

const std::vector<AliasEntry>& alias_table() {
    return builtin_aliases().entries();
}

std::string resolve_alias(EntityType type, std::string_view value) {
    if (const entities::Alias* a = builtin_aliases().find(text::entity_key(value));
        a && a->type == type)
        return a->canonical;
    return std::string(value);
}

}  // namespace newsdesk
