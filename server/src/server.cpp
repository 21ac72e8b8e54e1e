#include "newsdesk/server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <list>
#include <mutex>
#include <regex>
#include <thread>
#include <vector>

#include "access_log.hpp"
#include "assets.hpp"
#include "catalog_pool.hpp"
#include "newsdesk/error.hpp"
#include "newsdesk/format.hpp"
#include "responses.hpp"
#include "search_params.hpp"

namespace newsdesk {

namespace {

using server::error_json;

constexpr const char* kJson = "application/json";

// The page's scripts and styles are separate embedded files: no inline code is allowed.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

constexpr const char* kAllowedMethods = "GET, HEAD, OPTIONS";

// Idle keep-alive connections hold a worker thread: let them go soon.
constexpr time_t kKeepAliveSeconds = 2;
constexpr std::size_t kKeepAliveRequests = 100;
constexpr time_t kReadTimeoutSeconds = 5;
constexpr time_t kWriteTimeoutSeconds = 5;
// cpp-httplib bounds each header line (8 KiB) and the request line, not how many there are.
constexpr std::size_t kMaxHeaders = 64;
constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
// Connections the kernel keeps waiting for accept().
constexpr int kListenBacklog = 1024;
// Parts of a Range header served; a header of more is ignored.
constexpr std::size_t kMaxRanges = 4;
// How long a request waits for a search slot (ServeParams::threads) before a 503.
constexpr auto kSlotWait = std::chrono::seconds(10);

// cpp-httplib's ThreadPool holds one thread per open connection: 8 slow clients sending a header
// line every 2 s (the read timeout is per read) left /healthz unanswered. Here each connection
// gets a thread of its own, up to `max` at once (more wait in line), so a slow client costs a
// thread, and what is expensive, searching, is bounded apart (SearchSlots). A thread ends when
// no connection waits: its stack, which a long header can make deep (httplib parses Range with
// std::regex), goes back to the system instead of staying resident.
class ConnectionThreads : public httplib::TaskQueue {
  public:
    explicit ConnectionThreads(std::size_t max) : max_(max) {}
    ~ConnectionThreads() override { shutdown(); }

    void enqueue(std::function<void()> fn) override {
        std::lock_guard<std::mutex> lock(mutex_);
        reap();
        jobs_.push_back(std::move(fn));
        if (running_ < max_) {
            ++running_;
            threads_.emplace_back([this] { work(); });
        }
    }

    void shutdown() override {
        std::unique_lock<std::mutex> lock(mutex_);
        // Connections in line are served first; no new ones come (the listener has stopped).
        all_done_.wait(lock, [&] { return running_ == 0; });
        reap();
    }

  private:
    void work() {
        std::unique_lock<std::mutex> lock(mutex_);
        while (!jobs_.empty()) {
            auto fn = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            fn();
            lock.lock();
        }
        --running_;
        finished_.push_back(std::this_thread::get_id());
        if (running_ == 0) all_done_.notify_all();
    }

    // Joins the threads that have finished (under mutex_).
    void reap() {
        for (auto it = threads_.begin(); it != threads_.end() && !finished_.empty();) {
            auto done = std::find(finished_.begin(), finished_.end(), it->get_id());
            if (done == finished_.end()) {
                ++it;
                continue;
            }
            finished_.erase(done);
            it->join();  // it has left work(), holding nothing
            it = threads_.erase(it);
        }
    }

    const std::size_t max_;
    std::mutex mutex_;
    std::condition_variable all_done_;
    std::deque<std::function<void()>> jobs_;
    std::list<std::thread> threads_;
    std::vector<std::thread::id> finished_;
    std::size_t running_ = 0;
};

// At most `n` searches at once, each with a searcher of its own: eight expensive queries cannot
// take the CPU and memory of more, however many connections ask.
class SearchSlots {
  public:
    explicit SearchSlots(unsigned n) : free_(n) {}

    class Slot {
      public:
        explicit Slot(SearchSlots& s) : slots_(&s) {}
        Slot(Slot&& other) noexcept : slots_(std::exchange(other.slots_, nullptr)) {}
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        Slot& operator=(Slot&&) = delete;
        ~Slot() {
            if (!slots_) return;
            {
                std::lock_guard<std::mutex> lock(slots_->mutex_);
                ++slots_->free_;
            }
            slots_->freed_.notify_one();
        }

      private:
        SearchSlots* slots_;
    };

    /// Waits for a free slot; throws DatabaseError (503, "try again") after kSlotWait.
    Slot take() {
        std::unique_lock<std::mutex> lock(mutex_);
        if (!freed_.wait_for(lock, kSlotWait, [&] { return free_ > 0; })) {
            throw DatabaseError("busy: every search slot stayed taken for " +
                                std::to_string(kSlotWait.count()) + " s; try again");
        }
        --free_;
        return Slot(*this);
    }

