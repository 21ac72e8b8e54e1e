#include "newsdesk/indexer.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "document.hpp"
#include "ingest/ingest.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/internal/text.hpp"
#include "store.hpp"
#include "stories.hpp"
#include "walk.hpp"

namespace newsdesk {

std::string default_db_path() {
    const char* env = std::getenv("NEWSDESK_DB");
    return env && *env ? env : "./newsdesk-db";
}

std::string IndexProblem::to_string() const {
    std::string s = path;
    if (line) s += ":" + std::to_string(line);
    return s + ": " + reason;
}

std::string IndexReport::summary() const {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.2f", seconds);
    return std::to_string(files_seen) + " files seen: " + std::to_string(added) + " added, " +
           std::to_string(updated) + " updated, " + std::to_string(unchanged) + " unchanged, " +
           std::to_string(skipped) + " skipped, " + std::to_string(failed) + " failed in " + secs +
           " s";
}

namespace {

using Clock = std::chrono::steady_clock;

void validate(const IndexParams& p) {
    if (p.paths.empty()) throw UsageError("nothing to index: give at least one file or directory");
    if (p.batch_size == 0) throw UsageError("--batch-size must be at least 1");
    if (p.max_file_size == 0) throw UsageError("--max-file-size must be at least 1");
    if (p.db.empty()) throw UsageError("--db must not be empty");
}

// Reads every file under params.paths, calling `article` for each article and counting the
// outcome of each file in `report`.
void ingest_all(const IndexParams& params, const IndexCallbacks& cb, IndexReport& report,
                const std::function<void(Article&&)>& article) {
    auto warn = [&](const IndexProblem& p) {
        report.problems.push_back(p);
        if (cb.warning) cb.warning(p);
    };
    ingest::Options options;
    options.max_file_size = params.max_file_size;
    indexer::walk(
        params.paths,
        [&](const std::filesystem::path& path) {
            ++report.files_seen;
            ingest::FileResult r = ingest::read_file(path, options);
            for (const auto& p : r.problems)
                warn(p);
            switch (r.outcome) {
                case ingest::Outcome::skipped:
                    ++report.skipped;
                    break;
                case ingest::Outcome::failed:
                    ++report.failed;
                    break;
                case ingest::Outcome::ok:
                    // Bad records of a file that still gave articles (JSON Lines) count one each.
                    report.skipped += r.records_skipped;
                    report.failed += r.records_failed;
                    for (auto& a : r.articles)
                        article(std::move(a));
                    break;
            }
        },
        [&](const IndexProblem& p) {
            ++report.failed;
            warn(p);
        });
}

}  // namespace

IndexReport index_paths(const IndexParams& params, const IndexCallbacks& cb) {
    validate(params);
    const auto start = Clock::now();
    IndexReport report;

    indexer::WriterLock lock(params.db);
    Xapian::WritableDatabase db = indexer::open_writable(params.db);
    indexer::DocumentBuilder builder;
    const indexer::StoryDetector stories;
    std::size_t pending = 0;

    try {
        ingest_all(params, cb, report, [&](Article&& a) {
            stored::StoredArticle s;
            s.id = text::article_id(a.key);
            s.article = std::move(a);
            const std::string idterm = indexer::id_term(s.id);
            Xapian::Document doc = builder.build(s);
            stories.assign(db, s, doc);

            Xapian::PostingIterator existing = db.postlist_begin(idterm);
            if (existing != db.postlist_end(idterm)) {
                if (db.get_document(*existing).get_data() == doc.get_data()) {
                    ++report.unchanged;
                    return;
                }
                ++report.updated;
            } else {
                ++report.added;
            }
            db.replace_document(idterm, doc);
            if (++pending >= params.batch_size) {
                db.commit();
                pending = 0;
            }
        });
        db.commit();
    } catch (const Xapian::Error& e) {
        throw RuntimeError("indexing into " + params.db + " failed: " + e.get_description() +
                           " (the database keeps its last committed state)");
    }
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return report;
}

IndexReport dump_paths(const IndexParams& params, const std::function<void(const Article&)>& sink,
                       const IndexCallbacks& cb) {
    if (params.paths.empty()) throw UsageError("nothing to dump: give at least one file");
    const auto start = Clock::now();
    IndexReport report;
    ingest_all(params, cb, report, [&](Article&& a) {
        ++report.added;
        sink(a);
    });
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return report;
}

}  // namespace newsdesk
