#include "log.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <mutex>

#include <nlohmann/json.hpp>

namespace greenlight::server {
namespace {

LogFormat format_ = LogFormat::text;
std::mutex write_mutex;  // whole lines, never two interleaved

// RFC 3339 in UTC with milliseconds: 2026-12-05T22:58:03.123Z.
std::string rfc3339_now() {
  auto now = std::chrono::system_clock::now();
  auto seconds = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
  return text;
}

void write_line(const std::string& line) {
  std::lock_guard lock(write_mutex);
  std::cerr << line << '\n' << std::flush;
}

// Fields in the order written (time first), text that is not UTF-8 replaced.
std::string json_line(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void set_log_format(LogFormat format) { format_ = format; }
LogFormat log_format() { return format_; }

void log_message(std::string_view level, std::string_view text) {
  if (format_ == LogFormat::text) return write_line("greenlight-server: " + std::string(text));
  write_line(json_line({{"time", rfc3339_now()}, {"level", level}, {"message", text}}));
}

std::string request_log_line(const http::Answered& a) {
  nlohmann::ordered_json line;
  line["time"] = rfc3339_now();
  line["level"] = a.status >= 500 ? "error" : "info";
  line["method"] = a.method;
  line["route"] = a.route;
  line["status"] = a.status;
  line["duration_ms"] = std::round(a.seconds * 1e6) / 1e3;  // to the microsecond
  line["request_id"] = a.request_id;
  if (!a.error_code.empty()) line["error_code"] = a.error_code;
  return json_line(line);
}

void log_request(const http::Answered& answered) { write_line(request_log_line(answered)); }

}  // namespace greenlight::server
