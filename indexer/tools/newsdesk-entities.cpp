// newsdesk-entities: print the people, organisations and places of article files, as the indexer
// extracts them (or of plain text, with --raw).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "newsdesk/cli.hpp"
#include "newsdesk/entities.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/indexer.hpp"

namespace po = boost::program_options;

namespace {

using newsdesk::EntityMention;
using newsdesk::EntityType;

// Bytes of a file ("-": standard input), exactly as they are.
bool read_input(const std::string& path, std::string& out, std::string& error) {
    const int fd = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = std::strerror(errno);
        return false;
    }
    out.clear();
    char buf[65536];
    bool ok = true;
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error = std::strerror(errno);
            ok = false;
        }
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    if (fd != STDIN_FILENO) ::close(fd);
    return ok;
}

std::string json_line(const nlohmann::ordered_json& j) {
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

nlohmann::ordered_json mentions_json(const std::vector<EntityMention>& mentions) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& m : mentions) {
        list.push_back(nlohmann::ordered_json{{"text", m.text},
                                              {"type", newsdesk::to_string(m.type)},
                                              {"start", m.start},
                                              {"end", m.end},
                                              {"canonical", m.canonical}});
    }
    return list;
}

void print_json(const std::string& path, std::size_t line,
                const std::vector<EntityMention>& mentions,
                const std::vector<EntityMention>* title_mentions = nullptr) {
    // Keys in the documented order: path, then entities of text, type, start, end, canonical,
    // then (for an article with a headline of its own) title_entities alike.
    nlohmann::ordered_json out = {{"path", path}};
    if (line) out["line"] = line;
    out["entities"] = mentions_json(mentions);
    if (title_mentions) out["title_entities"] = mentions_json(*title_mentions);
    std::cout << json_line(out) << '\n';
}

// A summary per type (distinct entities, most mentioned first, with counts), then every mention
// with its byte span.
void print_text(const std::string& heading, const std::vector<EntityMention>& mentions,
                const std::vector<EntityMention>& title_mentions = {}) {
    std::cout << heading << ": " << mentions.size()
              << (mentions.size() == 1 ? " mention\n" : " mentions\n");
    for (EntityType type :
         {EntityType::person, EntityType::org, EntityType::place, EntityType::misc}) {
        std::map<std::string, std::size_t> counts;
        for (const auto& m : mentions) {
            if (m.type == type) ++counts[m.canonical];
        }
        if (counts.empty()) continue;
        std::vector<std::pair<std::string, std::size_t>> order(counts.begin(), counts.end());
        std::stable_sort(order.begin(), order.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        std::cout << "  " << newsdesk::to_string(type) << " (" << order.size() << "): ";
        for (std::size_t i = 0; i < order.size(); ++i) {
            std::cout << (i ? ", " : "") << order[i].first << " " << order[i].second;
        }
        std::cout << '\n';
    }
    for (const auto& m : mentions) {
        std::ostringstream span;
        span << m.start << "-" << m.end;
        std::cout << "    " << span.str()
                  << std::string(span.str().size() < 12 ? 12 - span.str().size() : 1, ' ')
                  << newsdesk::to_string(m.type)
                  << std::string(7 - std::strlen(newsdesk::to_string(m.type)), ' ') << m.text;
        if (m.canonical != m.text) std::cout << " -> " << m.canonical;
        std::cout << '\n';
    }
    if (title_mentions.empty()) return;
    std::cout << "  headline: ";
    for (std::size_t i = 0; i < title_mentions.size(); ++i) {
        const EntityMention& m = title_mentions[i];
        std::cout << (i ? ", " : "") << newsdesk::to_string(m.type) << " " << m.text;
        if (m.canonical != m.text) std::cout << " -> " << m.canonical;
    }
    std::cout << '\n';
}

}  // namespace

