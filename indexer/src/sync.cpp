#include "sync.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "document.hpp"
#include "newsdesk/internal/schema.hpp"
#include "newsdesk/internal/stored.hpp"
#include "newsdesk/internal/text.hpp"
#include "stories.hpp"
#include "sync_state.hpp"
#include "walk.hpp"
#include "writers.hpp"

namespace newsdesk::indexer {

namespace fs = std::filesystem;

// ---- RunContext ----------------------------------------------------------------------------

RunContext::RunContext(IndexReport& r, const IndexCallbacks& callbacks, RunLog& log, bool verbose)
    : report(r),
      callbacks_(callbacks),
      log_(log),
      verbose_(verbose),
      start_(std::chrono::steady_clock::now()) {}

void RunContext::problem(IndexProblem p) {
    if (p.known) ++report.known;
    if (!p.known || verbose_) {
        log_.line(p.to_string());
        if (callbacks_.warning) callbacks_.warning(p);
    }
    report.problems.push_back(std::move(p));
}

void RunContext::remember_last_run(const std::string& last_run_json) {
    last_run_problems_.clear();
    const nlohmann::json run = nlohmann::json::parse(last_run_json, nullptr, false);
    if (!run.is_object() || !run.contains("problems") || !run["problems"].is_array()) return;
    for (const auto& p : run["problems"])
        if (p.is_string()) last_run_problems_.insert(p.get<std::string>());
}

bool RunContext::reported_last_run(const IndexProblem& p) const {
    return last_run_problems_.count(p.to_string()) > 0;
}

bool RunContext::stop_requested() const {
    return callbacks_.should_stop && callbacks_.should_stop();
}

void RunContext::progress(std::size_t done, std::size_t total) const {
    if (!callbacks_.progress) return;
    IndexProgress p;
    p.files_done = done;
    p.files_total = total;
    p.articles = report.added + report.updated;
    p.seconds = elapsed();
    callbacks_.progress(p);
}

double RunContext::elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

// ---- the walk ------------------------------------------------------------------------------

namespace {

std::string absolute_normal(const fs::path& p) {
    std::error_code ec;
    fs::path a = fs::absolute(p, ec);
    return (ec ? p : a).lexically_normal().string();
}

// The XF-term prefix of everything at or under `abs`.
std::string term_prefix(const std::string& abs) {
    return std::string(schema::kFile) + abs;
}

// True when the XF term `term` names `abs` itself or a file below it.
bool term_under(const std::string& term, const std::string& abs) {
    const std::string base = term_prefix(abs);
    if (term.compare(0, base.size(), base) != 0) return false;
    return term.size() == base.size() || base.back() == '/' || term[base.size()] == '/';
}

// Every XF term at or under `abs` in `db`, with `f(term)`; stops when f returns false.
template <typename F>
void for_each_file_term(const Xapian::Database& db, const std::string& abs, F&& f) {
    const std::string base = term_prefix(abs);
    for (auto t = db.allterms_begin(base); t != db.allterms_end(base); ++t) {
        if (term_under(*t, abs) && !f(*t)) return;
    }
}

std::size_t files_indexed_under(const Xapian::Database& db, const std::string& abs) {
    std::size_t n = 0;
    for_each_file_term(db, abs, [&](const std::string&) {
        ++n;
        return true;
    });
    return n;
}

}  // namespace

Plan walk_roots(const IndexParams& params) {
    const std::vector<std::string>& roots = params.paths;
    Plan plan;
    std::unordered_set<std::string> seen;
    const std::string db_abs = absolute_normal(params.db);
    for (const auto& root : roots) {
        std::error_code ec;
        if (fs::is_directory(root, ec)) plan.dir_roots.push_back(absolute_normal(root));
    }
    walk(
        roots,
        [&](const fs::path& path) {
            WalkedFile f;
            f.path = path;
            f.abs = absolute_normal(path);
            f.term = file_term(f.abs);
            if (term_under(f.term, db_abs)) return;   // the database itself
            if (!seen.insert(f.term).second) return;  // overlapping roots
            struct stat st {};
            if (::stat(path.c_str(), &st) == 0) {
                f.stat_ok = true;
                f.size = static_cast<std::uint64_t>(st.st_size);
                f.mtime_ns =
                    static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
            }
            plan.files.push_back(std::move(f));
        },
        [&](const IndexProblem& p) {
            plan.protected_paths.push_back(absolute_normal(p.path));
            plan.walk_problems.push_back(p);
        },
        WalkFilter(params.exclude, params.include_readmes), &plan.excluded);
    return plan;
}

std::size_t finish_plan(Plan& plan, const Xapian::Database& db, RunContext& ctx) {
    std::size_t kept = 0;
    ctx.report.excluded += plan.excluded;
    for (std::size_t i = 0; i < plan.walk_problems.size(); ++i) {
        IndexProblem p = plan.walk_problems[i];
        const std::size_t n = files_indexed_under(db, plan.protected_paths[i]);
        if (n) {
            p.reason += "; its " + std::to_string(n) + " indexed file" + (n == 1 ? "" : "s") +
                        " stay in the index";
        }
        kept += n;
        ++ctx.report.failed;
        p.known = ctx.reported_last_run(p);
        ctx.problem(std::move(p));
    }
    // A directory root with no file at all, where files were indexed: most likely an archive
    // that is not mounted. Deleting would empty the index; keep everything and say so.
    for (const auto& root : plan.dir_roots) {
        const bool has_files = std::any_of(plan.files.begin(), plan.files.end(),
                                           [&](const auto& f) { return term_under(f.term, root); });
        if (has_files) continue;
        const std::size_t n = files_indexed_under(db, root);
        if (n == 0) continue;
        plan.protected_paths.push_back(root);
        kept += n;
        ++ctx.report.failed;
        IndexProblem p{root, 0,
                       "directory is empty, but " + std::to_string(n) + " file" +
                           (n == 1 ? " was" : "s were") +
                           " indexed from it: keeping them (not mounted?); to drop them, "
                           "run with --rebuild without this path"};
        p.known = ctx.reported_last_run(p);
        ctx.problem(std::move(p));
    }
    return kept;
}

// ---- the sync ------------------------------------------------------------------------------

namespace {

constexpr std::size_t kMaxProblemsReplayed = 1000;

std::optional<FileRecord> read_record(const Xapian::Database& db, const std::string& term) {
    std::string data = db.get_metadata(record_key_for_term(term));
    if (data.empty()) return std::nullopt;
    return decode(data);
}

// The new key of an article whose file moved from `from` to `to`: keys naming the file (plain
// text, HTML, a JSON Lines record without URL: "path:line") follow it; URLs stay.
std::string moved_key(const std::string& key, const std::string& from, const std::string& to) {
    if (key == from) return to;
    if (key.size() > from.size() && key.compare(0, from.size(), from) == 0 &&
        key[from.size()] == ':') {
        return to + key.substr(from.size());
    }
    return key;
}

class Syncer {
  public:
    Syncer(ShardSet& shards, const Plan& plan, const IndexParams& params, const ReadFile& read,
           RunContext& ctx)
        : shards_(shards),
          db_(shards.all()),
          meta_(shards.meta()),
          plan_(plan),
          params_(params),
          read_(read),
          ctx_(ctx),
          report_(ctx.report),
          main_parser_(read, params.max_file_size) {}

