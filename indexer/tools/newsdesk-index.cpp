// newsdesk-index: index article files into a newsdesk database.
#include <iostream>
#include <nlohmann/json.hpp>

#include "newsdesk/cli.hpp"
#include "newsdesk/indexer.hpp"

namespace po = boost::program_options;

namespace {

nlohmann::json article_json(const newsdesk::Article& a) {
    return {{"key", a.key},
            {"path", a.path},
            {"line", a.line},
            {"format", a.format},
            {"title", a.title},
            {"date", a.date},
            {"date_source", newsdesk::to_string(a.date_source)},
            {"source", a.source},
            {"url", a.url},
            {"byline", a.byline},
            {"dateline", a.dateline},
            {"text", a.text}};
}

nlohmann::json report_json(const newsdesk::IndexReport& r) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : r.problems)
        problems.push_back(p.to_string());
    return {{"files_seen", r.files_seen}, {"added", r.added},     {"updated", r.updated},
            {"unchanged", r.unchanged},   {"skipped", r.skipped}, {"failed", r.failed},
            {"seconds", r.seconds},       {"problems", problems}};
}

}  // namespace

int main(int argc, char** argv) {
    return newsdesk::cli::run("newsdesk-index", [&]() -> int {
        newsdesk::IndexParams params;
        bool quiet = false, json = false, dump = false, strict = false;

        po::options_description general("Indexing");
        general.add_options()("help,h", "show this help and exit")(
            "batch-size", po::value(&params.batch_size)->default_value(params.batch_size),
            "documents per commit")(
            "max-file-size", po::value(&params.max_file_size)->default_value(params.max_file_size),
            "skip files larger than this many bytes")(
            "strict", po::bool_switch(&strict), "exit 1 when any input was skipped or failed")(
            "quiet,q", po::bool_switch(&quiet), "print nothing when all went well")(
            "json", po::bool_switch(&json), "print the summary as one JSON object")(
            "dump", po::bool_switch(&dump),
            "print what would be indexed for each article as JSON lines; no database is touched");
        po::options_description hidden;
        hidden.add_options()("path", po::value(&params.paths)->composing(), "");
        po::options_description visible;
        visible.add(newsdesk::cli::database_options(params.db)).add(general);
        po::options_description all;
        all.add(visible).add(hidden);
        po::positional_options_description positional;
        positional.add("path", -1);

        po::variables_map vm;
        newsdesk::cli::parse(argc, argv, all, positional, vm);
        if (vm.count("help")) {
            std::cout << "Usage: newsdesk-index [--db DIR] [OPTIONS] PATH...\n"
                         "Index article files (plain text) under PATH into a newsdesk database.\n"
                         "Indexing a file again replaces its articles.\n\n"
                      << visible << '\n'
                      << newsdesk::cli::exit_codes_help(true);
            return newsdesk::cli::kOk;
        }

        newsdesk::IndexCallbacks cb;
        cb.warning = [&](const newsdesk::IndexProblem& p) {
            if (!json) std::cerr << "newsdesk-index: " << p.to_string() << '\n';
        };

        newsdesk::IndexReport report;
        if (dump) {
            report = newsdesk::dump_paths(
                params,
                [](const newsdesk::Article& a) {
                    std::cout << article_json(a).dump(-1, ' ', false,
                                                      nlohmann::json::error_handler_t::replace)
                              << '\n';
                },
                cb);
        } else {
            report = newsdesk::index_paths(params, cb);
            if (json) {
                std::cout << report_json(report).dump() << '\n';
            } else if (!quiet || report.skipped || report.failed) {
                std::cout << report.summary() << '\n';
            }
        }
        if (strict && (report.skipped || report.failed)) return newsdesk::cli::kFailed;
        return newsdesk::cli::kOk;
    });
}
