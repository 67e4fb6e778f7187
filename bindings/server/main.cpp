// greenlight-server: registration, check-ins, tracing and documents for verifiers (docs/api.md), and the pages.
//   greenlight-server [--listen HOST:PORT] [--db sqlite:<path>|postgresql://...] [--data-dir DIR]
//                     [--web-dir DIR] [--tls-cert PEM --tls-key PEM] [--public-url URL] [--demo]
//                     [--listen-backlog N] [--max-connections N] [--max-connections-per-address N]
//                     [--metrics-listen HOST:PORT] [--log-format text|json] [--db-read postgresql://...] ...
//   greenlight-server authority add --username U --display-name NAME [--db ...] [--data-dir ...]
//                     (the password is read from standard input, one line)
//   greenlight-server authority disable --username U [--db ...] [--data-dir ...]
//                     (its sessions end at once; it can no longer sign in)
//   greenlight-server keys export --use person|proxy|place|rules|status|regions --out FILE [--db ...] [--data-dir ...]
//                     (the active issuer key as a key file, mode 0600, for `greenlight issue`)
//   greenlight-server shards init --db COORD_URL --shard URL [--shard URL ...] [--data-dir DIR]
//                     (PostgreSQL: check-ins laid out over the shard servers by place; idempotent; migrates an
//                     empty coordinator first; docs/scaling.md)
//   greenlight-server backup --out DIR [--db ...] [--data-dir ...]
//                     (while the server runs: the SQLite database as DIR/greenlight.db and the keys as DIR/keys;
//                     on PostgreSQL the keys only, the database with PostgreSQL's tools: docs/deploy.md)
// (or GREENLIGHT_LISTEN, GREENLIGHT_DB, GREENLIGHT_DATA_DIR, ...; see settings.cpp and README.md).
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include <signal.h>
#include <sys/resource.h>

#include <nlohmann/json.hpp>

#include "greenlight/server/backup.hpp"
#include "greenlight/server/checkin_layout.hpp"
#include "greenlight/server/keyring.hpp"
#include "greenlight/server/schema.hpp"
#include "greenlight/server/service.hpp"
#include "greenlight/server/storage.hpp"
#include "log.hpp"
#include "metrics.hpp"
#include "routes.hpp"
#include "settings.hpp"
#include "sms_webhook.hpp"