    void run() {
        classify();
        find_vanished();
        if (!ctx_.stop_requested()) detect_moves();
        apply_jobs();
        if (!report_.interrupted && !params_.keep_deleted) delete_vanished();
    }

  private:
    // Unchanged files are counted from their records; the others become jobs.
    void classify() {
        for (const auto& f : plan_.files) {
            ++report_.files_seen;
            std::optional<FileRecord> rec = read_record(meta_, f.term);
            if (rec && f.stat_ok && rec->mtime_ns != 0 && rec->size == f.size &&
                rec->mtime_ns == f.mtime_ns &&
                (rec->outcome == FileRecord::Outcome::ok ||
                 rec->max_file_size == params_.max_file_size)) {
                replay(f.path.string(), *rec);
                continue;
            }
            FileJob job;
            job.path = f.path;
            job.abs = f.abs;
            job.term = f.term;
            job.size = f.size;
            job.mtime_ns = f.stat_ok ? f.mtime_ns : 0;
            job.old = std::move(rec);
            jobs_.push_back(std::move(job));
            if (!f.stat_ok) jobs_.back().size = 0;
        }
    }

    // Counts an unchanged file as the last run did: its articles, and its problems again.
    void replay(const std::string& path, const FileRecord& rec) {
        report_.unchanged += rec.articles.size();
        if (rec.outcome == FileRecord::Outcome::skipped) {
            ++report_.skipped;
        } else {
            report_.skipped += rec.records_skipped;
            report_.failed += rec.records_failed;
        }
        // Reported when the file was read; the file is unchanged: known.
        for (const auto& p : rec.problems) {
            if (replayed_problems_++ >= kMaxProblemsReplayed) break;
            IndexProblem known{path, p.line, p.reason};
            known.known = true;
            ctx_.problem(std::move(known));
        }
    }

