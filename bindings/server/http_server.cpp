// greenlight-server's HTTP layer on GNU libmicrohttpd (Debian's libmicrohttpd, GnuTLS for HTTPS).
//
// Why this shape:
// - One event thread (epoll) reads and writes every connection. Request lines and headers must fit in the
//   connection's fixed memory pool (Limits::connection_memory): a flood of headers or one endless header
//   line is refused by the library (431/414) before anything of ours runs, and costs that pool only.
// - Bodies come to us piece by piece and are kept only up to the route's limit: a longer one (announced by
//   Content-Length, or chunked) is answered 413 without buffering more.
// - Handlers do database work that can take long, so they never run on the event thread: a request whose
//   body is in is suspended, a worker of a fixed pool runs the handler, and resumes the connection with the
//   answer. A slow handler holds one worker, never the connections of others.
// - The library's timeout is for inactivity only; a client trickling a byte a second never trips it. A
//   watchdog gives each request a deadline for its headers and one for its body, and shuts down the socket
//   of a connection that misses it (the event thread then closes it like any hung-up connection).
// - We bind and listen ourselves, so the backlog is ours (Limits::listen_backlog; the library's default of
//   a few made bursts wait out SYN retransmissions).
#include "http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <ctime>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

namespace greenlight::server::http {

std::string Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return value;
  return {};
}

bool Request::has_header(std::string_view name) const {
  return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return h.first == name; });
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [key, old] : headers)
    if (key == name) {
      old = std::move(value);
      return;
    }
  headers.emplace_back(std::move(name), std::move(value));
}

void Response::set_content(std::string content, std::string type) {
  body = std::move(content);
  set_header("Content-Type", std::move(type));
}

namespace {

using Clock = std::chrono::steady_clock;

// What every page may do (docs/api.md "Security headers"): its own scripts (and compiling the engine's and
// the scanner's .wasm), its own styles, images from itself and from data:/blob: URLs (QR codes, posters),
// the camera's stream, its own workers and service worker, and requests to this server only.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob: mediastream:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

}  // namespace

// (Named, not anonymous: Server::Impl, which has external linkage, holds these.)
namespace detail {

struct Route {
  std::string method;
  std::regex pattern;
  std::string label;  // the pattern as logs and metrics name it
  Handler handler;
  std::size_t body_limit;
  bool on_event_thread;
};

// A fixed set of threads running posted jobs; drain() waits until none is queued or running.
class WorkerPool {
 public:
  explicit WorkerPool(std::size_t threads) {
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
  }
  ~WorkerPool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void post(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
  }
  bool drain(Clock::time_point until) {
    std::unique_lock lock(mutex_);
    return idle_.wait_until(lock, until, [this] { return jobs_.empty() && running_ == 0; });
  }