  private:
    std::mutex mutex_;
    std::condition_variable freed_;
    unsigned free_;
};

std::string quoted_etag(std::string_view body) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (unsigned char c : body) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
    return buf;
}

std::string regex_escaped(std::string_view path) {
    static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
    return std::regex_replace(std::string(path), special, R"(\$&)");
}

// "app;dur=1.234" → "1.234ms"
std::string duration_of(const httplib::Response& res) {
    const std::string timing = res.get_header_value("Server-Timing");
    const auto at = timing.find("dur=");
    return at == std::string::npos ? std::string() : timing.substr(at + 4) + "ms";
}

const char* reason_for(int status) {
    switch (status) {
        case 400:
            return "bad request";
        case 404:
            return "not found";
        case 405:
            return "method not allowed: the API is read-only (GET, HEAD, OPTIONS)";
        case 413:
            return "request body too large";
        case 414:
            return "request URI too long";
        case 431:
            return "request headers too large";
        case 503:
            return "service unavailable";
        default:
            return status >= 500 ? "internal error" : "request failed";
    }
}

}  // namespace

ListenAddress parse_listen_address(const std::string& text) {
    ListenAddress out;
    std::string port;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            throw UsageError("--listen '" + text + "' is not of the form [IPv6]:PORT");
        }
        out.host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else if (const auto colon = text.rfind(':'); colon != std::string::npos) {
        out.host = text.substr(0, colon);
        port = text.substr(colon + 1);
    } else {
        port = text;
    }
    if (out.host.empty()) out.host = "127.0.0.1";
    int n = -1;
    const char* end = port.data() + port.size();
    auto [ptr, ec] = std::from_chars(port.data(), end, n);
    if (port.empty() || ec != std::errc() || ptr != end || n < 0 || n > 65535) {
        throw UsageError("--listen '" + text + "': the port must be a number from 0 to 65535");
    }
    out.port = n;
    return out;
}

struct Server::Impl {
    explicit Impl(ServeParams p)
        : params(std::move(p)),
          pool(params.db, params.refresh_interval),
          log(params.access_log),
          slots(params.threads) {}

    void set_up();
    void add_api_routes();
    void add_page_routes();

    /// Runs `body` and answers its exceptions: UsageError → 400, DatabaseError → 503,
    /// anything else → 500; times it for the access log (Server-Timing).
    void answer(httplib::Response& res, const std::function<void()>& body);
    void add_cors(const httplib::Request& req, httplib::Response& res) const;

    ServeParams params;
    server::CatalogPool pool;
    server::AccessLog log;
    SearchSlots slots;
    httplib::Server http;
    socket_t listen_socket = -1;
    int port = -1;
    std::atomic<bool> stopping{false};
};

