// The trust list: which issuer keys may sign which credentials, signed by a configured root key.
// Payload: {"iss","iat","exp","seq","keys":[{"kid","x","iss","use":[...],"nbf","exp"}]} (docs/format.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "greenlight/crypto.hpp"
#include "greenlight/error.hpp"

namespace greenlight {

constexpr std::string_view kTrustListTyp = "gl-trust-list";

struct TrustedKey {
  Kid kid{};
  PublicKey key{};
  std::string iss;               // the issuer id that may use this key
  std::vector<std::string> use;  // what it may sign: person, proxy, place, rules, status
  std::uint64_t nbf = 0;         // credentials must be issued within [nbf, exp]
  std::uint64_t exp = UINT64_MAX;

  bool may_sign(std::string_view what) const;
};

struct TrustList {
  std::string iss;
  std::uint64_t iat = 0;
  std::uint64_t exp = 0;
  std::uint64_t seq = 0;
  std::vector<TrustedKey> keys;

  // Keys with this kid (kids are 8 bytes, so a collision is possible and every match is tried).
  template <typename F>
  bool for_each_key(const Kid& kid, F&& f) const {
    for (const auto& k : keys)
      if (k.kid == kid && f(k)) return true;
    return false;
  }
};

struct TrustListCheck {
  const std::vector<PublicKey>* roots = nullptr;
  std::uint64_t now = 0;
  std::int64_t skew_seconds = 60;
  std::optional<std::uint64_t> loaded_seq;  // the seq of the list in use, if any
};

// Verifies and parses a trust-list JWS. Errors: trust.list_invalid (signature, signer not a root, shape),
// trust.list_expired (exp before now - skew), trust.list_stale (seq lower than the loaded one).
Result<TrustList> load_trust_list(std::string_view jws, const TrustListCheck& check);

}  // namespace greenlight
