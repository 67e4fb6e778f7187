#include "http_status.hpp"

#include <array>
#include <utility>

namespace greenlight::server {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

constexpr std::array<std::pair<std::string_view, int>, 29> kExact = {{
    {"http.method", 405},
    {"auth.required", 401},
    {"auth.otp", 401},
    {"auth.password", 401},
    {"case.confirmed", 409},
    {"authority.exists", 409},
    {"auth.forbidden", 403},
    {"auth.rate_limited", 429},
    {"place.declaration_code", 404},
    {"person.identity_required", 409},
    {"person.identity_exists", 409},
    {"person.ambiguous", 409},
    {"person.claim_required", 409},
    {"person.claim_invalid", 409},
    {"proxy.person_exists", 409},
    {"person.declaration_required", 409},
    {"proxy.revoked", 409},
    {"proxy.limit", 409},
    {"proxy.identity_mismatch", 409},
    {"place.admin_exists", 409},
    {"checkpoint.exists", 409},
    {"checkin.batch_too_large", 413},
    {"http.body_too_large", 413},
    {"http.content_type", 415},
    {"sms.unavailable", 503},
    {"storage.unavailable", 503},
    {"keyring.root", 503},
    {"keys.offline_root", 409},
    {"server.internal", 500},
}};

}  // namespace

int http_status_for(std::string_view code) {
  for (auto [name, status] : kExact)
    if (code == name) return status;
  if (ends_with(code, ".not_found")) return 404;
  // Failures of our own data or documents, not of the request: never blame the caller.
  for (std::string_view internal : {"storage.", "keyring.", "pii.", "print.", "qr."})
    if (code.rfind(internal, 0) == 0) return 500;
  return 400;  // request.*, person.*, place.invalid, and the engine's format/crypto/time/trust codes
}

}  // namespace greenlight::server