    bool is_protected(const std::string& term) const {
        return std::any_of(plan_.protected_paths.begin(), plan_.protected_paths.end(),
                           [&](const std::string& p) { return term_under(term, p); });
    }

    // Files indexed (documents or records) under the directory roots that the walk did not see.
    void find_vanished() {
        std::unordered_set<std::string> walked;
        walked.reserve(plan_.files.size());
        for (const auto& f : plan_.files)
            walked.insert(f.term);
        for (const auto& root : plan_.dir_roots) {
            if (is_protected(term_prefix(root))) continue;
            auto consider = [&](const std::string& term) {
                if (term_under(term, root) && !walked.count(term) && !is_protected(term)) {
                    vanished_.insert(term);
                }
            };
            for_each_file_term(db_, root, [&](const std::string& term) {
                consider(term);
                return true;
            });
            const std::string keys = record_key_for_term(term_prefix(root));
            for (auto k = meta_.metadata_keys_begin(keys); k != meta_.metadata_keys_end(keys);
                 ++k) {
                consider(term_for_record_key(*k));
            }
        }
    }

    // A new file with exactly the bytes of a vanished one is that file, moved: its documents
    // are re-pointed at the new path (no parsing, no story detection; ids follow keys).
    void detect_moves() {
        if (vanished_.empty()) return;
        std::unordered_multimap<std::uint64_t, FileRecord> by_size;
        for (const auto& term : vanished_) {
            std::optional<FileRecord> rec = read_record(meta_, term);
            if (rec && rec->outcome == FileRecord::Outcome::ok && rec->hash != 0 &&
                rec->mtime_ns != 0 && !rec->articles.empty() && file_term(rec->path) == term) {
                by_size.emplace(rec->size, std::move(*rec));
            }
        }
        if (by_size.empty()) return;
        std::vector<FileJob> still;
        for (auto& job : jobs_) {
            if (job.old || job.size == 0 || by_size.count(job.size) == 0 || ctx_.stop_requested()) {
                still.push_back(std::move(job));
                continue;
            }
            std::string bytes;
            const std::uint64_t hash = hash_file(job.path, bytes);
            auto range = by_size.equal_range(job.size);
            auto match = std::find_if(range.first, range.second,
                                      [&](const auto& e) { return e.second.hash == hash; });
            if (hash == 0 || match == range.second) {
                still.push_back(std::move(job));
                continue;
            }
            FileRecord moved = move_file(match->second, job);
            by_size.erase(match);
            // A date taken from the file's time may have changed with it: parse it again
            // (articles whose content is the same are left alone).
            if (moved.uses_mtime && moved.mtime_ns != job.mtime_ns) {
                job.old = std::move(moved);
                still.push_back(std::move(job));
            } else {
                ++report_.files_read;
                report_.updated += moved.articles.size();  // their path changed, nothing else
            }
            maybe_commit();
        }
        jobs_ = std::move(still);
    }

    static std::uint64_t hash_file(const fs::path& path, std::string& bytes) {
        bytes.clear();
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (!f) return 0;
        char buf[65536];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
            bytes.append(buf, n);
        const bool ok = !std::ferror(f);
        std::fclose(f);
        return ok ? content_hash(bytes) : 0;
    }

