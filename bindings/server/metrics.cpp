#include "metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace greenlight::server {
namespace {

// Label values: backslash, double quote and line feed escaped (the format's only escapes).
std::string label_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  char text[32];
  auto [end, ec] = std::to_chars(text, text + sizeof text, v);
  return ec == std::errc() ? std::string(text, end) : "NaN";
}

std::string number(std::uint64_t v) { return std::to_string(v); }

void describe(std::string& out, const char* name, const char* type, const char* help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;  // (no backslash or line feed in ours: nothing to escape)
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void sample(std::string& out, const char* name, const std::string& labels, const std::string& value) {
  out += name;
  if (!labels.empty()) out += "{" + labels + "}";
  out += ' ';
  out += value;
  out += '\n';
}

std::string label(const char* name, std::string_view value) {
  return std::string(name) + "=\"" + label_value(value) + "\"";
}

// The process's own figures, from /proc (Linux), as Prometheus's client libraries name them.
struct ProcessFigures {
  std::optional<double> resident_bytes, virtual_bytes, start_time, open_fds;
  double cpu_seconds = 0;
  std::optional<double> max_fds;
};

ProcessFigures process_figures() {
  ProcessFigures f;
  const auto page = static_cast<double>(sysconf(_SC_PAGESIZE));
  if (std::ifstream statm("/proc/self/statm"); statm) {
    double size = 0, resident = 0;
    if (statm >> size >> resident) {
      f.virtual_bytes = size * page;
      f.resident_bytes = resident * page;
    }
  }
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) == 0)
    f.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                    static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  // Start: field 22 of /proc/self/stat (clock ticks after boot; counted after the command's closing
  // parenthesis, as the command may hold spaces) plus the boot time of /proc/stat.
  std::ifstream stat("/proc/self/stat");
  std::string line;
  if (stat && std::getline(stat, line)) {
    auto close = line.rfind(')');
    if (close != std::string::npos) {
      std::istringstream fields(line.substr(close + 2));
      std::string field;
      for (int i = 3; i <= 22 && fields >> field; ++i) {
        if (i != 22) continue;
        std::ifstream boot("/proc/stat");
        std::string key;
        double btime = 0;
        while (boot >> key) {
          if (key == "btime") {
            boot >> btime;
            break;
          }
          boot.ignore(1 << 20, '\n');
        }
        if (btime > 0) f.start_time = btime + std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
      }
    }
  }
  std::error_code ec;
  double fds = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != std::filesystem::end(it);
       it.increment(ec))
    ++fds;
  if (!ec) f.open_fds = fds;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    f.max_fds = static_cast<double>(limit.rlim_cur);
  return f;
}

}  // namespace

Metrics::Metrics() {
  // Every method's series exists from the start, so "no check-ins stored lately" is a rate of zero that an
  // alert sees, not a series that is absent.
  for (const char* method : {"inspector-scan", "manual", "self-scan"}) checkins_stored_[method] = 0;
}

void Metrics::request_answered(std::string_view route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), status}];
  auto& h = durations_[std::string(route)];
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  if (bucket < kBuckets.size()) ++h.counts[bucket];
  ++h.count;
  h.sum += seconds;
}

void Metrics::storage_error() {
  std::lock_guard lock(mutex_);
  ++storage_errors_;
}

void Metrics::checkins_stored(const std::string& method, std::uint64_t count) {
  std::lock_guard lock(mutex_);
  checkins_stored_[method] += count;
}

void Metrics::checkin_rejected(const std::string& code) {
  std::lock_guard lock(mutex_);
  ++checkins_rejected_[code];
}

std::string Metrics::render(const std::optional<service::Publication>& publication) const {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    describe(out, "greenlight_http_requests_total", "counter",
             "HTTP requests answered, by route pattern (unmatched: no route) and status.");
    for (const auto& [key, count] : requests_)
      sample(out, "greenlight_http_requests_total",
             label("route", key.first) + "," + label("status", std::to_string(key.second)), number(count));

    describe(out, "greenlight_http_request_duration_seconds", "histogram",
             "Time from a request's headers in to its answer queued, by route pattern.");
    for (const auto& [route, h] : durations_) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += h.counts[i];
        sample(out, "greenlight_http_request_duration_seconds_bucket",
               label("route", route) + "," + label("le", number(kBuckets[i])), number(cumulative));
      }
      sample(out, "greenlight_http_request_duration_seconds_bucket", label("route", route) + ",le=\"+Inf\"",
             number(h.count));
      sample(out, "greenlight_http_request_duration_seconds_sum", label("route", route), number(h.sum));
      sample(out, "greenlight_http_request_duration_seconds_count", label("route", route), number(h.count));
    }

    describe(out, "greenlight_checkins_stored_total", "counter",
             "Check-ins stored, by how they were made (inspector-scan, manual, self-scan).");
    for (const auto& [method, count] : checkins_stored_)
      sample(out, "greenlight_checkins_stored_total", label("method", method), number(count));

    describe(out, "greenlight_checkins_rejected_total", "counter",
             "Check-ins not stored, by error code: a batch's records, self check-ins, whole batches refused.");
    for (const auto& [code, count] : checkins_rejected_)
      sample(out, "greenlight_checkins_rejected_total", label("code", code), number(count));

    describe(out, "greenlight_storage_errors_total", "counter",
             "Calls that failed on the database (storage.* errors), requests and maintenance.");
    sample(out, "greenlight_storage_errors_total", {}, number(storage_errors_));
  }

  if (publication) {
    describe(out, "greenlight_status_seq", "gauge", "The status sequence number the server publishes now.");
    sample(out, "greenlight_status_seq", {}, number(publication->status_seq));
    describe(out, "greenlight_document_expiry_seconds", "gauge",
             "When each signed document the server serves now expires, in unix seconds.");
    const std::pair<const char*, std::uint64_t> documents[] = {{"trust-list", publication->trust_list_expires},
                                                               {"rules", publication->rules_expires},
                                                               {"status-list", publication->status_list_expires}};
    for (const auto& [name, expires] : documents)
      if (expires) sample(out, "greenlight_document_expiry_seconds", label("document", name), number(expires));
  }

  auto process = process_figures();
  if (process.resident_bytes) {
    describe(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    sample(out, "process_resident_memory_bytes", {}, number(*process.resident_bytes));
  }
  if (process.virtual_bytes) {
    describe(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.");
    sample(out, "process_virtual_memory_bytes", {}, number(*process.virtual_bytes));
  }
  describe(out, "process_cpu_seconds_total", "counter", "User and system CPU time spent, in seconds.");
  sample(out, "process_cpu_seconds_total", {}, number(process.cpu_seconds));
  if (process.start_time) {
    describe(out, "process_start_time_seconds", "gauge", "When the process started, in unix seconds.");
    sample(out, "process_start_time_seconds", {}, number(*process.start_time));
  }
  if (process.open_fds) {
    describe(out, "process_open_fds", "gauge", "Open file descriptors.");
    sample(out, "process_open_fds", {}, number(*process.open_fds));
  }
  if (process.max_fds) {
    describe(out, "process_max_fds", "gauge", "The limit of open file descriptors.");
    sample(out, "process_max_fds", {}, number(*process.max_fds));
  }
  return out;
}

}  // namespace greenlight::server
