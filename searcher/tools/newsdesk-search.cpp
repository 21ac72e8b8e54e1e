// newsdesk-search: ranked search over a newsdesk database.
#include <sys/ioctl.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "newsdesk/cli.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/format.hpp"
#include "newsdesk/searcher.hpp"

namespace po = boost::program_options;

namespace {

// Facet values per type in the text output, unless --facets says otherwise.
constexpr std::size_t kTextFacets = 6;

std::string join(const std::vector<std::string>& words) {
    std::string q;
    for (const auto& w : words) {
        if (!q.empty()) q += ' ';
        q += w;
    }
    return q;
}

// --batch: one query per line, one JSON object per line, in order. A bad query yields
// {"query": ..., "error": ...} and the run goes on; the exit code then says so.
int run_batch(newsdesk::Searcher& searcher, newsdesk::SearchRequest req, const std::string& file) {
    std::ifstream in_file;
    std::istream* in = &std::cin;
    if (file != "-") {
        in_file.open(file);
        if (!in_file) throw newsdesk::UsageError("cannot read batch file " + file);
        in = &in_file;
    }
    int status = newsdesk::cli::kOk;
    std::string line;
    while (std::getline(*in, line)) {
        if (line.empty()) continue;
        req.query = line;
        try {
            std::cout << newsdesk::to_json(searcher.search(req)) << '\n';
        } catch (const newsdesk::UsageError& e) {
            // The line may not be UTF-8: bytes that are not come out as U+FFFD.
            std::cout << nlohmann::json{{"query", line}, {"error", e.what()}}.dump(
                             -1, ' ', false, nlohmann::json::error_handler_t::replace)
                      << '\n';
            status = newsdesk::cli::kUsage;
        }
    }
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    return newsdesk::cli::run("newsdesk-search", [&]() -> int {
        std::string db, color, batch;
        std::vector<std::string> words;
        newsdesk::SearchRequest req;
        bool json = false;

        std::string sort = "relevance";
        bool no_collapse = false;
        po::options_description general("Search");
        general.add_options()("help,h", "show this help and exit")(
            "limit,n", po::value(&req.limit)->default_value(req.limit), "results to show")(
            "offset", po::value(&req.offset)->default_value(req.offset), "results to skip")(
            "filter,f", po::value(&req.filters)->composing()->value_name("TYPE:VALUE"),
            "keep results with this entity or source, e.g. person:\"Choe Son Hui\" "
            "(repeatable: values of one type OR, different types AND)")(
            "since", po::value(&req.since)->value_name("DATE"),
            "only articles dated on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)")(
            "until", po::value(&req.until)->value_name("DATE"),
            "only articles dated on or before DATE")(
            "sort", po::value(&sort)->default_value(sort)->value_name("ORDER"),
            "relevance, date (newest first) or newest-relevant (relevance with a recency "
            "bonus that halves every 30 days)")("no-collapse", po::bool_switch(&no_collapse),
                                                "show every article, not one per story")(
            "story", po::value(&req.story)->value_name("ID"),
            "list the articles of story ID, newest first")(
            "like", po::value(&req.like)->value_name("ID"),
            "list articles related to article ID, outside its own story")(
            "facets", po::value(&req.facet_limit)->value_name("N"),
            "facet values to show per type (default: 6 in text, 10 in JSON)")(
            "snippet-bytes", po::value(&req.snippet_bytes)->default_value(req.snippet_bytes),
            "approximate length of each result's snippet (0: none)")(
            "explain", po::bool_switch(&req.explain),
            "show each result's score split into its parts (words, headline, feedback, ...)")(
            "json", po::bool_switch(&json), "print one JSON object (see README)")(
            "batch", po::value(&batch)->value_name("FILE"),
            "read one query per line from FILE (- for stdin), print one JSON object per line")(
            "require-all-shards", po::bool_switch(&req.require_all_shards),
            "with --db a cluster file (docs/CLUSTER.md): fail when a shard cannot be reached, "
            "instead of answering from the others");
        po::options_description hidden;
        hidden.add_options()("query", po::value(&words)->composing(), "");
        po::options_description visible;
        visible.add(newsdesk::cli::database_options(db))
            .add(general)
            .add(newsdesk::cli::color_options(color));
        po::options_description all;
        all.add(visible).add(hidden);
        po::positional_options_description positional;
        positional.add("query", -1);

        po::variables_map vm;
        newsdesk::cli::parse(argc, argv, all, positional, vm);
        if (vm.count("help")) {
            std::cout << "Usage: newsdesk-search [--db DIR|CLUSTER] [OPTIONS] QUERY...\n"
                         "Search a newsdesk database. QUERY: words, \"phrases\", AND OR NOT, "
                         "NEAR, +word -word, troop*,\nperson:NAME org:NAME place:NAME "
                         "source:NAME, title:WORD, date:2024-10-01..2024-10-31\n(open ranges: "
                         "date:2024-10.., date:..2024).\nNames in aliases (DPRK, U.S.) also "
                         "find their other spellings.\n\n"
                      << visible << '\n'
                      << newsdesk::cli::exit_codes_help(false);
            return newsdesk::cli::kOk;
        }
        req.sort = newsdesk::parse_sort_order(sort);
        req.collapse = !no_collapse;
        newsdesk::TextStyle style;
        style.color = newsdesk::cli::use_color(color, STDOUT_FILENO);
        // Wrapped to the terminal; one line a snippet when piped or redirected.
        winsize size{};
        if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) {
            style.width = size.ws_col;
        }
        if (!json && !vm.count("batch") && !vm.count("facets")) req.facet_limit = kTextFacets;

        newsdesk::Searcher searcher(db);
        if (vm.count("batch")) return run_batch(searcher, req, batch);

        req.query = join(words);
        newsdesk::SearchResults results = searcher.search(req);
        if (results.articles == 0 && !req.story.empty()) {
            // Nothing in the story: the words or filters missed it, or no story has that id.
            newsdesk::SearchRequest whole;
            whole.story = req.story;
            whole.limit = 0;
            whole.facet_limit = 0;
            if (searcher.search(whole).articles == 0) {
                throw newsdesk::UsageError("--story: no story with id " + req.story +
                                           " (ids are printed after \"more in this story\")");
            }
        }
        if (json) {
            std::cout << newsdesk::to_json(results) << '\n';
        } else {
            newsdesk::write_text(std::cout, results, style);
        }
        return newsdesk::cli::kOk;
    });
}