 private:
  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      ++running_;
      lock.unlock();
      job();
      lock.lock();
      --running_;
      if (jobs_.empty() && running_ == 0) idle_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::deque<std::function<void()>> jobs_;
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// One connection's deadline, watched by the watchdog. Lives from the library's "started" to "closed".
struct Watch {
  int fd = -1;
  std::optional<Clock::time_point> deadline;  // none while a handler works or an answer is sent
};

// One request, from its headers to its answer.
struct Exchange {
  enum class Stage { receiving, working, answered };
  Request request;
  const Route* route = nullptr;
  std::size_t body_limit = 0;
  bool too_large = false;
  Stage stage = Stage::receiving;
  Response response;
  Clock::time_point started = Clock::now();
  std::string route_label = "unmatched";
  std::string request_id;
};

}  // namespace detail

namespace {

using detail::Exchange;
using detail::Route;
using detail::Watch;
using detail::WorkerPool;

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding; nullopt for a broken escape or a NUL (which would cut the path short where the file is
// opened but not where its type is chosen: "/icon.svg%00.html").
std::optional<std::string> decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string content_type_for(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".jws", "application/jose; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"},
      {".map", "application/json; charset=utf-8"},
  };
  auto it = types.find(lower(file.extension().string()));
  return it == types.end() ? "application/octet-stream" : it->second;
}

// "/api/v1/places/([^/]+)/poster\.svg" -> "/api/v1/places/{id}/poster.svg": a route's name in logs and
// metrics, one per route however many paths it serves.
std::string label_of(const std::string& pattern) {
  static const std::regex group(R"(\([^)]*\))"), escaped(R"(\\(.))");
  return std::regex_replace(std::regex_replace(pattern, group, "{id}"), escaped, "$1");
}

// A caller's X-Request-Id is kept when it looks like a generated id (16 to 64 of A-Z a-z 0-9 . _ -): long
// enough that a phone number is not one, and nothing that could break a log line.
bool usable_request_id(std::string_view id) {
  if (id.size() < 16 || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

}  // namespace

struct Server::Impl {
  Limits limits;
  std::vector<std::unique_ptr<Route>> routes;
  std::filesystem::path web_root;  // canonical; empty: no pages
  ApiError api_error;
  AnswerObserver observer;
  std::mt19937_64 id_source{std::random_device{}()};  // request ids; used on the event thread only
  bool tls = false;
  MHD_Daemon* daemon = nullptr;
  int listen_fd = -1;  // bound, not yet handed to the daemon
  bool ipv6 = false;
  std::unique_ptr<WorkerPool> workers;

  std::mutex watch_mutex;
  std::set<Watch*> watches;
  std::condition_variable watch_wake;
  bool watch_stopping = false;
  std::thread watchdog;

  explicit Impl(Limits l) : limits(l) {}

  // ------------------------------------------------------------------------------------------ answers

  void add_common_headers(MHD_Response* r) const {
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Content-Security-Policy", kContentSecurityPolicy);
    if (tls) MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
  }

  // Tells the observer, as the answer is about to be queued.
  void report(const Exchange& ex, int status, std::string_view error_code) const {
    if (!observer) return;
    Answered a;
    a.method = ex.request.method;
    a.route = ex.route_label;
    a.status = status;
    a.seconds = std::chrono::duration<double>(Clock::now() - ex.started).count();
    a.request_id = ex.request_id;
    a.error_code = error_code;
    observer(a);
  }

  MHD_Result answer(MHD_Connection* c, const Exchange& ex, const Response& res) const {
    const bool bodiless = res.status == 204 || res.status == 304;
    auto* r = MHD_create_response_from_buffer(bodiless ? 0 : res.body.size(), const_cast<char*>(res.body.data()),
                                              MHD_RESPMEM_MUST_COPY);
    if (!r) return MHD_NO;
    add_common_headers(r);
    MHD_add_response_header(r, "X-Request-Id", ex.request_id.c_str());
    for (const auto& [name, value] : res.headers) MHD_add_response_header(r, name.c_str(), value.c_str());
    report(ex, res.status, res.error_code);
    auto queued = MHD_queue_response(c, static_cast<unsigned>(res.status), r);
    MHD_destroy_response(r);
    return queued;
  }

  Response error(const std::string& path, int status, std::string_view code, const std::string& message) const {
    Response res;
    res.status = status;
    res.error_code = code;
    if (path.rfind("/api/", 0) == 0 && api_error) {
      api_error(res, code, message);
      res.status = status;
    } else {
      res.set_content(message + "\n", "text/plain; charset=utf-8");
    }
    return res;
  }

  // ------------------------------------------------------------------------------------------ pages

  MHD_Result serve_file(MHD_Connection* c, Exchange& ex) const {
    const auto& req = ex.request;
    if (req.method != "GET") {
      auto res = error(req.path, 405, "http.method", "method not allowed");
      res.set_header("Allow", "GET, HEAD");
      return answer(c, ex, res);
    }
    auto not_found = [&] { return answer(c, ex, error(req.path, 404, "http.not_found", "not found")); };
    std::filesystem::path relative;
    std::string_view rest(req.path);
    rest.remove_prefix(1);
    // No dot segments, no backslashes: nothing of the request may lead out of the pages' directory.
    std::size_t at = 0;
    while (at <= rest.size()) {
      auto slash = rest.find('/', at);
      auto segment = rest.substr(at, slash == std::string_view::npos ? std::string_view::npos : slash - at);
      if (segment == "." || segment == ".." || segment.find('\\') != std::string_view::npos) return not_found();
      if (!segment.empty()) relative /= std::string(segment);
      if (slash == std::string_view::npos) break;
      at = slash + 1;
    }
    std::error_code ec;
    auto file = web_root / relative;
    if (std::filesystem::is_directory(file, ec)) {
      if (req.path.back() != '/') {
        // /citizen is the folder /citizen/ (its pages' relative URLs need the slash).
        Response moved;
        moved.status = 301;
        moved.set_header("Location", req.path + "/");
        ex.route_label = "static";
        return answer(c, ex, moved);
      }
      file /= "index.html";
    }
    auto real = std::filesystem::canonical(file, ec);
    if (ec) return not_found();
    auto inside = std::mismatch(web_root.begin(), web_root.end(), real.begin(), real.end()).first == web_root.end();
    if (!inside) return not_found();
    int fd = ::open(real.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return not_found();
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return not_found();
    }
    auto* r = MHD_create_response_from_fd64(static_cast<std::uint64_t>(st.st_size), fd);  // owns fd now
    if (!r) {
      ::close(fd);
      return MHD_NO;
    }
    add_common_headers(r);
    MHD_add_response_header(r, "X-Request-Id", ex.request_id.c_str());
    MHD_add_response_header(r, "Content-Type", content_type_for(real).c_str());
    // Vite's hashed assets never change; everything else (pages, sw.js, the manifest) is revalidated.
    MHD_add_response_header(r, "Cache-Control",
                            req.path.rfind("/assets/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
    if (real.filename() == "sw.js") MHD_add_response_header(r, "Service-Worker-Allowed", "/");
    ex.route_label = "static";
    report(ex, 200, {});
    auto queued = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return queued;
  }

  // ------------------------------------------------------------------------------------------ requests

  static Watch* watch_of(MHD_Connection* c) {
    auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? static_cast<Watch*>(info->socket_context) : nullptr;
  }

  void set_deadline(MHD_Connection* c, std::optional<unsigned> seconds) {
    auto* w = watch_of(c);
    if (!w) return;
    std::lock_guard lock(watch_mutex);
    if (seconds) w->deadline = Clock::now() + std::chrono::seconds(*seconds);
    else w->deadline.reset();
  }

  static MHD_Result collect_header(void* cls, MHD_ValueKind, const char* key, const char* value) {
    static_cast<Request*>(cls)->headers.emplace_back(lower(key), value ? value : "");
    return MHD_YES;
  }

  static MHD_Result collect_argument(void* cls, MHD_ValueKind, const char* key, const char* value) {
    auto* req = static_cast<Request*>(cls);
    auto k = decode(key, true);
    auto v = decode(value ? value : "", true);
    if (k && v) req->query.emplace(std::move(*k), std::move(*v));
    return MHD_YES;
  }

  // The headers are in: route the request, or answer it at once (errors, pages, announced oversize).
  MHD_Result begin(MHD_Connection* c, Exchange& ex, const char* url, const char* method) {
    auto& req = ex.request;
    req.method = std::strcmp(method, "HEAD") == 0 ? "GET" : method;
    const char* given_id = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Request-Id");
    if (given_id && usable_request_id(given_id)) {
      ex.request_id = given_id;
    } else {
      char id[33];
      std::snprintf(id, sizeof id, "%016llx%016llx", static_cast<unsigned long long>(id_source()),
                    static_cast<unsigned long long>(id_source()));
      ex.request_id = id;
    }
    auto path = decode(url, false);
    if (!path || path->empty() || path->front() != '/') {
      req.path = url;
      return answer(c, ex, error(req.path, 400, "request.invalid", "malformed request path"));
    }
    req.path = std::move(*path);
    MHD_get_connection_values(c, MHD_HEADER_KIND, &Impl::collect_header, &req);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, &Impl::collect_argument, &req);
    if (auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS); info && info->client_addr) {
      char text[INET6_ADDRSTRLEN] = "";
      const auto* sa = info->client_addr;
      if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, text, sizeof text);
      else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, text, sizeof text);
      req.remote_addr = text;
    }

    bool path_known = false;
    for (const auto& route : routes) {
      std::smatch m;
      if (!std::regex_match(req.path, m, route->pattern)) continue;
      path_known = true;
      ex.route_label = route->label;
      if (route->method != req.method) continue;
      ex.route = route.get();
      for (std::size_t i = 1; i < m.size(); ++i) req.params.push_back(m[i].str());
      break;
    }
    if (!ex.route) {
      if (path_known) return answer(c, ex, error(req.path, 405, "http.method", "method not allowed"));
      if (req.path.rfind("/api/", 0) != 0 && !web_root.empty()) return serve_file(c, ex);
      return answer(c, ex, error(req.path, 404, "http.not_found", "no such endpoint"));
    }
    ex.body_limit = ex.route->body_limit;
    // A body announced over the limit is refused before it is read: reading (or skipping) it first would
    // hold the connection for as long as the client cares to send.
    if (auto length = req.header("content-length"); !length.empty()) {
      std::uint64_t n = 0;
      bool valid = length.size() <= 19;
      for (char ch : length) valid = valid && ch >= '0' && ch <= '9', n = n * 10 + static_cast<unsigned>(ch - '0');
      if (!valid) return answer(c, ex, error(req.path, 400, "request.invalid", "malformed Content-Length"));
      if (n > ex.body_limit) return too_large(c, ex);
    }
    set_deadline(c, limits.body_timeout);
    return MHD_YES;
  }