int main(int argc, char** argv) {
    return newsdesk::cli::run("newsdesk-entities", [&]() -> int {
        bool json = false, raw = false;
        std::vector<std::string> files;
        newsdesk::IndexParams params;

        po::options_description general("Options");
        general.add_options()("help,h", "show this help and exit")(
            "json", po::bool_switch(&json),
            "one JSON line per input (per article of a JSON Lines or JSON file): "
            "{\"path\", \"entities\": [{\"text\", \"type\", \"start\", \"end\", \"canonical\"}]}")(
            "raw", po::bool_switch(&raw),
            "take each input as plain text as it is (no cleaning): offsets index the input's "
            "bytes exactly")("max-file-size",
                             po::value(&params.max_file_size)->default_value(params.max_file_size),
                             "without --raw, skip files larger than this many bytes");
        po::options_description hidden;
        hidden.add_options()("file", po::value(&files)->composing(), "");
        po::options_description all;
        all.add(general).add(hidden);
        po::positional_options_description positional;
        positional.add("file", -1);
        po::variables_map vm;
        newsdesk::cli::parse(argc, argv, all, positional, vm);
        if (vm.count("help")) {
            std::cout
                << "Usage: newsdesk-entities [--json] [--raw] [FILE...]\n"
                   "Print the people, organisations and places named in each FILE (standard\n"
                   "input when none, or for '-'): each mention's text, type (person, org, place;\n"
                   "misc for works, events, products and the like, never a facet),\n"
                   "canonical name (variants, acronyms and aliases merged) and byte offsets\n"
                   "start-end (end exclusive).\n\n"
                   "Without --raw a file is read as newsdesk-index reads it (format, encoding,\n"
                   "cleaning; directories are walked) and the offsets refer to the article's\n"
                   "cleaned body text (newsdesk-index --dump shows it). A headline of its own\n"
                   "is read with the body; its mentions are listed apart (\"headline:\", JSON\n"
                   "\"title_entities\", offsets into the title). With --raw the input is plain\n"
                   "text, not cleaned, and the offsets index its bytes exactly.\n\n"
                << general << '\n'
                << "Exit codes:\n"
                   "  0   every input was read\n"
                   "  1   some input could not be read, or was skipped (no article text)\n"
                   "  2   bad option\n";
            return newsdesk::cli::kOk;
        }
        if (files.empty()) files.push_back("-");

        const newsdesk::EntityExtractor& extractor = newsdesk::EntityExtractor::builtin();
        bool trouble = false;
        newsdesk::IndexCallbacks cb;
        cb.warning = [&](const newsdesk::IndexProblem& p) {
            std::cerr << "newsdesk-entities: " << p.to_string() << '\n';
        };
        for (const auto& file : files) {
            auto sink = [&](const newsdesk::Article& a) {
                const std::string path = file == "-" ? "-" : a.path;
                if (json) {
                    print_json(path, a.line, a.entities, &a.title_entities);
                } else {
                    print_text(a.line ? path + ":" + std::to_string(a.line) : path, a.entities,
                               a.title_entities);
                }
            };
            if (raw || file == "-") {
                std::string bytes, error;
                if (!read_input(file, bytes, error)) {
                    std::cerr << "newsdesk-entities: " << file << ": cannot read: " << error
                              << '\n';
                    trouble = true;
                    continue;
                }
                if (raw) {
                    const std::vector<EntityMention> mentions = extractor.extract(bytes);
                    if (json) {
                        print_json(file, 0, mentions);
                    } else {
                        print_text(file, mentions);
                    }
                    continue;
                }
                const newsdesk::IndexReport r =
                    newsdesk::dump_bytes(params, std::move(bytes), "-", sink, cb);
                trouble = trouble || r.skipped || r.failed;
                continue;
            }
            params.paths = {file};
            const newsdesk::IndexReport r = newsdesk::dump_paths(params, sink, cb);
            trouble = trouble || r.skipped || r.failed;
        }
        return trouble ? newsdesk::cli::kFailed : newsdesk::cli::kOk;
    });
}