namespace {

// Threads running handlers: each holds one while it waits on the database, so as many as the database
// serves well at once; connections themselves cost no thread.
constexpr std::size_t kWorkers = 32;

int fail(const greenlight::Error& e) {
  greenlight::server::log_message("error", e.code + ": " + e.message);
  return 1;
}

bool storage_failure(std::string_view code) { return code.rfind("storage.", 0) == 0; }

// Runs the service's maintenance (retention purge, automatic return to green) at start and then every
// `interval` seconds, until stopped.
class MaintenanceLoop {
 public:
  MaintenanceLoop(greenlight::service::Service& service, std::uint64_t interval, greenlight::server::Metrics& metrics)
      : thread_([this, &service, interval, &metrics] {
          std::unique_lock lock(mutex_);
          while (!stopping_) {
            lock.unlock();
            auto done = service.maintain();
            if (!done) {
              greenlight::server::log_message("error",
                                              "maintenance: " + done.error().code + ": " + done.error().message);
              if (storage_failure(done.error().code)) metrics.storage_error();
            }
            lock.lock();
            wake_.wait_for(lock, std::chrono::seconds(interval), [this] { return stopping_; });
          }
        }) {}
  ~MaintenanceLoop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// A subcommand's own flags (`authority add --username U`, `backup --out DIR`), taken out of args after the
// subcommand's `words` (two or one); the rest are server settings. All are required.
std::map<std::string, std::string> take_flags(std::vector<std::string>& args, const std::vector<std::string>& names,
                                              const std::string& usage, std::size_t words = 2) {
  std::map<std::string, std::string> out;
  std::vector<std::string> rest;
  for (std::size_t i = words; i < args.size(); ++i) {
    if (std::find(names.begin(), names.end(), args[i]) != names.end() && i + 1 < args.size()) {
      out[args[i]] = args[i + 1];
      ++i;
    } else {
      rest.push_back(args[i]);
    }
  }
  for (const auto& name : names)
    if (out[name].empty()) throw std::invalid_argument(usage);
  args = rest;
  return out;
}

// Every `name VALUE` after the subcommand's `words`, taken out of args (`--shard URL --shard URL`).
std::vector<std::string> take_repeated_flag(std::vector<std::string>& args, const std::string& name,
                                            std::size_t words) {
  std::vector<std::string> values, rest;
  for (std::size_t i = words; i < args.size(); ++i) {
    if (args[i] == name && i + 1 < args.size()) values.push_back(args[++i]);
    else rest.push_back(args[i]);
  }
  args = rest;
  return values;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A burst of connections needs as many descriptors: take all the hard limit allows.
void raise_open_files_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace greenlight;
  server::Settings settings;
  std::unique_ptr<service::SmsSender> sms;
  service::SmsOutbox* outbox = nullptr;
  std::optional<std::map<std::string, std::string>> authority_add, authority_disable, key_export, backup;
  std::optional<std::vector<std::string>> shard_urls;
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && args[0] == "authority") {
      if (args.size() >= 2 && args[1] == "disable") {
        authority_disable = take_flags(args, {"--username"}, "authority disable needs --username U");
      } else {
        if (args.size() < 2 || args[1] != "add")
          throw std::invalid_argument(
              "usage: greenlight-server authority add|disable --username U [--display-name NAME]");
        authority_add = take_flags(args, {"--username", "--display-name"},
                                   "authority add needs --username U --display-name NAME (password on standard input)");
      }
    } else if (!args.empty() && args[0] == "keys") {
      if (args.size() < 2 || args[1] != "export")
        throw std::invalid_argument("usage: greenlight-server keys export --use USE --out FILE");
      key_export = take_flags(args, {"--use", "--out"}, "keys export needs --use USE --out FILE");
    } else if (!args.empty() && args[0] == "backup") {
      backup = take_flags(args, {"--out"}, "backup needs --out DIR", 1);
    } else if (!args.empty() && args[0] == "shards") {
      if (args.size() < 2 || args[1] != "init")
        throw std::invalid_argument(
            "usage: greenlight-server shards init --db COORD_URL --shard URL [--shard URL ...]");
      shard_urls = take_repeated_flag(args, "--shard", 2);
      if (shard_urls->empty()) throw std::invalid_argument("shards init needs at least one --shard URL");
    }
    settings = server::parse_settings(args);
    if (!settings.sms_webhook.empty()) sms = std::make_unique<server::SmsWebhook>(settings.sms_webhook);
    server::set_log_format(settings.log_format == "json" ? server::LogFormat::json : server::LogFormat::text);
  } catch (const std::invalid_argument& e) {
    std::cerr << "greenlight-server: " << e.what() << "\n";
    return 2;
  }
  auto db_url = settings.db_url.empty()
                    ? "sqlite:" + (std::filesystem::path(settings.data_dir) / "greenlight.db").string()
                    : settings.db_url;

  // Before the keyring is opened: a backup reads the data directory and creates nothing in it.
  if (backup) {
    auto report = service::back_up(db_url, settings.data_dir, (*backup)["--out"]);
    if (!report) return fail(report.error());
    nlohmann::json out = {{"out", report->out_dir},
                          {"database", report->database ? nlohmann::json(*report->database) : nlohmann::json()},
                          {"databaseBytes", report->database_bytes},
                          {"keyFiles", report->key_files}};
    std::cout << out.dump() << std::endl;
    if (!report->database)
      std::cerr << "greenlight-server: the keys are copied; PostgreSQL itself is backed up with pg_basebackup and WAL "
                   "archiving, or pg_dump (docs/deploy.md)\n";
    return 0;
  }