  MHD_Result too_large(MHD_Connection* c, const Exchange& ex) const {
    auto res = error(ex.request.path, 413, "http.body_too_large",
                     "the body is over " + std::to_string(ex.body_limit) + " bytes");
    res.set_header("Connection", "close");
    return answer(c, ex, res);
  }

  MHD_Result on_request(MHD_Connection* c, const char* url, const char* method, const char* upload_data,
                        std::size_t* upload_size, void** context) {
    auto* ex = static_cast<Exchange*>(*context);
    if (!ex) {
      ex = new Exchange;
      *context = ex;
      return begin(c, *ex, url, method);
    }
    if (*upload_size) {
      // Kept up to the route's limit, never beyond.
      if (!ex->too_large && ex->request.body.size() + *upload_size > ex->body_limit) {
        ex->too_large = true;
        std::string().swap(ex->request.body);
        // The library queues no answer while it hands us a body, so over plain HTTP the 413 is written to
        // the socket here, its sending side shut, and what the client still sends is dropped until it
        // stops or the connection's short deadline passes. Over TLS the connection is closed.
        if (tls || !send_raw(c, *ex,
                             error(ex->request.path, 413, "http.body_too_large",
                                   "the body is over " + std::to_string(ex->body_limit) + " bytes")))
          return MHD_NO;
        set_deadline(c, 2);
      }
      if (!ex->too_large) ex->request.body.append(upload_data, *upload_size);
      *upload_size = 0;
      return MHD_YES;
    }
    switch (ex->stage) {
      case Exchange::Stage::receiving:
        if (ex->too_large) return MHD_NO;  // answered by send_raw
        if (ex->route->on_event_thread) {
          run(*ex);
          return answer(c, *ex, ex->response);
        }
        ex->stage = Exchange::Stage::working;
        set_deadline(c, std::nullopt);
        MHD_suspend_connection(c);
        workers->post([this, c, ex] {
          run(*ex);
          ex->stage = Exchange::Stage::answered;
          MHD_resume_connection(c);
        });
        return MHD_YES;
      case Exchange::Stage::working:
        return MHD_YES;
      case Exchange::Stage::answered:
        return answer(c, *ex, ex->response);
    }
    return MHD_NO;
  }

