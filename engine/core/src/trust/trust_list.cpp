// Trust-list verification and parsing.
#include "greenlight/trust_list.hpp"

#include <algorithm>
#include <cstring>

#include "greenlight/encoding.hpp"
#include "greenlight/jws.hpp"

namespace greenlight {
namespace {

constexpr std::string_view kInvalid = "trust.list_invalid";

Error invalid(std::string message) { return make_error(std::string(kInvalid), std::move(message)); }

Result<TrustedKey> parse_key(const nlohmann::json& entry, std::size_t index) {
  std::string where = "keys[" + std::to_string(index) + "]";
  if (!entry.is_object()) return invalid(where + " must be an object");
  TrustedKey key;
  auto x = json_text(entry, "x");
  auto pk = x ? public_key_from_text(*x) : std::nullopt;
  if (!pk) return invalid(where + ".x must be base64url of a 32-byte Ed25519 public key");
  key.key = *pk;
  key.kid = kid_of(key.key);
  auto kid = json_text(entry, "kid");
  if (!kid || *kid != base64url_encode(key.kid))
    return invalid(where + ".kid must be the key's kid (first 8 bytes of SHA-256 of x)");
  auto iss = json_text(entry, "iss");
  if (!iss || iss->empty()) return invalid(where + ".iss must be a non-empty issuer id");
  key.iss = std::move(*iss);
  auto use = entry.find("use");
  if (use == entry.end() || !use->is_array()) return invalid(where + ".use must be an array");
  for (const auto& u : *use) {
    if (!u.is_string()) return invalid(where + ".use must hold strings");
    key.use.push_back(u.get<std::string>());
  }
  for (const char* name : {"nbf", "exp"}) {
    if (entry.contains(name) && !json_uint(entry, name)) return invalid(where + "." + name + " must be epoch seconds");
  }
  key.nbf = json_uint(entry, "nbf").value_or(0);
  key.exp = json_uint(entry, "exp").value_or(UINT64_MAX);
  if (key.exp < key.nbf) return invalid(where + " expires before it starts");
  return key;
}

}  // namespace

bool TrustedKey::may_sign(std::string_view what) const { return std::find(use.begin(), use.end(), what) != use.end(); }

Result<TrustList> load_trust_list(std::string_view jws_text, const TrustListCheck& check) {
  auto lookup = [&](const Kid& kid) -> std::optional<PublicKey> {
    if (check.roots)
      for (const auto& root : *check.roots)
        if (kid_of(root) == kid) return root;
    return std::nullopt;
  };
  auto doc = jws::verify(jws_text, kTrustListTyp, lookup, kInvalid);
  if (!doc) return doc.error();
  auto payload = parse_json(doc->payload, JsonLimits{}, kInvalid);
  if (!payload) return payload.error();
  if (!payload->is_object()) return invalid("trust-list payload must be a JSON object");

  TrustList list;
  auto iss = json_text(*payload, "iss");
  auto iat = json_uint(*payload, "iat");
  auto exp = json_uint(*payload, "exp");
  auto seq = json_uint(*payload, "seq");
  if (!iss || !iat || !exp || !seq) return invalid("trust list needs iss (text) and iat, exp, seq (unsigned integers)");
  list.iss = std::move(*iss);
  list.iat = *iat;
  list.exp = *exp;
  list.seq = *seq;
  auto keys = payload->find("keys");
  if (keys == payload->end() || !keys->is_array()) return invalid("trust list needs a keys array");
  list.keys.reserve(keys->size());
  for (std::size_t i = 0; i < keys->size(); ++i) {
    auto key = parse_key((*keys)[i], i);
    if (!key) return key.error();
    list.keys.push_back(std::move(*key));
  }

  auto skew = static_cast<std::uint64_t>(std::max<std::int64_t>(0, check.skew_seconds));
  if (check.now > skew && list.exp < check.now - skew)
    return make_error("trust.list_expired", "trust list expired at " + std::to_string(list.exp));
  if (check.loaded_seq && list.seq < *check.loaded_seq)
    return make_error("trust.list_stale", "trust list seq " + std::to_string(list.seq) + " is older than the loaded " +
                                              std::to_string(*check.loaded_seq));
  return list;
}

}  // namespace greenlight
