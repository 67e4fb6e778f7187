// Signed documents for verifiers, re-signed daily so none is ever close to its expiry.
#include "greenlight/documents.hpp"

#include "greenlight/encoding.hpp"
#include "greenlight/issuer.hpp"
#include "greenlight/json_limits.hpp"
#include "greenlight/rule_set.hpp"

namespace greenlight {
namespace {

constexpr std::uint64_t kResignAfter = 86400;
constexpr std::uint64_t kLifetime = 30 * 86400;

bool stale(const SignedDocument& d, std::uint64_t now) { return d.jws.empty() || now >= d.iat + kResignAfter; }

}  // namespace

SignedDocument DocumentService::make(std::string jws, std::uint64_t seq, std::uint64_t iat) {
  auto digest = sha256(as_bytes(jws));
  return SignedDocument{std::move(jws), "\"" + base64url_encode(ByteView(digest.data(), 12)) + "\"", seq, iat};
}

Result<SignedDocument> DocumentService::trust_list(const IssuerKeySet& keys, std::uint64_t now) {
  std::lock_guard lock(mutex_);
  if (stale(trust_list_, now) || trust_list_generation_ != keys.generation) {
    auto jws = keys_.trust_list(keys, now);
    if (!jws) return jws.error();
    trust_list_ = make(std::move(*jws), now, now);
    trust_list_generation_ = keys.generation;
  }
  return trust_list_;
}

SignedDocument DocumentService::rules(const IssuerKeySet& keys, std::uint64_t now) {
  std::lock_guard lock(mutex_);
  if (stale(rules_, now) || rules_generation_ != keys.generation) {
    // Until an authority publishes its own, the server signs the engine's default rules.
    auto payload = published_rules_ ? *published_rules_ : *parse_json(default_rule_set_json(), JsonLimits{}, "rules.invalid");
    auto seq = published_rules_ ? published_seq_ : now;
    payload["iss"] = keys_.issuer_id;
    payload["iat"] = now;
    payload["exp"] = now + kLifetime;
    payload["seq"] = seq;
    rules_ = make(Issuer(keys.rules, keys_.issuer_id).sign_document(kRulesTyp, payload), seq, now);
    rules_generation_ = keys.generation;
  }
  return rules_;
}

void DocumentService::use_rules(nlohmann::json payload, std::uint64_t seq) {
  std::lock_guard lock(mutex_);
  published_rules_ = std::move(payload);
  published_seq_ = seq;
  rules_ = {};  // signed afresh on the next request
}

std::uint64_t DocumentService::rules_seq() {
  std::lock_guard lock(mutex_);
  return published_rules_ ? published_seq_ : 0;
}

}  // namespace greenlight