  // An answer written straight to the socket (plain HTTP only), then its sending side shut.
  bool send_raw(MHD_Connection* c, const Exchange& ex, const Response& res) const {
    auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!info) return false;
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char date[40];
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    std::string text = "HTTP/1.1 " + std::to_string(res.status) +
                       (res.status == 413 ? " Content Too Large" : " Error") + "\r\nDate: " + date +
                       "\r\nConnection: close\r\nContent-Length: " + std::to_string(res.body.size()) +
                       "\r\nX-Content-Type-Options: nosniff\r\nContent-Security-Policy: " + kContentSecurityPolicy +
                       "\r\nX-Request-Id: " + ex.request_id + "\r\n";
    report(ex, res.status, res.error_code);
    for (const auto& [name, value] : res.headers) text += name + ": " + value + "\r\n";
    text += "\r\n" + res.body;
    auto sent = ::send(info->connect_fd, text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(info->connect_fd, SHUT_WR);
    return sent == static_cast<ssize_t>(text.size());
  }

  void run(Exchange& ex) const {
    try {
      ex.route->handler(ex.request, ex.response);
    } catch (...) {
      ex.response = error(ex.request.path, 500, "server.internal", "an exception escaped a handler");
    }
    // Method, path (ids only, no personal data: phones and names never appear in paths), status.
    if (ex.response.status >= 500 && limits.log_server_errors)
      std::cerr << ex.request.method << " " << ex.request.path << " " << ex.response.status << "\n";
  }