  auto keys = Keyring::open_or_create(settings.data_dir, settings.issuer_id);
  if (!keys) return fail(keys.error());
  if (!sms) {
    auto box =
        std::make_unique<service::SmsOutbox>((std::filesystem::path(settings.data_dir) / "sms-outbox.jsonl").string());
    outbox = box.get();
    sms = std::move(box);
  }

  auto db = storage::Database::open(db_url);
  if (!db) return fail(db.error());
  if (auto migrated = (*db)->migrate(storage::schema_migrations()); !migrated) return fail(migrated.error());

  if (shard_urls) {
    // The shards get day partitions from the retention cutoff to a week ahead, as a server's start would.
    auto today = static_cast<std::int64_t>(system_clock_now()) / 86400;
    auto layout = storage::init_checkin_shards(
        **db, *shard_urls, today - static_cast<std::int64_t>(settings.retention_days) - 1, today + 7);
    if (!layout) return fail(layout.error());
    std::cout << nlohmann::json{{"shards", layout->shards.size()}, {"created", layout->created}}.dump() << std::endl;
    return 0;
  }

  service::ServiceOptions options;
  options.otp_per_address_per_hour = settings.rate_limit_address;
  options.retention_days = settings.retention_days;
  options.green_after_days = settings.green_after_days;
  options.dwell_minutes = settings.dwell_minutes;
  options.session_ttl = settings.session_ttl;
  options.code_ttl = settings.code_ttl;
  options.repeat_window = settings.repeat_window;
  if (settings.test_clock_offset != 0) {
    server::log_message("warning",
                        "testing with the clock moved by " + std::to_string(settings.test_clock_offset) + " s");
    options.clock = [offset = settings.test_clock_offset] {
      return static_cast<std::uint64_t>(static_cast<std::int64_t>(system_clock_now()) + offset);
    };
  }

  if (authority_add) {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    auto svc = service::Service::create(**db, *keys, *sms, options);
    if (!svc) return fail(svc.error());
    auto added = (*svc)->add_authority((*authority_add)["--username"], (*authority_add)["--display-name"], password);
    if (!added) return fail(added.error());
    std::cout << added->dump() << std::endl;
    return 0;
  }

  if (authority_disable) {
    auto svc = service::Service::create(**db, *keys, *sms, options);
    if (!svc) return fail(svc.error());
    auto disabled = (*svc)->disable_authority((*authority_disable)["--username"]);
    if (!disabled) return fail(disabled.error());
    std::cout << disabled->dump() << std::endl;
    return 0;
  }

  if (key_export) {
    auto svc = service::Service::create(**db, *keys, *sms, options);
    if (!svc) return fail(svc.error());
    auto key = (*svc)->active_issuer_key((*key_export)["--use"]);
    if (!key) return fail(key.error());
    if (auto written = write_key_file((*key_export)["--out"], *key); !written) return fail(written.error());
    return 0;
  }

  // SIGINT and SIGTERM are taken by sigwait below; blocked before any thread starts, so none gets them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a client gone mid-answer is an error on its write, not our end
  raise_open_files_limit();

