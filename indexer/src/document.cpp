#include "document.hpp"

#include <set>

#include "newsdesk/internal/facets.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/text.hpp"
#include "stories.hpp"

namespace newsdesk::indexer {

namespace {

// Title words count as much as this many body occurrences.
constexpr Xapian::termcount kTitleWdf = 3;

void add_date_terms(Xapian::Document& doc, const std::string& date) {
    if (date.size() != 10) return;
    std::string ymd = date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2);
    doc.add_boolean_term(schema::term(schema::kDay, ymd));
    doc.add_boolean_term(schema::term(schema::kMonth, ymd.substr(0, 6)));
    doc.add_boolean_term(schema::term(schema::kYear, ymd.substr(0, 4)));
    doc.add_value(schema::kSlotDate, ymd);
}

/// "NIS", "N.I.S.": two to eight capital letters, dots allowed.
bool written_as_acronym(const std::string& w) {
    std::size_t letters = 0;
    for (char c : w) {
        if (c >= 'A' && c <= 'Z')
            ++letters;
        else if (c != '.')
            return false;
    }
    return letters >= 2 && letters <= 8;
}

/// The initials of a name of three or more capitalised words, lowercase words skipped:
/// "Securities and Exchange Commission" → "SEC". Empty for other names.
std::string initials(const std::string& name) {
    std::string out;
    bool start = true;
    for (char c : name) {
        if (c == ' ') {
            start = true;
            continue;
        }
        if (start) {
            if (c >= 'A' && c <= 'Z')
                out += c;
            else if (!(c >= 'a' && c <= 'z'))
                return {};
        }
        start = false;
    }
    return out.size() >= 3 && out.size() <= 8 ? out : std::string();
}

}  // namespace

std::string id_term(const std::string& id) {
    return schema::term(schema::kId, id);
}

std::string file_term(const std::string& file_key) {
    return schema::term(schema::kFile, file_key);
}

DocumentBuilder::DocumentBuilder() {
    termgen_.set_stemmer(Xapian::Stem("english"));
    termgen_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

Xapian::Document DocumentBuilder::build(const stored::StoredArticle& s) {
    const Article& a = s.article;
    Xapian::Document doc;
    termgen_.set_document(doc);

    // A headline's words weigh more in the body too; a title that is only the first sentence
    // is indexed once there, as the text it is.
    const std::string title = text::fold_punctuation(a.title);
    const bool headline = !a.title.empty() && !a.title_from_text;
    termgen_.index_text(title, 1, std::string(schema::kTitle));
    if (headline) {
        termgen_.index_text(title, kTitleWdf);
        doc.add_boolean_term(std::string(schema::kHeadline));
    }
    termgen_.increase_termpos();
    termgen_.index_text(text::fold_punctuation(a.text));
    if (!a.byline.empty()) {
        termgen_.increase_termpos();
        termgen_.index_text(text::fold_punctuation(a.byline), 1, std::string(schema::kAuthor));
    }
    // Let go of the document: it goes to another thread, and Xapian's reference counts are not
    // atomic, so the TermGenerator must not keep a handle that its next set_document() drops.
    termgen_.set_document(Xapian::Document());

    doc.add_boolean_term(id_term(s.id));
    doc.add_boolean_term(file_term(a.path));
    if (!a.format.empty()) doc.add_boolean_term(schema::term(schema::kFormat, a.format));
    if (!a.url.empty()) doc.add_boolean_term(schema::term(schema::kUrl, a.url));
    add_date_terms(doc, a.date);

    if (!a.source.empty()) {
        doc.add_boolean_term(schema::term(schema::kSource, text::entity_key(a.source)));
        doc.add_value(schema::kSlotSource, facets::encode_list({a.source}));
    }
    if (!s.story.empty()) {
        doc.add_boolean_term(schema::term(schema::kStory, s.story));
        doc.add_value(schema::kSlotStory, s.story);
    }

    // Entities: one boolean term per distinct entity, and the distinct canonical names per type
    // in that type's value slot (counted by the facet match spy). The headline's first: a name
    // only the headline has is the article's too.
    std::vector<const EntityMention*> mentions;
    mentions.reserve(a.title_entities.size() + a.entities.size());
    for (const auto* list : {&a.title_entities, &a.entities})
        for (const auto& e : *list)
            mentions.push_back(&e);
    for (EntityType type : {EntityType::person, EntityType::org, EntityType::place}) {
        const schema::Facet& facet = schema::facet_for(type);
        std::vector<std::string> names;
        std::set<std::string> keys;
        for (const EntityMention* m : mentions) {
            const EntityMention& e = *m;
            if (e.type != type || e.canonical.empty()) continue;
            std::string key = text::entity_key(e.canonical);
            if (key.empty() || !keys.insert(key).second) continue;
            doc.add_boolean_term(schema::term(facet.prefix, key));
            names.push_back(e.canonical);
        }
        // An acronym as the article wrote it ("NIS", defined in the text as the National
        // Intelligence Service) finds the entity too (org:NIS); it is no facet value of its own.
        // So do an organisation's initials ("National Intelligence Service" → NIS), which is
        // how most articles after the first name it.
        for (const EntityMention* m : mentions) {
            const EntityMention& e = *m;
            if (e.type != type) continue;
            std::string key;
            if (written_as_acronym(e.text))
                key = text::entity_key(e.text);
            else if (type == EntityType::org)
                key = text::entity_key(initials(e.canonical));
            if (!key.empty() && keys.insert(key).second)
                doc.add_boolean_term(schema::term(facet.prefix, key));
        }
        if (!names.empty()) doc.add_value(facet.slot, facets::encode_list(names));
    }

    // The SimHash for story detection: text-only work, done here on the parsing threads.
    doc.add_value(schema::kSlotSimhash, simhash_value(a.text));

    doc.set_data(stored::encode(s));
    return doc;
}

}  // namespace newsdesk::indexer
