// The HTTP layer of greenlight-server, on GNU libmicrohttpd: routing, body limits enforced while reading,
// connection limits, slow-client deadlines, static pages, security headers. Nothing here knows the service.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace greenlight::server::http {

struct Request {
  std::string method;                             // HEAD is routed as GET (the library drops the body)
  std::string path;                               // percent-decoded; never holds a NUL (refused before routing)
  std::vector<std::string> params;                // the route's captures
  std::multimap<std::string, std::string> query;  // decoded
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string remote_addr;
  // The first header of that (lower-case) name; empty when absent.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string error_code;  // an error answer's stable code (request logs and metrics; never sent as a header)
  void set_header(std::string name, std::string value);
  void set_content(std::string content, std::string type);
};

using Handler = std::function<void(const Request&, Response&)>;

// One answered request, for logs and metrics: nothing of the client's (no path, query, header or body).
struct Answered {
  std::string_view method;
  std::string_view route;  // the route's pattern ("/api/v1/places/{id}"), "static" for a page, else "unmatched"
  int status = 0;
  double seconds = 0;           // from its headers in to its answer queued
  std::string_view request_id;  // also sent as X-Request-Id
  std::string_view error_code;  // empty for a success
};
using AnswerObserver = std::function<void(const Answered&)>;

// An error of the HTTP layer itself (http.not_found, http.method, http.body_too_large, request.invalid) for
// an /api/ path: the routes turn it into the API's JSON error shape.
using ApiError = std::function<void(Response&, std::string_view code, const std::string& message)>;

struct Limits {
  int listen_backlog = 1024;                    // pending connections the kernel queues for us
  unsigned max_connections = 4096;              // open at once; more wait in the backlog
  unsigned max_connections_per_address = 1024;  // 0: no per-address limit
  std::size_t connection_memory = 32u << 10;    // per connection: request line and headers must fit
  unsigned idle_timeout = 10;                   // s without a byte either way closes a connection
  unsigned header_timeout = 10;                 // s to send a request's line and headers
  unsigned body_timeout = 120;                  // s to send a body once the headers are in
  std::size_t workers = 32;                     // threads running handlers (database work)
  std::size_t default_body_limit = 64u << 10;
  bool log_server_errors = true;  // a plain line on standard error for each 5xx answer
};

class Server {
 public:
  explicit Server(Limits limits);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // pattern: a regular expression over the whole decoded path; its groups become Request::params. Logs and
  // metrics name the route by its pattern, each group written {id}.
  // body_limit: bytes; a longer body is refused with 413 while it is read, never buffered.
  void route(std::string method, const std::string& pattern, Handler handler, std::size_t body_limit = 0);
  // A GET answered on the event thread (cheap and never blocking: redirects).
  void route_inline(const std::string& pattern, Handler handler);
  void serve_directory(std::string dir);  // pages; "" serves none
  void on_api_error(ApiError error);
  // Called on the event thread as each answer is queued (before the client can have it); must be quick.
  void on_answered(AnswerObserver observer);

  // Binds host:port (port 0: any) and listens; returns the port. Nothing is read before start().
  // Throws std::runtime_error with a message for the operator.
  int bind(const std::string& host, int port);
  // Serves (HTTPS with cert and key, PEM text). Routes must be in place: they are read without a lock.
  void start(const std::string& cert_pem = {}, const std::string& key_pem = {});
  // Stops accepting, lets handlers in flight finish and answer (up to grace_ms), then closes everything.
  void stop(unsigned grace_ms = 1000);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace greenlight::server::http
