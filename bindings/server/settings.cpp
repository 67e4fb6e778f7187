#include "settings.hpp"

#include <cstdlib>
#include <stdexcept>

namespace greenlight::server {
namespace {

// A personal code shown for longer than a day would be a printed card, not a dynamic code; and its status
// entries are published under the day pseudonyms of the days it may span.
constexpr std::uint64_t kMaxCodeTtl = 86400;

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? std::optional<std::string>(v) : std::nullopt;
}

void set_address(const std::string& flag, const std::string& listen, std::string& host, int& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument(flag + " must be HOST:PORT");
  host = listen.substr(0, colon);
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
    throw std::invalid_argument(flag + " must be HOST:PORT");
  }
  if (port < 0 || port > 65535) throw std::invalid_argument(flag + " port out of range");
}

void set_listen(Settings& s, const std::string& listen) { set_address("--listen", listen, s.host, s.port); }

void set_metrics_listen(Settings& s, const std::string& listen) {
  set_address("--metrics-listen", listen, s.metrics_host, s.metrics_port);
}

std::string checked_log_format(const std::string& value) {
  if (value != "text" && value != "json") throw std::invalid_argument("--log-format takes text or json");
  return value;
}

std::uint32_t positive(const std::string& flag, const std::string& value) {
  try {
    auto n = std::stoul(value);
    if (n > 0 && n < 1000000) return static_cast<std::uint32_t>(n);
  } catch (...) {
  }
  throw std::invalid_argument(flag + " must be a positive number");
}

std::uint64_t count(const std::string& flag, const std::string& value, std::uint64_t max) {
  try {
    std::size_t used = 0;
    auto n = std::stoull(value, &used);
    if (used == value.size() && n <= max) return n;
  } catch (...) {
  }
  throw std::invalid_argument(flag + " must be a whole number up to " + std::to_string(max));
}

// "market=30,office=480": minutes of presence per place category for tracing.
std::map<std::string, std::int64_t> dwell_table(const std::string& value) {
  std::map<std::string, std::int64_t> out;
  std::size_t at = 0;
  while (at <= value.size()) {
    auto comma = value.find(',', at);
    auto item = value.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) throw std::invalid_argument("--dwell-minutes takes category=minutes[,...]");
    auto minutes = count("--dwell-minutes", item.substr(eq + 1), 7 * 24 * 60);
    if (minutes == 0) throw std::invalid_argument("--dwell-minutes: minutes must be positive");
    out[item.substr(0, eq)] = static_cast<std::int64_t>(minutes);
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

void check(const Settings& s) {
  if (s.tls_cert.empty() != s.tls_key.empty()) throw std::invalid_argument("--tls-cert and --tls-key go together");
  if (!s.db_url.empty() && s.db_url.rfind("sqlite:", 0) != 0 && s.db_url.rfind("postgresql://", 0) != 0 &&
      s.db_url.rfind("postgres://", 0) != 0)
    throw std::invalid_argument("--db must be sqlite:<path> or postgresql://...");
  if (!s.db_read_url.empty() &&
      ((s.db_read_url.rfind("postgresql://", 0) != 0 && s.db_read_url.rfind("postgres://", 0) != 0) ||
       s.db_url.rfind("sqlite:", 0) == 0 || s.db_url.empty()))
    throw std::invalid_argument("--db-read must be a postgresql:// URL (a hot standby), with --db on PostgreSQL");
  if (s.metrics_port >= 0 && s.metrics_host == s.host && s.metrics_port == s.port && s.port != 0)
    throw std::invalid_argument("--metrics-listen must differ from --listen: metrics are never public");
  if (!s.public_url.empty() && s.public_url.rfind("http://", 0) != 0 && s.public_url.rfind("https://", 0) != 0)
    throw std::invalid_argument("--public-url must be an http(s) URL");
}

}  // namespace

