// greenlight-server: serves the checkpoint page and the signed documents verifiers need.
//   greenlight-server [--listen HOST:PORT] [--data-dir DIR] [--web-dir DIR] [--issuer ID]
// (or GREENLIGHT_LISTEN, GREENLIGHT_DATA_DIR, GREENLIGHT_WEB_DIR, GREENLIGHT_ISSUER).
#include <csignal>
#include <iostream>

#include "greenlight/keyring.hpp"
#include "routes.hpp"
#include "settings.hpp"

namespace {
httplib::Server* running = nullptr;
void stop(int) {
  if (running) running->stop();
}
}  // namespace

int main(int argc, char** argv) {
  using namespace greenlight;
  server::Settings settings;
  try {
    settings = server::parse_settings(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::invalid_argument& e) {
    std::cerr << "greenlight-server: " << e.what() << "\n";
    return 2;
  }
  auto keys = Keyring::open_or_create(settings.data_dir, settings.issuer_id);
  if (!keys) {
    std::cerr << "greenlight-server: " << keys.error().code << ": " << keys.error().message << "\n";
    return 1;
  }
  DocumentService documents(*keys);

  httplib::Server http;
  server::add_document_routes(http, documents, *keys);
  server::add_error_handling(http);
  if (!settings.web_dir.empty() && !http.set_mount_point("/", settings.web_dir)) {
    std::cerr << "greenlight-server: cannot serve " << settings.web_dir << "\n";
    return 1;
  }
  http.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
  http.set_file_extension_and_mimetype_mapping("webmanifest", "application/manifest+json");

  running = &http;
  std::signal(SIGINT, stop);
  std::signal(SIGTERM, stop);
  int port = settings.port == 0 ? http.bind_to_any_port(settings.host) : (http.bind_to_port(settings.host, settings.port) ? settings.port : -1);
  if (port < 0) {
    std::cerr << "greenlight-server: cannot listen on " << settings.host << ":" << settings.port << "\n";
    return 1;
  }
  std::cout << "greenlight-server listening on http://" << settings.host << ":" << port << std::endl;
  http.listen_after_bind();
  return 0;
}
