// Server settings from flags, falling back to GREENLIGHT_* environment variables.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace greenlight::server {

struct Settings {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string data_dir = "greenlight-data";
  std::string web_dir;  // the built checkpoint page (web/dist); empty: none served
  std::string issuer_id = "gl:demo";
};

// Throws std::invalid_argument with a message for the user (main prints it and exits 2).
Settings parse_settings(const std::vector<std::string>& args);

}  // namespace greenlight::server