Settings parse_settings(const std::vector<std::string>& args) {
  Settings s;
  if (auto v = env("GREENLIGHT_LISTEN")) set_listen(s, *v);
  if (auto v = env("GREENLIGHT_DATA_DIR")) s.data_dir = *v;
  if (auto v = env("GREENLIGHT_DB")) s.db_url = *v;
  if (auto v = env("GREENLIGHT_DB_READ")) s.db_read_url = *v;
  if (auto v = env("GREENLIGHT_WEB_DIR")) s.web_dir = *v;
  if (auto v = env("GREENLIGHT_ISSUER")) s.issuer_id = *v;
  if (auto v = env("GREENLIGHT_TLS_CERT")) s.tls_cert = *v;
  if (auto v = env("GREENLIGHT_TLS_KEY")) s.tls_key = *v;
  if (auto v = env("GREENLIGHT_PUBLIC_URL")) s.public_url = *v;
  if (auto v = env("GREENLIGHT_SMS_WEBHOOK")) s.sms_webhook = *v;
  if (auto v = env("GREENLIGHT_RATE_LIMIT_ADDRESS"))
    s.rate_limit_address = positive("GREENLIGHT_RATE_LIMIT_ADDRESS", *v);
  if (auto v = env("GREENLIGHT_DEMO")) s.demo = *v == "1" || *v == "true";
  if (auto v = env("GREENLIGHT_RETENTION_DAYS")) s.retention_days = count("GREENLIGHT_RETENTION_DAYS", *v, 3650);
  if (auto v = env("GREENLIGHT_GREEN_AFTER_DAYS")) s.green_after_days = count("GREENLIGHT_GREEN_AFTER_DAYS", *v, 365);
  if (auto v = env("GREENLIGHT_CODE_TTL")) s.code_ttl = count("GREENLIGHT_CODE_TTL", *v, kMaxCodeTtl);
  if (auto v = env("GREENLIGHT_REPEAT_WINDOW")) s.repeat_window = count("GREENLIGHT_REPEAT_WINDOW", *v, 86400);
  if (auto v = env("GREENLIGHT_DWELL_MINUTES")) s.dwell_minutes = dwell_table(*v);
  if (auto v = env("GREENLIGHT_LISTEN_BACKLOG")) s.listen_backlog = positive("GREENLIGHT_LISTEN_BACKLOG", *v);
  if (auto v = env("GREENLIGHT_MAX_CONNECTIONS")) s.max_connections = positive("GREENLIGHT_MAX_CONNECTIONS", *v);
  if (auto v = env("GREENLIGHT_MAX_CONNECTIONS_PER_ADDRESS"))
    s.max_connections_per_address =
        static_cast<std::uint32_t>(count("GREENLIGHT_MAX_CONNECTIONS_PER_ADDRESS", *v, 999999));
  if (auto v = env("GREENLIGHT_METRICS_LISTEN")) set_metrics_listen(s, *v);
  if (auto v = env("GREENLIGHT_LOG_FORMAT")) s.log_format = checked_log_format(*v);
  if (auto v = env("GREENLIGHT_TEST_CLOCK_OFFSET")) {
    try {
      std::size_t used = 0;
      s.test_clock_offset = std::stoll(*v, &used);
      if (used != v->size() || s.test_clock_offset < -(1LL << 40) || s.test_clock_offset > (1LL << 40))
        throw std::invalid_argument("");
    } catch (...) {
      throw std::invalid_argument("GREENLIGHT_TEST_CLOCK_OFFSET must be a whole number of seconds");
    }
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw std::invalid_argument(args[i] + " needs a value");
      return args[++i];
    };
    const auto& flag = args[i];
    if (flag == "--listen") set_listen(s, value());
    else if (flag == "--data-dir") s.data_dir = value();
    else if (flag == "--db") s.db_url = value();
    else if (flag == "--db-read") s.db_read_url = value();
    else if (flag == "--web-dir") s.web_dir = value();
    else if (flag == "--issuer") s.issuer_id = value();
    else if (flag == "--tls-cert") s.tls_cert = value();
    else if (flag == "--tls-key") s.tls_key = value();
    else if (flag == "--public-url") s.public_url = value();
    else if (flag == "--sms-webhook") s.sms_webhook = value();
    else if (flag == "--sms") {
      auto v = value();
      if (v == "outbox") s.sms_webhook.clear();
      else throw std::invalid_argument("--sms takes \"outbox\" (or use --sms-webhook URL)");
    } else if (flag == "--rate-limit-address") s.rate_limit_address = positive(flag, value());
    else if (flag == "--demo") s.demo = true;
    else if (flag == "--retention-days") s.retention_days = count(flag, value(), 3650);
    else if (flag == "--green-after-days") s.green_after_days = count(flag, value(), 365);
    else if (flag == "--dwell-minutes") s.dwell_minutes = dwell_table(value());
    else if (flag == "--code-ttl") s.code_ttl = count(flag, value(), kMaxCodeTtl);
    else if (flag == "--repeat-window") s.repeat_window = count(flag, value(), 86400);
    else if (flag == "--session-ttl") s.session_ttl = count(flag, value(), 365 * 86400);
    else if (flag == "--maintenance-interval") s.maintenance_interval = count(flag, value(), 7 * 86400);
    else if (flag == "--listen-backlog") s.listen_backlog = positive(flag, value());
    else if (flag == "--max-connections") s.max_connections = positive(flag, value());
    else if (flag == "--max-connections-per-address")
      s.max_connections_per_address = static_cast<std::uint32_t>(count(flag, value(), 999999));
    else if (flag == "--metrics-listen") set_metrics_listen(s, value());
    else if (flag == "--log-format") s.log_format = checked_log_format(value());
    else throw std::invalid_argument("unknown option " + flag);
  }
  if (s.retention_days == 0) throw std::invalid_argument("--retention-days must be at least 1");
  if (s.session_ttl == 0) throw std::invalid_argument("--session-ttl must be positive");
  if (s.code_ttl == 0) throw std::invalid_argument("--code-ttl must be positive");
  if (s.maintenance_interval == 0) throw std::invalid_argument("--maintenance-interval must be positive");
  check(s);
  return s;
}

}  // namespace greenlight::server
