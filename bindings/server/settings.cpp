#include "settings.hpp"

#include <cstdlib>
#include <stdexcept>

namespace greenlight::server {
namespace {

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? std::optional<std::string>(v) : std::nullopt;
}

void set_listen(Settings& s, const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("--listen must be HOST:PORT");
  s.host = listen.substr(0, colon);
  try {
    s.port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
    throw std::invalid_argument("--listen must be HOST:PORT");
  }
  if (s.port < 0 || s.port > 65535) throw std::invalid_argument("--listen port out of range");
}

}  // namespace

Settings parse_settings(const std::vector<std::string>& args) {
  Settings s;
  if (auto v = env("GREENLIGHT_LISTEN")) set_listen(s, *v);
  if (auto v = env("GREENLIGHT_DATA_DIR")) s.data_dir = *v;
  if (auto v = env("GREENLIGHT_WEB_DIR")) s.web_dir = *v;
  if (auto v = env("GREENLIGHT_ISSUER")) s.issuer_id = *v;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw std::invalid_argument(args[i] + " needs a value");
      return args[++i];
    };
    if (args[i] == "--listen")
      set_listen(s, value());
    else if (args[i] == "--data-dir")
      s.data_dir = value();
    else if (args[i] == "--web-dir")
      s.web_dir = value();
    else if (args[i] == "--issuer")
      s.issuer_id = value();
    else
      throw std::invalid_argument("unknown option " + args[i]);
  }
  return s;
}

}  // namespace greenlight::server