void Server::Impl::answer(httplib::Response& res, const std::function<void()>& body) {
    const auto started = std::chrono::steady_clock::now();
    try {
        body();
    } catch (const UsageError& e) {
        res.status = 400;
        res.set_content(error_json(e.what()), kJson);
    } catch (const DatabaseError& e) {
        res.status = 503;
        res.set_header("Retry-After", "1");
        res.set_content(error_json(e.what()), kJson);
    } catch (const std::exception& e) {
        res.status = 500;
        res.set_content(error_json(std::string("internal error: ") + e.what()), kJson);
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    char timing[48];
    std::snprintf(timing, sizeof timing, "app;dur=%.3f", ms);
    res.set_header("Server-Timing", timing);
}

void Server::Impl::add_cors(const httplib::Request& req, httplib::Response& res) const {
    if (params.cors_origin.empty()) return;
    if (params.cors_origin == "*") {
        res.set_header("Access-Control-Allow-Origin", "*");
    } else if (req.get_header_value("Origin") == params.cors_origin) {
        res.set_header("Access-Control-Allow-Origin", params.cors_origin);
    }
    res.set_header("Vary", "Origin");
}

void Server::Impl::add_api_routes() {
    const ServeLimits& limits = params.limits;

    http.Get("/api/search", [this, &limits](const httplib::Request& req, httplib::Response& res) {
        add_cors(req, res);
        res.set_header("Cache-Control", "no-store");
        answer(res, [&] {
            SearchRequest request = server::search_request(req.params, limits);
            auto slot = slots.take();
            auto catalog = pool.lease();
            res.set_content(to_json(catalog->search(request)), kJson);
        });
    });

    http.Get(R"(/api/articles/([^/]+))",
             [this](const httplib::Request& req, httplib::Response& res) {
                 add_cors(req, res);
                 res.set_header("Cache-Control", "no-store");
                 answer(res, [&] {
                     const std::string id = req.matches[1];
                     std::optional<server::ArticleRecord> record;
                     if (server::plausible_id(id)) {
                         auto slot = slots.take();
                         record = pool.lease()->article(id);
                     }
                     if (!record) {
                         res.status = 404;
                         res.set_content(error_json("no article with id " + id), kJson);
                         return;
                     }
                     res.set_content(server::article_json(*record), kJson);
                 });
             });

    http.Get(R"(/api/stories/([^/]+))",
             [this, &limits](const httplib::Request& req, httplib::Response& res) {
                 add_cors(req, res);
                 res.set_header("Cache-Control", "no-store");
                 answer(res, [&] {
                     const std::string id = req.matches[1];
                     SearchRequest request = server::story_request(id, req.params, limits);
                     SearchResults results;
                     if (server::plausible_id(id)) {
                         auto slot = slots.take();
                         results = pool.lease()->search(request);
                     }
                     if (results.articles == 0) {
                         res.status = 404;
                         res.set_content(error_json("no story with id " + id), kJson);
                         return;
                     }
                     res.set_content(server::story_json(results, id), kJson);
                 });
             });

    http.Get("/healthz", [this](const httplib::Request& req, httplib::Response& res) {
        add_cors(req, res);
        res.set_header("Cache-Control", "no-store");
        answer(res, [&] {
            try {
                auto catalog = pool.lease();
                res.set_content(server::health_json(catalog->revision(), catalog->size()), kJson);
            } catch (const DatabaseError& e) {
                res.status = 503;
                res.set_header("Retry-After", "1");
                res.set_content(server::unavailable_json(e.what()), kJson);
            }
        });
    });
}

void Server::Impl::add_page_routes() {
    for (std::size_t i = 0; i < server::kAssetCount; ++i) {
        const server::Asset& asset = server::kAssets[i];
        const std::string etag = quoted_etag(asset.body);
        http.Get(regex_escaped(asset.path), [&asset, etag](const httplib::Request& req,
                                                           httplib::Response& res) {
            res.set_header("Cache-Control", "no-cache");
            res.set_header("ETag", etag);
            if (req.get_header_value("If-None-Match") == etag) {
                res.status = 304;
                return;
            }
            res.set_content(asset.body.data(), asset.body.size(), std::string(asset.content_type));
        });
    }
}

void Server::Impl::set_up() {
    const ServeLimits& limits = params.limits;
    if (params.threads == 0) throw UsageError("--threads must be at least 1");
    if (params.threads > 1024) throw UsageError("--threads must be at most 1024");
    if (limits.max_limit == 0) throw UsageError("the largest page size must be at least 1");

    const std::size_t connections = std::max<std::size_t>(params.max_connections, params.threads);
    http.new_task_queue = [connections] { return new ConnectionThreads(connections); };
    http.set_keep_alive_timeout(kKeepAliveSeconds);
    http.set_keep_alive_max_count(kKeepAliveRequests);
    http.set_read_timeout(kReadTimeoutSeconds);
    http.set_write_timeout(kWriteTimeoutSeconds);
    http.set_payload_max_length(limits.max_body_bytes);
    http.set_tcp_nodelay(true);
    // SO_REUSEADDR (a restart can bind at once) but not httplib's default SO_REUSEPORT, which lets
    // a second server bind the same port and silently take half of its connections.
    http.set_socket_options([this](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        listen_socket = sock;
    });
    http.set_default_headers({
        {"X-Content-Type-Options", "nosniff"},
        {"Content-Security-Policy", kContentSecurityPolicy},
        {"Referrer-Policy", "no-referrer"},
        {"X-Frame-Options", "DENY"},
    });

    add_api_routes();
    add_page_routes();

    // Read-only: every other method is refused, whatever the path.
    auto refuse = [](const httplib::Request&, httplib::Response& res) {
        res.status = 405;
        res.set_header("Allow", kAllowedMethods);
        res.set_content(error_json(reason_for(405)), kJson);
    };
    http.Post(".*", refuse);
    http.Put(".*", refuse);
    http.Patch(".*", refuse);
    http.Delete(".*", refuse);
    http.Options(".*", [this](const httplib::Request& req, httplib::Response& res) {
        res.status = 204;
        res.set_header("Allow", kAllowedMethods);
        if (!params.cors_origin.empty() && req.path.rfind("/api/", 0) == 0) {
            add_cors(req, res);
            res.set_header("Access-Control-Allow-Methods", kAllowedMethods);
            res.set_header("Access-Control-Max-Age", "600");
        }
    });

    http.set_pre_routing_handler([&limits](const httplib::Request& req, httplib::Response& res) {
        // No Brotli (see without_brotli()): httplib reads the header after routing. The request
        // object is not itself const; httplib only hands it out as such.
        auto& headers = const_cast<httplib::Headers&>(req.headers);
        if (auto ae = headers.find("Accept-Encoding"); ae != headers.end()) {
            ae->second = server::without_brotli(ae->second);
        }
        // cpp-httplib answers each part of a Range with a copy of it: 2,000 parts of "bytes=0-" on
        // a 22 KB script sent back 44 MB. Beyond kMaxRanges parts the header is ignored (as
        // RFC 9110 allows) and the whole body is sent once.
        if (req.ranges.size() > kMaxRanges) {
            auto& request = const_cast<httplib::Request&>(req);
            request.ranges.clear();
            request.headers.erase("Range");
        }
        std::size_t bytes = 0;
        for (const auto& [name, value] : req.headers)
            bytes += name.size() + value.size() + 4;
        if (req.headers.size() > kMaxHeaders || bytes > kMaxHeaderBytes) {
            res.status = 431;
            res.set_content(error_json(reason_for(431)), kJson);
            return httplib::Server::HandlerResponse::Handled;
        }
        // cpp-httplib routes neither (a 400): the API is read-only, so 405 as for other methods.
        if (req.method == "TRACE" || req.method == "CONNECT") {
            res.status = 405;
            res.set_header("Allow", kAllowedMethods);
            res.set_content(error_json(reason_for(405)), kJson);
            return httplib::Server::HandlerResponse::Handled;
        }
        // cpp-httplib reads (and bounds) the body of POST, PUT, PATCH and DELETE only: a GET's
        // body would be left unread, so one over the limit is refused and the connection closed.
        const std::string length = req.get_header_value("Content-Length");
        std::size_t body = 0;
        const auto parsed = std::from_chars(length.data(), length.data() + length.size(), body);
        const bool bad_length = !length.empty() && (parsed.ec != std::errc() ||
                                                    parsed.ptr != length.data() + length.size());
        if (req.has_header("Transfer-Encoding") || bad_length || body > limits.max_body_bytes) {
            res.status = 413;
            res.set_header("Connection", "close");
            res.set_content(error_json(reason_for(413)), kJson);
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    // Errors without a body of their own (no such route, a malformed request, too large) get a
    // JSON one.
    http.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
            std::string message = reason_for(res.status);
            if (res.status == 404) message = "no such resource: " + req.path;
            res.set_content(error_json(message), kJson);
            return httplib::Server::HandlerResponse::Handled;
        }));
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            res.status = 500;
            res.set_content(error_json(reason_for(500)), kJson);
        });
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        server::AccessEntry entry;
        entry.remote_addr = req.remote_addr;
        entry.method = req.method;
        entry.target = req.target.empty() ? req.path : req.target;
        entry.version = req.version;
        entry.status = res.status;
        entry.bytes = res.body.size();
        entry.duration = duration_of(res);
        log.write(entry);
    });
}