    FileRecord move_file(const FileRecord& from, const FileJob& to) {
        const std::string old_term = file_term(from.path);
        std::vector<Xapian::docid> docids;
        for (auto p = db_.postlist_begin(old_term); p != db_.postlist_end(old_term); ++p)
            docids.push_back(*p);
        std::unordered_map<std::string, std::string> new_id;
        for (Xapian::docid did : docids) {
            Xapian::Document doc = db_.get_document(did);
            stored::StoredArticle s = stored::decode(doc.get_data());
            const std::string old_id = s.id;
            s.article.key = moved_key(s.article.key, from.path, to.abs);
            s.article.path = to.abs;
            s.id = text::article_id(s.article.key);
            new_id[old_id] = s.id;
            Xapian::docid target = did;
            if (s.id != old_id) {
                const std::string t = id_term(s.id);
                std::vector<Xapian::docid> clash;
                for (auto p = db_.postlist_begin(t); p != db_.postlist_end(t); ++p)
                    clash.push_back(*p);
                for (Xapian::docid c : clash) {
                    if (c != did) shards_.remove(c);
                }
                remove_term(doc, id_term(old_id));
                doc.add_boolean_term(t);
                // Its new id may belong in another shard: there it is a new document.
                const unsigned shard = shards_.shard_of(s.id);
                if (shard != shards_.shard_of_docid(did)) {
                    shards_.remove(did);
                    target = shards_.next_docid(shard);
                }
            }
            remove_term(doc, old_term);
            doc.add_boolean_term(to.term);
            doc.set_data(stored::encode(s));
            shards_.replace(target, doc);
            ++pending_;
        }
        FileRecord rec = from;
        rec.path = to.abs;
        rec.size = to.size;
        rec.mtime_ns = to.mtime_ns;
        for (auto& a : rec.articles) {
            auto it = new_id.find(a.id);
            if (it != new_id.end()) a.id = it->second;
        }
        meta_.set_metadata(record_key_for_term(to.term), encode(rec));
        meta_.set_metadata(record_key_for_term(old_term), "");
        vanished_.erase(old_term);
        ++report_.moved;
        ++pending_;
        return rec;
    }

    static void remove_term(Xapian::Document& doc, const std::string& term) {
        auto t = doc.termlist_begin();
        t.skip_to(term);
        if (t != doc.termlist_end() && *t == term) doc.remove_term(term);
    }

    void apply_jobs() {
        if (jobs_.empty()) return;
        // Story detection holds what it compares articles with in memory: loaded now, before
        // the writers start (from then on only they touch the shards), what the moves wrote
        // committed first (the detector reads the rest of what it needs as committed).
        if (pending_) commit();
        stories_.load(db_, shards_.open_reader());
        ParsePipeline pipeline(jobs_, params_.threads, read_, params_.max_file_size);
        ShardWriters writers(shards_);
        writers_ = &writers;
        std::size_t done = 0;
        ctx_.progress(0, jobs_.size());
        for (;;) {
            if (ctx_.stop_requested()) {
                report_.interrupted = true;
                break;
            }
            std::optional<ParsedFile> parsed = pipeline.next();
            if (!parsed) break;
            apply(jobs_[done], *parsed, static_cast<std::uint32_t>(done + 1));
            ++done;
            maybe_commit();
            ctx_.progress(done, jobs_.size());
        }
        writers.finish();
        writers_ = nullptr;
        // Replacements the writers found to be the same document were counted as updated.
        report_.updated -= writers.unchanged();
        report_.unchanged += writers.unchanged();
        report_.deleted += writers.deleted();
    }

