// Fuzz target: the query language through the whole search path (parsing, synonyms, ranking,
// counting, facets, snippets, spelling) on a small in-memory index. A query either answers or is
// refused with UsageError; nothing else may escape, and the answer's strings are valid UTF-8.
#include <xapian.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "document.hpp"
#include "engine.hpp"
#include "newsdesk/entities.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/internal/stored.hpp"
#include "newsdesk/internal/text.hpp"

using namespace newsdesk;

namespace {

searcher::Engine& engine() {
    static Xapian::WritableDatabase db = [] {
        Xapian::WritableDatabase d(std::string(), Xapian::DB_BACKEND_INMEMORY);
        indexer::DocumentBuilder builder;
        const char* kArticles[][3] = {
            {"kursk", "Troops enter Kursk",
             "Ukrainian troops entered the Kursk region on Tuesday."},
            {"nato", "NATO chief meets Choe Son-hui",
             "NATO chief Mark Rutte met Choe Son-hui in Brussels, officials said."},
            {"dprk", "North Korea tests missile",
             "North Korea (DPRK) fired a missile on 2024-10-31."},
            {"rain", "Rain in Zürich", "Heavy rain fell in Zürich; the U.S. embassy closed."},
        };
        const char* kDates[] = {"2024-10-01", "2024-10-15", "2024-10-31", ""};
        int i = 0;
        for (const auto& a : kArticles) {
            stored::StoredArticle s;
            s.id = text::article_id(a[0]);
            s.article.key = a[0];
            s.article.path = std::string("/") + a[0] + ".txt";
            s.article.title = a[1];
            s.article.text = a[2];
            s.article.date = kDates[i++];
            s.article.entities = EntityExtractor::builtin().extract(s.article.text);
            d.replace_document(indexer::id_term(s.id), builder.build(s));
        }
        d.commit();
        return d;
    }();
    static searcher::Engine e(db);
    return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    SearchRequest req;
    req.query.assign(reinterpret_cast<const char*>(data), size);
    req.time_limit_ms = 1000;
    try {
        SearchResults r = engine().run(req);
        for (const Hit& h : r.hits) {
            if (!text::is_valid_utf8(h.snippet) || !text::is_valid_utf8(h.title)) std::abort();
        }
    } catch (const UsageError&) {
    }
    return 0;
}