  server::http::Limits limits;
  limits.listen_backlog = static_cast<int>(settings.listen_backlog);
  limits.max_connections = settings.max_connections;
  limits.max_connections_per_address = settings.max_connections_per_address;
  limits.workers = kWorkers;
  // With JSON logs every request has its line, 5xx ones too; the plain 5xx line would break the format.
  limits.log_server_errors = server::log_format() == server::LogFormat::text;
  server::http::Server http(limits);
  // The metrics listener: its own socket, its one route, few connections (Prometheus and an operator).
  server::http::Limits metrics_limits;
  metrics_limits.listen_backlog = 64;
  metrics_limits.max_connections = 64;
  metrics_limits.max_connections_per_address = 0;
  metrics_limits.workers = 1;
  metrics_limits.log_server_errors = limits.log_server_errors;
  server::http::Server metrics_http(metrics_limits);
  int metrics_port = -1;
  int port = -1;
  std::string tls_cert, tls_key;
  try {
    if (!settings.tls_cert.empty()) {
      tls_cert = read_file(settings.tls_cert);
      tls_key = read_file(settings.tls_key);
    }
    http.serve_directory(settings.web_dir);
    port = http.bind(settings.host, settings.port);
    if (settings.metrics_port >= 0) metrics_port = metrics_http.bind(settings.metrics_host, settings.metrics_port);
  } catch (const std::exception& e) {
    std::cerr << "greenlight-server: " << e.what() << "\n";
    return 1;
  }
  auto scheme = settings.tls_cert.empty() ? "http" : "https";
  auto origin = std::string(scheme) + "://" + settings.host + ":" + std::to_string(port);

  options.public_url = settings.public_url.empty() ? origin + "/" : settings.public_url;
  // The hot standby for previews and statistics: never migrated (it follows the primary); must answer at start.
  std::unique_ptr<storage::Database> read_db;
  if (!settings.db_read_url.empty()) {
    auto opened = storage::Database::open(settings.db_read_url);
    if (!opened) return fail(opened.error());
    read_db = std::move(*opened);
    options.read_db = read_db.get();
  }
  server::Metrics metrics;
  options.metrics = &metrics;
  auto svc = service::Service::create(**db, *keys, *sms, options);
  if (!svc) return fail(svc.error());
  // Check-ins need today's day partition before the first one arrives (PostgreSQL).
  if (auto days = (*svc)->prepare_checkin_days(); !days) return fail(days.error());
  if (settings.demo) {
    auto demo = (*svc)->seed_demo();
    if (!demo) return fail(demo.error());
    if (!demo->is_null()) std::cout << "greenlight-server demo data: " << demo->dump() << std::endl;
  }

  // Routes are in place before the first request is read: the server answers nothing until they are.
  server::add_api_routes(http, **svc, *keys, settings.demo ? outbox : nullptr);
  server::add_error_handling(http);
  http.on_answered([&metrics](const server::http::Answered& answered) {
    metrics.request_answered(answered.route, answered.status, answered.seconds);
    if (storage_failure(answered.error_code)) metrics.storage_error();
    if (server::log_format() == server::LogFormat::json) server::log_request(answered);
  });
  if (metrics_port >= 0) {
    metrics_http.route("GET", "/metrics",
                       [&metrics, &service = **svc](const server::http::Request&, server::http::Response& res) {
                         auto publication = service.publication();
                         if (!publication && storage_failure(publication.error().code)) metrics.storage_error();
                         res.set_header("Cache-Control", "no-store");
                         res.set_content(metrics.render(publication ? std::optional(*publication) : std::nullopt),
                                         server::kMetricsContentType);
                       });
  }
  try {
    http.start(tls_cert, tls_key);
    if (metrics_port >= 0) metrics_http.start();
  } catch (const std::exception& e) {
    std::cerr << "greenlight-server: " << e.what() << "\n";
    return 1;
  }
  // (Before the line below, which tells tests and scripts that the server is up.)
  if (metrics_port >= 0)
    std::cout << "greenlight-server metrics on http://" << settings.metrics_host << ":" << metrics_port << "/metrics"
              << std::endl;

  std::cout << "greenlight-server listening on " << origin << " ("
            << (db_url.rfind("sqlite:", 0) == 0 ? "sqlite" : "postgresql") << ")" << std::endl;
  MaintenanceLoop maintenance(**svc, settings.maintenance_interval, metrics);
  int signal = 0;
  sigwait(&stop_signals, &signal);
  http.stop();
  metrics_http.stop();
  return 0;
}