    void apply(const FileJob& job, ParsedFile& parsed, std::uint32_t file) {
        const std::string path = job.path.string();
        ++report_.files_read;
        if (parsed.touched) {
            replay(path, parsed.record);
            writers_->set_metadata(record_key_for_term(job.term), encode(parsed.record));
            ++pending_;
            return;
        }
        const bool failed = parsed.outcome == ingest::Outcome::failed;
        for (auto& p : parsed.problems) {
            // A failed file is read again each run: the same failure as last run is known.
            p.known = failed && ctx_.reported_last_run(p);
            ctx_.problem(std::move(p));
        }
        if (failed) {
            // Could not read it now: keep what was indexed from it, try again next run.
            ++report_.failed;
            return;
        }
        if (parsed.outcome == ingest::Outcome::skipped) {
            ++report_.skipped;
        } else {
            report_.skipped += parsed.records_skipped;
            report_.failed += parsed.records_failed;
        }

        std::vector<Xapian::docid> keep;
        std::unordered_set<std::string> ids;
        for (auto& pa : parsed.articles) {
            ids.insert(pa.stored.id);
            const Xapian::docid existing = stories_.docid_of(pa.stored.id);
            if (pa.unchanged && existing) {
                ++report_.unchanged;
                keep.push_back(existing);
                continue;
            }
            if (pa.unchanged) {  // lost meanwhile
                pa.doc = main_parser_.build(pa.stored);
                pa.story = story_features(pa.doc, pa.stored.article.text);
            }
            // A changed article replaces itself in place; a new one comes after every other.
            const Xapian::docid did =
                existing ? existing : shards_.next_docid(shards_.shard_of(pa.stored.id));
            stories_.assign(pa.stored, pa.doc, pa.story, did, file);
            if (existing) {
                ++report_.updated;  // unless the writer finds the same document (finish())
                writers_->replace(did, std::move(pa.doc));
            } else {
                ++report_.added;
                writers_->add(did, std::move(pa.doc));
            }
            keep.push_back(did);
            ++pending_;
        }
        // Documents of this file that it no longer holds: removed JSON Lines records, articles
        // of a file that is now skipped, leftovers of an interrupted run.
        writers_->remove_others(job.term, keep);
        if (job.old) {
            for (const auto& a : job.old->articles)
                if (!ids.count(a.id)) stories_.forget(a.id, file);
        }
        writers_->set_metadata(record_key_for_term(job.term), encode(parsed.record));
        ++pending_;
    }

    void delete_vanished() {
        for (const auto& term : vanished_) {
            if (ctx_.stop_requested()) {
                report_.interrupted = true;
                return;
            }
            const Xapian::doccount n = db_.get_termfreq(term);
            if (n) {
                shards_.remove_term(term);
                report_.deleted += n;
                pending_ += n;
            }
            meta_.set_metadata(record_key_for_term(term), "");
            ++pending_;
            maybe_commit();
        }
    }

    // A full batch is committed, but not sooner than IndexParams::commit_interval after the
    // run's previous commit (the first goes out at once, with the run-in-progress marker).
    void maybe_commit() {
        if (pending_ < params_.batch_size) return;
        const auto now = std::chrono::steady_clock::now();
        if (last_commit_ &&
            std::chrono::duration<double>(now - *last_commit_).count() < params_.commit_interval)
            return;
        commit();
        last_commit_ = now;
    }

    void commit() {
        if (writers_) {
            writers_->commit();
        } else {
            shards_.commit();
        }
        ++report_.commits;
        pending_ = 0;
    }

    ShardSet& shards_;
    const Xapian::Database& db_;  ///< every shard, as one database
    Xapian::WritableDatabase& meta_;
    const Plan& plan_;
    const IndexParams& params_;
    const ReadFile& read_;
    RunContext& ctx_;
    IndexReport& report_;
    FileParser main_parser_;
    StoryDetector stories_;
    ShardWriters* writers_ = nullptr;  ///< while apply_jobs() runs: the only way to the shards
    std::vector<FileJob> jobs_;
    std::set<std::string> vanished_;  ///< XF terms, in order
    std::size_t pending_ = 0;         ///< changes since the last commit
    std::optional<std::chrono::steady_clock::time_point> last_commit_;  ///< by maybe_commit()
    std::size_t replayed_problems_ = 0;
};

}  // namespace

void sync(ShardSet& shards, const Plan& plan, const IndexParams& params, const ReadFile& read,
          RunContext& ctx) {
    Syncer(shards, plan, params, read, ctx).run();
}

}  // namespace newsdesk::indexer
