// The Issuer signs GL1 credentials and JWS documents with one key (used by the server, the CLI and tests).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "greenlight/credential.hpp"
#include "greenlight/crypto.hpp"
#include "greenlight/error.hpp"

namespace greenlight {

class Issuer {
 public:
  Issuer(KeyPair key, std::string issuer_id) : key_(std::move(key)), iss_(std::move(issuer_id)) {}

  // Signs the credential with this issuer's id as iss and returns the QR text "GL1:...".
  // Fails with format.claims when the credential breaks the format's rules.
  Result<std::string> issue(Credential credential) const;

  // Signs arbitrary claim bytes (tests and tools that need malformed-but-signed codes).
  std::string issue_raw_claims(ByteView claims) const;

  // A JWS document of the given typ (gl-trust-list, gl-rules, gl-status-list).
  std::string sign_document(std::string_view typ, const nlohmann::json& payload) const;

  const KeyPair& key() const { return key_; }
  const std::string& id() const { return iss_; }

 private:
  KeyPair key_;
  std::string iss_;
};

}  // namespace greenlight
