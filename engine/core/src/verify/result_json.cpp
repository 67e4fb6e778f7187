// VerifyResult -> JSON (one shape for every front end). Written directly as text: this runs once per
// scan on the checkpoint's hot path, where building a JSON tree first cost more than the parsing did.
#include "greenlight/result_json.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "json_text.hpp"

namespace greenlight {
namespace detail {

JsonText& JsonText::real(double v) {
  char buffer[32];
  if (!std::isfinite(v)) return null();
  if (v > -1e15 && v < 1e15 && v == static_cast<double>(static_cast<long long>(v))) {
    std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(v));
  } else {
    for (int precision = 15; precision <= 17; ++precision) {  // the shortest that reads back exactly
      std::snprintf(buffer, sizeof buffer, "%.*g", precision, v);
      if (std::strtod(buffer, nullptr) == v) break;
    }
  }
  out_ += buffer;
  return *this;
}

}  // namespace detail

using detail::JsonText;

std::string to_json_text(const VerifyResult& r) {
  JsonText j;
  j.open();
  j.key("valid").boolean(r.valid);
  j.key("error");
  r.error ? j.error(*r.error) : j.null();
  j.key("credential");
  r.credential ? j.credential(*r.credential) : j.null();
  j.close();
  return j.take();
}

std::string to_json_text(const Error& e) { return JsonText().error(e).take(); }

nlohmann::ordered_json to_json(const Credential& c) {
  return nlohmann::ordered_json::parse(JsonText().credential(c).take());
}
nlohmann::ordered_json to_json(const Error& e) { return nlohmann::ordered_json::parse(to_json_text(e)); }
nlohmann::ordered_json to_json(const VerifyResult& r) { return nlohmann::ordered_json::parse(to_json_text(r)); }

}  // namespace greenlight
