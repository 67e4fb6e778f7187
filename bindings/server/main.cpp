// greenlight-server: registration, check-ins and documents for verifiers (docs/api.md), and the pages.
//   greenlight-server [--listen HOST:PORT] [--db sqlite:<path>|postgresql://...] [--data-dir DIR]
//                     [--web-dir DIR] [--tls-cert PEM --tls-key PEM] [--public-url URL] [--demo] ...
// (or GREENLIGHT_LISTEN, GREENLIGHT_DB, GREENLIGHT_DATA_DIR, ...; see settings.cpp and README.md).
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>

#include "greenlight/keyring.hpp"
#include "greenlight/schema.hpp"
#include "greenlight/service.hpp"
#include "greenlight/storage.hpp"
#include "routes.hpp"
#include "settings.hpp"
#include "sms_webhook.hpp"

namespace {

httplib::Server* running = nullptr;
void stop(int) {
  if (running) running->stop();
}

int fail(const greenlight::Error& e) {
  std::cerr << "greenlight-server: " << e.code << ": " << e.message << "\n";
  return 1;
}

std::unique_ptr<httplib::Server> make_http(const greenlight::server::Settings& s) {
  auto http = s.tls_cert.empty() ? std::make_unique<httplib::Server>()
                                 : std::make_unique<httplib::SSLServer>(s.tls_cert.c_str(), s.tls_key.c_str());
  // Set before binding (accepted sockets inherit it): a response goes out in several writes, and without
  // it each waits for the client's delayed ACK (40 ms).
  http->set_tcp_nodelay(true);
  return http;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace greenlight;
  server::Settings settings;
  std::unique_ptr<service::SmsSender> sms;
  service::SmsOutbox* outbox = nullptr;
  try {
    settings = server::parse_settings(std::vector<std::string>(argv + 1, argv + argc));
    if (!settings.sms_webhook.empty()) sms = std::make_unique<server::SmsWebhook>(settings.sms_webhook);
  } catch (const std::invalid_argument& e) {
    std::cerr << "greenlight-server: " << e.what() << "\n";
    return 2;
  }
  auto keys = Keyring::open_or_create(settings.data_dir, settings.issuer_id);
  if (!keys) return fail(keys.error());
  if (!sms) {
    auto box = std::make_unique<service::SmsOutbox>((std::filesystem::path(settings.data_dir) / "sms-outbox.jsonl").string());
    outbox = box.get();
    sms = std::move(box);
  }

  auto db_url = settings.db_url.empty() ? "sqlite:" + (std::filesystem::path(settings.data_dir) / "greenlight.db").string() : settings.db_url;
  auto db = storage::Database::open(db_url);
  if (!db) return fail(db.error());
  if (auto migrated = (*db)->migrate(storage::schema_migrations()); !migrated) return fail(migrated.error());

  auto http = make_http(settings);
  if (!http->is_valid()) {
    std::cerr << "greenlight-server: cannot load the TLS certificate or key\n";
    return 1;
  }
  int port = settings.port == 0 ? http->bind_to_any_port(settings.host)
                                : (http->bind_to_port(settings.host, settings.port) ? settings.port : -1);
  if (port < 0) {
    std::cerr << "greenlight-server: cannot listen on " << settings.host << ":" << settings.port << "\n";
    return 1;
  }
  auto scheme = settings.tls_cert.empty() ? "http" : "https";
  auto origin = std::string(scheme) + "://" + settings.host + ":" + std::to_string(port);

  service::ServiceOptions options;
  options.public_url = settings.public_url.empty() ? origin + "/" : settings.public_url;
  options.otp_per_address_per_hour = settings.rate_limit_address;
  auto svc = service::Service::create(**db, *keys, *sms, options);
  if (!svc) return fail(svc.error());
  if (settings.demo) {
    auto demo = (*svc)->seed_demo();
    if (!demo) return fail(demo.error());
    if (!demo->is_null()) std::cout << "greenlight-server demo data: " << demo->dump() << std::endl;
  }

  server::add_api_routes(*http, **svc, *keys, settings.demo ? outbox : nullptr);
  server::add_error_handling(*http);
  if (!settings.web_dir.empty() && !http->set_mount_point("/", settings.web_dir)) {
    std::cerr << "greenlight-server: cannot serve " << settings.web_dir << "\n";
    return 1;
  }
  http->set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
  http->set_file_extension_and_mimetype_mapping("webmanifest", "application/manifest+json");

  running = http.get();
  std::signal(SIGINT, stop);
  std::signal(SIGTERM, stop);
  std::cout << "greenlight-server listening on " << origin << " (" << (db_url.rfind("sqlite:", 0) == 0 ? "sqlite" : "postgresql")
            << ")" << std::endl;
  http->listen_after_bind();
  return 0;
}
