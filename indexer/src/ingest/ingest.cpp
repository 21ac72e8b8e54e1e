#include "ingest/ingest.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <regex>

#include "newsdesk/internal/text.hpp"

namespace newsdesk::ingest {

namespace fs = std::filesystem;

namespace {

IndexProblem problem(const fs::path& path, std::string reason) {
    return IndexProblem{path.string(), 0, std::move(reason)};
}

FileResult skip(const fs::path& path, std::string reason) {
    FileResult r;
    r.outcome = Outcome::skipped;
    r.problems.push_back(problem(path, std::move(reason)));
    return r;
}

FileResult fail(const fs::path& path, std::string reason) {
    FileResult r;
    r.outcome = Outcome::failed;
    r.problems.push_back(problem(path, std::move(reason)));
    return r;
}

std::string date_of(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

bool looks_binary(std::string_view bytes) {
    std::size_t probe = std::min<std::size_t>(bytes.size(), 8192);
    std::size_t control = 0;
    for (std::size_t i = 0; i < probe; ++i) {
        auto c = static_cast<unsigned char>(bytes[i]);
        if (c == 0) return true;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
    }
    return probe > 0 && control * 20 > probe;
}

std::string latin1_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 4);
    for (unsigned char c : bytes) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            out += static_cast<char>(0xc0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3f));
        }
    }
    return out;
}

// The first sentence of `para`, cut to at most 120 bytes at a word boundary.
std::string headline_from(std::string_view para) {
    std::size_t end = para.size();
    for (std::size_t i = 0; i + 1 < para.size(); ++i) {
        char c = para[i];
        if ((c == '.' || c == '!' || c == '?') && para[i + 1] == ' ' && i > 20) {
            end = i + 1;
            break;
        }
    }
    return std::string(text::cut_at_word(para.substr(0, end), 120));
}

}  // namespace

Article parse_plain_text(std::string_view utf8, const std::string& path,
                         const std::string& mtime_date) {
    Article a;
    a.path = path;
    a.format = "text";

    std::vector<std::string_view> paras;
    std::size_t pos = 0;
    while (pos <= utf8.size()) {
        std::size_t nl = utf8.find('\n', pos);
        if (nl == std::string_view::npos) nl = utf8.size();
        std::string_view line = text::trim(utf8.substr(pos, nl - pos));
        if (!line.empty()) paras.push_back(line);
        pos = nl + 1;
    }

    static const std::regex kDateLine(R"(^\s*date:?\s+(\d{4}-\d{2}-\d{2})\b.*$)",
                                      std::regex::icase);
    std::size_t first = 0;
    if (!paras.empty()) {
        std::match_results<std::string_view::const_iterator> m;
        if (std::regex_match(paras[0].begin(), paras[0].end(), m, kDateLine)) {
            a.date = m[1].str();
            a.date_source = DateSource::content;
            first = 1;
        }
    }

    // A headline is a short first line that does not end like a sentence.
    std::size_t body_start = first;
    if (first < paras.size()) {
        std::string_view cand = paras[first];
        bool sentence_end = !cand.empty() && (cand.back() == '.' || cand.back() == ':');
        if (cand.size() <= 200 && !sentence_end && paras.size() > first + 1) {
            a.title = std::string(cand);
            body_start = first + 1;
        } else {
            a.title = headline_from(cand);
        }
    }
    for (std::size_t i = body_start; i < paras.size(); ++i) {
        if (!a.text.empty()) a.text += "\n\n";
        a.text += paras[i];
    }
    if (a.date.empty() && !mtime_date.empty()) {
        a.date = mtime_date;
        a.date_source = DateSource::mtime;
    }
    return a;
}

FileResult read_file(const fs::path& path, const Options& options) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT && fs::is_symlink(fs::symlink_status(path))) {
            return fail(path, "broken symbolic link");
        }
        return fail(path, std::string("cannot read: ") + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) return skip(path, "not a regular file");
    if (st.st_size == 0) return skip(path, "empty file");
    if (static_cast<std::uintmax_t>(st.st_size) > options.max_file_size) {
        return skip(path, "larger than --max-file-size (" + std::to_string(st.st_size) + " bytes)");
    }

    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(path, std::string("cannot open: ") + std::strerror(errno));
    std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
    in.read(bytes.data(), st.st_size);
    if (in.gcount() != st.st_size) return fail(path, "read error (file changed while reading?)");

    if (looks_binary(bytes)) return skip(path, "binary file");
    if (!text::is_valid_utf8(bytes)) bytes = latin1_to_utf8(bytes);
    if (text::trim(bytes).empty()) return skip(path, "empty file (whitespace only)");

    FileResult r;
    const std::string abs = fs::absolute(path).lexically_normal().string();
    Article a = parse_plain_text(bytes, abs, date_of(st.st_mtime));
    if (a.text.empty() && a.title.empty()) return skip(path, "no article text");
    a.key = abs;
    r.articles.push_back(std::move(a));
    return r;
}

}  // namespace newsdesk::ingest
