// newsdesk-serve: the HTTP JSON API and the search page over a newsdesk database.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <iostream>
#include <thread>

#include "newsdesk/cli.hpp"
#include "newsdesk/server.hpp"

namespace po = boost::program_options;

namespace {

// Waits for SIGINT or SIGTERM (blocked in every thread, taken here with sigtimedwait) and stops
// the server, again and again until run() has returned: a stop() that lands before run() has
// started listening would otherwise be lost.
class StopOnSignal {
  public:
    StopOnSignal(newsdesk::Server& server, const sigset_t& signals)
        : thread_([this, &server, signals] {
              const timespec tick{0, 100 * 1000 * 1000};
              bool signalled = false;
              while (!done_) {
                  if (::sigtimedwait(&signals, nullptr, &tick) > 0) signalled = true;
                  if (signalled) server.stop();
              }
          }) {}
    ~StopOnSignal() {
        done_ = true;
        thread_.join();
    }

  private:
    std::atomic<bool> done_{false};
    std::thread thread_;
};

}  // namespace

int main(int argc, char** argv) {
    return newsdesk::cli::run("newsdesk-serve", [&]() -> int {
        newsdesk::ServeParams params;
        std::string listen = params.host + ":" + std::to_string(params.port);
        po::options_description general("Serving");
        general.add_options()("help,h", "show this help and exit")(
            "listen", po::value(&listen)->default_value(listen)->value_name("HOST:PORT"),
            "address to listen on; port 0 picks a free one. Loopback unless told otherwise: "
            "0.0.0.0:8080 serves every interface")(
            "threads", po::value(&params.threads)->default_value(params.threads)->value_name("N"),
            "searches at once, each with its own searcher (further requests wait for one, "
            "503 after 10 s)")(
            "max-connections",
            po::value(&params.max_connections)
                ->default_value(params.max_connections)
                ->value_name("N"),
            "connections served at once, each by a thread of its own; more wait in line")(
            "cors-origin", po::value(&params.cors_origin)->value_name("ORIGIN"),
            "let pages from ORIGIN (e.g. https://intranet.example, or *) call the API")(
            "access-log", po::value(&params.access_log)->value_name("FILE"),
            "append one line per request to FILE (default: standard error)")(
            "time-limit",
            po::value(&params.limits.time_limit_ms)
                ->default_value(params.limits.time_limit_ms)
                ->value_name("MS"),
            "stop counting a query's matches after MS milliseconds (0: no limit); a note "
            "then says the counts may be incomplete")(
            "require-all-shards", po::bool_switch(&params.limits.require_all_shards),
            "with --db a cluster file (docs/CLUSTER.md): answer 503 when a shard cannot be "
            "reached, instead of answering from the others (\"partial\": true)");
        po::options_description visible;
        visible.add(newsdesk::cli::database_options(params.db)).add(general);
        po::variables_map vm;
        newsdesk::cli::parse(argc, argv, visible, {}, vm);
        if (vm.count("help")) {
            std::cout << "Usage: newsdesk-serve [--db DIR|CLUSTER] [--listen HOST:PORT] [OPTIONS]\n"
                         "Serve the search API (/api/search, /api/articles/ID, /api/stories/ID, "
                         "/healthz)\nand the search page (/) over HTTP. The database need not "
                         "exist yet: until it\ncan be opened, the API answers 503. SIGINT or "
                         "SIGTERM: finish the requests in\nflight, then exit 0.\n\n"
                      << visible << '\n'
                      << "Exit codes:\n  0   stopped by SIGINT or SIGTERM\n"
                         "  2   bad option\n  4   cannot listen on the address\n";
            return newsdesk::cli::kOk;
        }
        const newsdesk::ListenAddress address = newsdesk::parse_listen_address(listen);
        params.host = address.host;
        params.port = address.port;

        // Signals are taken by StopOnSignal's thread only; writing to a closed connection must
        // not kill the process.
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGINT);
        sigaddset(&signals, SIGTERM);
        ::pthread_sigmask(SIG_BLOCK, &signals, nullptr);
        ::signal(SIGPIPE, SIG_IGN);

        newsdesk::Server server(params);
        server.bind();
        std::cout << "listening on " << server.url() << std::endl;
        {
            StopOnSignal stopper(server, signals);
            server.run();
        }
        std::cerr << "newsdesk-serve: stopped" << std::endl;
        return newsdesk::cli::kOk;
    });
}