  void on_completed(MHD_Connection* c, void** context) {
    delete static_cast<Exchange*>(*context);
    *context = nullptr;
    // The next request on this connection: at most the idle wait, then its headers' time.
    set_deadline(c, limits.idle_timeout + limits.header_timeout);
  }

  void on_connection(MHD_Connection* c, void** socket_context, MHD_ConnectionNotificationCode code) {
    std::lock_guard lock(watch_mutex);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      auto* w = new Watch;
      if (auto* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD)) w->fd = info->connect_fd;
      w->deadline = Clock::now() + std::chrono::seconds(limits.header_timeout);
      *socket_context = w;
      watches.insert(w);
    } else if (auto* w = static_cast<Watch*>(*socket_context)) {
      watches.erase(w);
      delete w;
      *socket_context = nullptr;
    }
  }

  void watch() {
    std::unique_lock lock(watch_mutex);
    while (!watch_wake.wait_for(lock, std::chrono::milliseconds(500), [this] { return watch_stopping; })) {
      auto now = Clock::now();
      for (auto* w : watches)
        if (w->deadline && *w->deadline < now && w->fd >= 0) {
          // The event thread sees the hang-up and closes the connection (and tells on_connection).
          ::shutdown(w->fd, SHUT_RDWR);
          w->deadline.reset();
        }
    }
  }

  // The library's percent-decoding would turn "%00" into an end of string that nobody sees; we decode
  // the path and the query ourselves (decode above), so the library passes them through as they came.
  static std::size_t keep_escapes(void*, MHD_Connection*, char* s) { return std::strlen(s); }
};

Server::Server(Limits limits) : impl_(std::make_unique<Impl>(limits)) {}

Server::~Server() {
  stop(0);
  if (impl_->listen_fd >= 0) ::close(impl_->listen_fd);
}

void Server::route(std::string method, const std::string& pattern, Handler handler, std::size_t body_limit) {
  impl_->routes.push_back(
      std::make_unique<Route>(Route{std::move(method), std::regex(pattern), label_of(pattern), std::move(handler),
                                    body_limit ? body_limit : impl_->limits.default_body_limit, false}));
}

void Server::route_inline(const std::string& pattern, Handler handler) {
  impl_->routes.push_back(
      std::make_unique<Route>(Route{"GET", std::regex(pattern), label_of(pattern), std::move(handler), 0, true}));
}

void Server::serve_directory(std::string dir) {
  if (dir.empty()) return;
  std::error_code ec;
  auto root = std::filesystem::canonical(dir, ec);
  if (ec || !std::filesystem::is_directory(root)) throw std::runtime_error("cannot serve " + dir);
  impl_->web_root = root;
}

void Server::on_api_error(ApiError error) { impl_->api_error = std::move(error); }

void Server::on_answered(AnswerObserver observer) { impl_->observer = std::move(observer); }

