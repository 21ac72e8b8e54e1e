// newsdesk/server.hpp — the HTTP JSON API and the search page, as a library (newsdesk-serve is a
// thin main around it).
//
// Routes (documented in docs/HTTP.md): GET /api/search, /api/articles/{id}, /api/stories/{id},
// /healthz, and the embedded search page at / (with /app.js and /app.css). Everything is
// read-only: the database is opened read-only and nothing is served from the filesystem.
//
// Errors: the constructor throws UsageError for bad parameters; bind() throws RuntimeError when
// the address cannot be bound. A database that does not exist or cannot be opened is not an
// error here: the server answers 503 until it can open it.
// Thread-safety: stop() may be called from any thread (not from a signal handler); everything
// else from the thread that owns the Server.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace newsdesk {

/// Bounds on what one request may ask for. Requests beyond them get 400 with the reason.
struct ServeLimits {
    std::size_t max_query_bytes = 1024;  ///< length of `q` (and of each filter value)
    std::size_t max_limit = 100;         ///< results per page
    std::size_t max_offset = 10000;      ///< deepest page start
    std::size_t max_filters = 20;        ///< `filter` parameters per request
    std::size_t max_facets = 50;         ///< values per facet type (`facets`)
    std::size_t max_facet_values = 500;  ///< values of one facet type (`facet_limit`)
    unsigned time_limit_ms = 2000;       ///< counting time per query (SearchRequest); 0: none
    std::size_t max_body_bytes = 4096;   ///< request body (the API takes none; bodies are refused)
    /// With a cluster file as the database: fail (503) instead of answering without the shards
    /// that cannot be reached (SearchRequest::require_all_shards).
    bool require_all_shards = false;
};

struct ServeParams {
    std::string db;                  ///< database directory; need not exist yet (503 until it does)
    std::string host = "127.0.0.1";  ///< address to bind: loopback unless told otherwise
    int port = 8080;                 ///< 0: any free port (see Server::port())
    unsigned threads = 8;            ///< searches at once, each with its own Searcher
    /// Connections served at once, each by a thread of its own (mostly idle: a slow client costs
    /// a thread, not a search); more wait in line.
    std::size_t max_connections = 256;
    /// Origin allowed to call the API from another site ("https://intranet.example"); empty: no
    /// CORS headers (same-origin only). "*" allows any origin.
    std::string cors_origin;
    /// Access-log file, appended to, one line per request; empty: standard error.
    std::string access_log;
    /// How often a worker checks the database for a new revision or a rebuilt generation.
    std::chrono::milliseconds refresh_interval{1000};
    ServeLimits limits;
};

/// "HOST:PORT", "[IPv6]:PORT", ":PORT" (loopback) or "PORT" → host and port. Throws UsageError.
struct ListenAddress {
    std::string host;
    int port = 0;
};
ListenAddress parse_listen_address(const std::string& text);

class Server {
  public:
    /// Sets up routes and the worker pool; opens nothing yet. Throws UsageError.
    explicit Server(ServeParams params);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds the listening socket and returns the port (the chosen one when params.port is 0).
    /// Throws RuntimeError when the address cannot be bound.
    int bind();

    /// Serves on the bound socket until stop(); returns once the requests in flight have been
    /// answered. Throws RuntimeError if bind() has not succeeded.
    void run();

    /// Stops accepting connections and makes run() return after draining. Idempotent.
    void stop();

    /// "http://HOST:PORT" of the bound socket.
    std::string url() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace newsdesk