Server::Server(ServeParams params) : impl_(std::make_unique<Impl>(std::move(params))) {
    impl_->set_up();
}

Server::~Server() = default;

int Server::bind() {
    auto& d = *impl_;
    if (d.port >= 0) return d.port;
    const std::string& host = d.params.host;
    if (d.params.port == 0) {
        d.port = d.http.bind_to_any_port(host);
        if (d.port < 0) d.port = -1;
    } else if (d.http.bind_to_port(host, d.params.port)) {
        d.port = d.params.port;
    }
    if (d.port < 0) {
        throw RuntimeError("cannot listen on " + host + ":" + std::to_string(d.params.port) +
                           " (address in use, or not an address of this machine?)");
    }
    // cpp-httplib listens with a backlog of 5: under a flood of new connections the kernel drops
    // further SYNs, and a /healthz probe waits for its client's 1 s retransmission. Listening
    // again only raises the backlog.
    if (d.listen_socket >= 0) ::listen(d.listen_socket, kListenBacklog);
    return d.port;
}

void Server::run() {
    auto& d = *impl_;
    if (d.port < 0) throw RuntimeError("Server::run() before a successful bind()");
    if (d.stopping) return;
    d.http.listen_after_bind();
}

void Server::stop() {
    impl_->stopping = true;
    impl_->http.stop();
}

std::string Server::url() const {
    const std::string& host = impl_->params.host;
    const bool v6 = host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->port);
}

}  // namespace newsdesk
