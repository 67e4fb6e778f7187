// Signed documents for verifiers, re-signed daily so none is ever close to its expiry.
#include "greenlight/server/documents.hpp"

#include <algorithm>

#include "greenlight/encoding.hpp"
#include "greenlight/issuer.hpp"
#include "greenlight/json_limits.hpp"
#include "greenlight/region_risk.hpp"
#include "greenlight/rule_set.hpp"

namespace greenlight {
namespace {

constexpr std::uint64_t kResignEvery = 86400;
constexpr std::uint64_t kLifetime = 30 * 86400;

std::uint64_t day_of(std::uint64_t now) { return now - now % kResignEvery; }

}  // namespace

SignedDocument DocumentService::make(std::string jws, std::uint64_t seq, std::uint64_t iat) {
  auto digest = sha256(as_bytes(jws));
  return SignedDocument{std::move(jws), "\"" + base64url_encode(ByteView(digest.data(), 12)) + "\"", seq, iat};
}

Result<SignedDocument> DocumentService::trust_list(const IssuerKeySet& keys, std::uint64_t now) {
  std::lock_guard lock(mutex_);
  auto day = day_of(now);
  if (trust_list_.jws.empty() || trust_list_day_ != day || trust_list_generation_ != keys.generation) {
    auto iat = std::max(day, keys.changed_at);
    auto jws = keys_.trust_list(keys, iat);
    if (!jws) return jws.error();
    trust_list_ = make(std::move(*jws), iat, iat);
    trust_list_generation_ = keys.generation;
    trust_list_day_ = day;
  }
  return trust_list_;
}

SignedDocument DocumentService::rules(const IssuerKeySet& keys, std::uint64_t now) {
  std::lock_guard lock(mutex_);
  auto day = day_of(now);
  if (rules_.jws.empty() || rules_day_ != day || rules_generation_ != keys.generation) {
    // Until an authority publishes its own, the server signs the engine's default rules.
    auto payload =
        published_rules_ ? *published_rules_ : *parse_json(default_rule_set_json(), JsonLimits{}, "rules.invalid");
    // A published set's seq is its publication time (or just after the previous one's).
    auto iat = std::max({day, keys.changed_at, published_rules_ ? published_seq_ : 0});
    auto seq = published_rules_ ? published_seq_ : iat;
    payload["iss"] = keys_.issuer_id;
    payload["iat"] = iat;
    payload["exp"] = iat + kLifetime;
    payload["seq"] = seq;
    rules_ = make(Issuer(keys.rules, keys_.issuer_id).sign_document(kRulesTyp, payload), seq, iat);
    rules_generation_ = keys.generation;
    rules_day_ = day;
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

SignedDocument DocumentService::region_risk(const IssuerKeySet& keys, std::uint64_t now) {
  std::lock_guard lock(mutex_);
  auto day = day_of(now);
  if (region_risk_.jws.empty() || region_risk_day_ != day || region_risk_generation_ != keys.generation) {
    // Like the rules: iat is the day's start, the last key change or the publication, whichever is later.
    auto iat = std::max({day, keys.changed_at, published_regions_seq_});
    nlohmann::json payload = {{"iss", keys_.issuer_id},
                              {"iat", iat},
                              {"exp", iat + kLifetime},
                              {"seq", published_regions_seq_},
                              {"regions", published_regions_}};
    region_risk_ =
        make(Issuer(keys.regions, keys_.issuer_id).sign_document(kRegionRiskTyp, payload), published_regions_seq_, iat);
    region_risk_generation_ = keys.generation;
    region_risk_day_ = day;
  }
  return region_risk_;
}

void DocumentService::use_region_risk(nlohmann::json regions, std::uint64_t seq) {
  std::lock_guard lock(mutex_);
  published_regions_ = std::move(regions);
  published_regions_seq_ = seq;
  region_risk_ = {};  // signed afresh on the next request
}

std::uint64_t DocumentService::region_risk_seq() {
  std::lock_guard lock(mutex_);
  return published_regions_seq_;
}

}  // namespace greenlight
