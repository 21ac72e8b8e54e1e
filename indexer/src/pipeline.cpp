#include "pipeline.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <unordered_map>

#include "ingest/ingest.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::indexer {

namespace {

// Files a worker may run ahead of the writer, per thread, and bytes in flight in all.
constexpr std::size_t kFilesAheadPerThread = 16;
constexpr std::uint64_t kMaxBytesInFlight = 4u << 20;

bool same_stat(const std::filesystem::path& path, const FileJob& job) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    const std::int64_t mtime =
        static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return static_cast<std::uint64_t>(st.st_size) == job.size && mtime == job.mtime_ns;
}

}  // namespace

std::uint64_t article_content_hash(const Article& a) {
    stored::StoredArticle s;
    s.article = a;
    s.article.key.clear();
    s.article.path.clear();
    s.article.line = 0;
    return text::fnv1a64(stored::encode(s));
}

Xapian::Document FileParser::build(const stored::StoredArticle& s) {
    return builder_.build(s);
}

ParsedFile FileParser::parse(const FileJob& job) {
    ParsedFile out;
    FileRecord& rec = out.record;
    rec.path = job.abs;
    rec.size = job.size;
    rec.mtime_ns = job.mtime_ns;
    rec.max_file_size = max_file_size_;

    // Hash first: a file whose time changed but whose bytes did not is not parsed again. The
    // bytes read for the hash are the ones parsed: each file is read once.
    std::string bytes;
    bool have_bytes = false;
    if (job.size <= max_file_size_) {
        // Only a regular file is read here (never a FIFO, socket or device: ingest reports
        // those from their type), and no more of it than --max-file-size allows.
        if (ingest::read_regular_file(job.path, static_cast<std::size_t>(max_file_size_) + 1,
                                      bytes) == ingest::ReadStatus::ok) {
            have_bytes = true;
            rec.hash = content_hash(bytes);
            if (bytes.size() != job.size) rec.mtime_ns = 0;  // changing under us: re-check
            const FileRecord* old = job.old ? &*job.old : nullptr;
            if (old && old->hash == rec.hash && rec.hash != 0 && !old->uses_mtime &&
                (old->outcome == FileRecord::Outcome::ok || old->max_file_size == max_file_size_)) {
                out.touched = true;
                rec.outcome = old->outcome;
                rec.uses_mtime = old->uses_mtime;
                rec.records_skipped = old->records_skipped;
                rec.records_failed = old->records_failed;
                rec.articles = old->articles;
                rec.problems = old->problems;
                return out;
            }
        }
    }

    ingest::FileResult r = read_(job.path, have_bytes ? &bytes : nullptr);
    if (!same_stat(job.path, job)) rec.mtime_ns = 0;
    out.outcome = r.outcome;
    out.problems = std::move(r.problems);
    out.records_skipped = r.records_skipped;
    out.records_failed = r.records_failed;
    rec.outcome = r.outcome == ingest::Outcome::skipped ? FileRecord::Outcome::skipped
                                                        : FileRecord::Outcome::ok;
    rec.records_skipped = static_cast<std::uint32_t>(r.records_skipped);
    rec.records_failed = static_cast<std::uint32_t>(r.records_failed);
    for (const auto& p : out.problems)
        rec.problems.push_back({p.line, p.reason});
    if (r.outcome != ingest::Outcome::ok) return out;

    std::unordered_map<std::string, std::uint64_t> before;
    if (job.old) {
        for (const auto& a : job.old->articles)
            before.emplace(a.id, a.content_hash);
    }
    std::unordered_map<std::string, std::size_t> slot;  // id -> index in rec.articles
    out.articles.reserve(r.articles.size());
    for (auto& a : r.articles) {
        ParsedArticle pa;
        pa.stored.id = text::article_id(a.key);
        pa.stored.article = std::move(a);
        pa.content_hash = article_content_hash(pa.stored.article);
        auto it = before.find(pa.stored.id);
        pa.unchanged = it != before.end() && it->second == pa.content_hash;
        if (!pa.unchanged) {
            pa.doc = builder_.build(pa.stored);
            pa.story = story_features(pa.doc, pa.stored.article.text);
        }
        if (pa.stored.article.date_source == DateSource::mtime) rec.uses_mtime = true;
        // Two records with one key (a URL given twice): the later one is what gets stored.
        auto [s, fresh] = slot.emplace(pa.stored.id, rec.articles.size());
        if (fresh) {
            rec.articles.push_back({pa.stored.id, pa.content_hash});
        } else {
            rec.articles[s->second].content_hash = pa.content_hash;
        }
        out.articles.push_back(std::move(pa));
    }
    return out;
}

ParsePipeline::ParsePipeline(const std::vector<FileJob>& jobs, unsigned threads,
                             const ReadFile& read, std::uintmax_t max_file_size)
    : jobs_(jobs), read_(read), max_file_size_(max_file_size) {
    if (threads == 0) {
        inline_parser_ = std::make_unique<FileParser>(read_, max_file_size_);
        return;
    }
    threads = static_cast<unsigned>(
        std::min<std::size_t>(threads, std::max<std::size_t>(jobs.size(), 1)));
    for (unsigned i = 0; i < threads; ++i)
        workers_.emplace_back([this] { work(); });
}

ParsePipeline::~ParsePipeline() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
    }
    work_cv_.notify_all();
    for (auto& t : workers_)
        t.join();
}

bool ParsePipeline::may_start(std::size_t index) const {
    if (index >= jobs_.size()) return false;
    if (index == consumed_) return true;  // the one the writer waits for: always
    return index < consumed_ + kFilesAheadPerThread * workers_.size() &&
           bytes_in_flight_ + cost(index) <= kMaxBytesInFlight;
}

std::uint64_t ParsePipeline::cost(std::size_t index) const {
    return std::min<std::uint64_t>(jobs_[index].size, max_file_size_);
}

void ParsePipeline::work() {
    FileParser parser(read_, max_file_size_);
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
        work_cv_.wait(
            lock, [&] { return stopping_ || next_job_ >= jobs_.size() || may_start(next_job_); });
        if (stopping_ || next_job_ >= jobs_.size()) return;
        const std::size_t index = next_job_++;
        bytes_in_flight_ += cost(index);
        lock.unlock();
        ParsedFile result;
        std::exception_ptr error;
        try {
            result = parser.parse(jobs_[index]);
        } catch (...) {
            error = std::current_exception();
        }
        lock.lock();
        if (error && !error_) error_ = error;
        done_.emplace(index, std::move(result));
        done_cv_.notify_all();
    }
}

std::optional<ParsedFile> ParsePipeline::next() {
    if (consumed_ >= jobs_.size()) return std::nullopt;
    if (inline_parser_) return inline_parser_->parse(jobs_[consumed_++]);
    std::unique_lock<std::mutex> lock(mu_);
    done_cv_.wait(lock, [&] { return error_ || done_.count(consumed_) > 0; });
    if (error_) std::rethrow_exception(error_);
    auto node = done_.extract(consumed_);
    bytes_in_flight_ -= cost(consumed_);
    ++consumed_;
    lock.unlock();
    work_cv_.notify_all();
    return std::move(node.mapped());
}

}  // namespace newsdesk::indexer