int Server::bind(const std::string& host, int port) {
  auto& d = *impl_;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found)
    throw std::runtime_error("cannot resolve " + host);
  int fd = -1;
  int family = AF_INET;
  for (auto* a = found; a && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    // Accepted sockets inherit it: an answer goes out in several writes, and without it each waits for the
    // client's delayed ACK (40 ms).
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, d.limits.listen_backlog) != 0) {
      ::close(fd);
      fd = -1;
      continue;
    }
    family = a->ai_family;
  }
  freeaddrinfo(found);
  if (fd < 0) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port));
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
  d.listen_fd = fd;
  d.ipv6 = family == AF_INET6;
  return ntohs(d.ipv6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                      : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
}

void Server::start(const std::string& cert_pem, const std::string& key_pem) {
  auto& d = *impl_;
  const int fd = d.listen_fd;
  if (fd < 0) throw std::runtime_error("start() before bind()");
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;
  if (d.ipv6) flags |= MHD_USE_IPv6;
  d.tls = !cert_pem.empty();
  if (d.tls) {
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
      throw std::runtime_error("this libmicrohttpd has no TLS");
    }
    flags |= MHD_USE_TLS;
  }
  d.workers = std::make_unique<WorkerPool>(d.limits.workers);
  using Access =
      MHD_Result (*)(void*, MHD_Connection*, const char*, const char*, const char*, const char*, std::size_t*, void**);
  Access access = [](void* cls, MHD_Connection* c, const char* url, const char* method, const char*,
                     const char* upload_data, std::size_t* upload_size, void** context) {
    return static_cast<Impl*>(cls)->on_request(c, url, method, upload_data, upload_size, context);
  };
  MHD_RequestCompletedCallback completed = [](void* cls, MHD_Connection* c, void** context,
                                              MHD_RequestTerminationCode) {
    static_cast<Impl*>(cls)->on_completed(c, context);
  };
  MHD_NotifyConnectionCallback connection = [](void* cls, MHD_Connection* c, void** socket_context,
                                               MHD_ConnectionNotificationCode code) {
    static_cast<Impl*>(cls)->on_connection(c, socket_context, code);
  };
  MHD_OptionItem tls_options[] = {
      {d.tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, const_cast<char*>(cert_pem.c_str())},
      {MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(key_pem.c_str())},
      {MHD_OPTION_END, 0, nullptr},
  };
  d.daemon = MHD_start_daemon(
      flags, 0, nullptr, nullptr, access, &d, MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_CONNECTION_LIMIT,
      d.limits.max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT, d.limits.max_connections_per_address,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, d.limits.connection_memory, MHD_OPTION_CONNECTION_TIMEOUT,
      d.limits.idle_timeout, MHD_OPTION_NOTIFY_COMPLETED, completed, &d, MHD_OPTION_NOTIFY_CONNECTION, connection, &d,
      MHD_OPTION_UNESCAPE_CALLBACK, &Impl::keep_escapes, &d, MHD_OPTION_ARRAY, tls_options, MHD_OPTION_END);
  if (!d.daemon) {
    d.workers.reset();
    throw std::runtime_error(d.tls ? "cannot start HTTPS (is the certificate or key broken?)"
                                   : "cannot start the HTTP server");
  }
  d.listen_fd = -1;  // the daemon's now
  d.watchdog = std::thread([&d] { d.watch(); });
}

void Server::stop(unsigned grace_ms) {
  auto& d = *impl_;
  if (!d.daemon) return;
  auto until = Clock::now() + std::chrono::milliseconds(grace_ms);
  // No new connections; the listening socket comes back to us to close.
  if (auto fd = MHD_quiesce_daemon(d.daemon); fd != MHD_INVALID_SOCKET) ::close(fd);
  // Handlers in flight finish and their connections are resumed (stopping with one suspended is not allowed).
  d.workers->drain(until + std::chrono::seconds(30));
  while (Clock::now() < until) {
    auto* info = MHD_get_daemon_info(d.daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    if (!info || info->num_connections == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  MHD_stop_daemon(d.daemon);
  d.daemon = nullptr;
  d.workers.reset();
  {
    std::lock_guard lock(d.watch_mutex);
    d.watch_stopping = true;
  }
  d.watch_wake.notify_all();
  if (d.watchdog.joinable()) d.watchdog.join();
}

}  // namespace greenlight::server::http
