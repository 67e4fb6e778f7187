// Signed documents (trust lists, rule sets, status lists): JWS compact serialization (RFC 7515) with
// alg "EdDSA" (RFC 8037, Ed25519) and a protected header {"alg", "kid", "typ"}.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "greenlight/crypto.hpp"
#include "greenlight/error.hpp"
#include "greenlight/json_limits.hpp"

namespace greenlight::jws {

struct VerifiedDocument {
  std::string typ;
  Kid kid{};
  std::string payload;  // the decoded payload bytes (JSON text); parse with the limits the caller wants
};

// Finds the public key for a kid; nullopt when the kid is not trusted for this document.
using KeyLookup = std::function<std::optional<PublicKey>(const Kid&)>;

// Parses and verifies `compact`. Every failure (shape, base64url, header, typ, unknown kid, signature,
// size) is reported with `error_code`, so each document kind keeps its own code
// (trust.list_invalid, rules.list_invalid, ...).
Result<VerifiedDocument> verify(std::string_view compact, std::string_view expected_typ, const KeyLookup& key_for,
                                std::string_view error_code, std::size_t max_bytes = JsonLimits{}.max_bytes);

// Signs a JSON payload: header {"alg":"EdDSA","kid":b64url(kid),"typ":typ}.
std::string sign(const KeyPair& key, std::string_view typ, const nlohmann::json& payload);

}  // namespace greenlight::jws
