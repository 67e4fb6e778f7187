// What greenlight-server writes to standard error: by default its own messages as plain lines (and a line
// per 5xx answer, from the HTTP layer); with --log-format json, one JSON object per line, one per answered
// request and one per message of its own (docs/deploy.md "Logs").
#pragma once

#include <string>
#include <string_view>

#include "http_server.hpp"

namespace greenlight::server {

enum class LogFormat { text, json };

// Set once at start, before any thread that logs.
void set_log_format(LogFormat format);
LogFormat log_format();

// A message of the server's own: "greenlight-server: <text>", or {"time","level","message"}.
void log_message(std::string_view level, std::string_view text);

// One answered request as a JSON line: time, level, method, route, status, duration_ms, request_id and the
// error code if any. Nothing of the client's (path, query, headers, body) is in it.
std::string request_log_line(const http::Answered& answered);
void log_request(const http::Answered& answered);

}  // namespace greenlight::server
