// Server settings from flags, falling back to GREENLIGHT_* environment variables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace greenlight::server {

struct Settings {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string data_dir = "greenlight-data";
  std::string db_url;   // sqlite:<path> | postgresql://...; default sqlite:<data_dir>/greenlight.db
  std::string web_dir;  // the built pages (web/dist); empty: none served
  std::string issuer_id = "gl:demo";
  std::string tls_cert, tls_key;  // PEM files; both or neither
  std::string public_url;         // where users reach us (place codes point into it); default from --listen
  std::string sms_webhook;        // empty: the outbox file in the data dir
  std::uint32_t rate_limit_address = 30;  // one-time codes per client address per hour
  bool demo = false;
};

// Throws std::invalid_argument with a message for the user (main prints it and exits 2).
Settings parse_settings(const std::vector<std::string>& args);

}  // namespace greenlight::server
