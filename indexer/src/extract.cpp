// extract_entities(): the indexer's call into the entity extractor.
#include <algorithm>
#include <string>
#include <string_view>

#include "newsdesk/entities.hpp"
#include "newsdesk/indexer.hpp"

namespace newsdesk {

namespace {

// How far into the body a title made from the body's first sentence may start (after a
// dateline, say): such a title is not extracted twice.
constexpr std::size_t kTitleSearchBytes = 400;

}  // namespace

void extract_entities(Article& a) {
    a.entities.clear();
    a.title_entities.clear();
    const EntityExtractor& extractor = EntityExtractor::builtin();
    const std::string_view head(a.text.data(),
                                std::min(a.text.size(), kTitleSearchBytes + a.title.size()));
    if (a.title.empty() || head.find(a.title) != std::string_view::npos) {
        a.entities = extractor.extract(a.text);
        return;
    }
    // A headline of its own: extracted with the body (a blank line apart, so it is a sentence of
    // its own) so that its names inform the merging, and names the body resolves ("Blair" in
    // the headline, Tony Blair below) are the same entity; its mentions are kept apart.
    std::string joined;
    joined.reserve(a.title.size() + 2 + a.text.size());
    joined += a.title;
    joined += "\n\n";
    const std::size_t offset = joined.size();
    joined += a.text;
    std::vector<EntityMention> mentions = extractor.extract(joined);
    a.entities.reserve(mentions.size());
    for (auto& m : mentions) {
        if (m.start < offset) {
            if (m.end <= a.title.size()) a.title_entities.push_back(std::move(m));
            continue;
        }
        m.start -= offset;
        m.end -= offset;
        a.entities.push_back(std::move(m));
    }
}

}  // namespace newsdesk
