// The Verifier: is this code authentic, issued by a key allowed to issue it, and current?
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "greenlight/credential.hpp"
#include "greenlight/crypto.hpp"
#include "greenlight/error.hpp"
#include "greenlight/gl1_text.hpp"
#include "greenlight/region_risk.hpp"
#include "greenlight/rule_set.hpp"
#include "greenlight/status_list.hpp"
#include "greenlight/trust_list.hpp"

namespace greenlight {

struct DecisionContext;
struct DecisionResult;

using Clock = std::function<std::uint64_t()>;  // epoch seconds
std::uint64_t system_clock_now();

struct VerifierOptions {
  std::vector<PublicKey> roots;    // one or more root keys that may sign trust lists
  std::int64_t skew_seconds = 60;  // tolerated clock difference for exp/iat and document expiry
  std::size_t max_code_bytes = kMaxCodeTextBytes;
  Clock clock;                     // defaults to the system clock
  rules::LogicLimits rule_limits;  // applied to every rule of a loaded rule set
};

struct VerifyContext {
  std::optional<std::uint64_t> now;  // overrides the clock (epoch seconds)
};

struct VerifyResult {
  bool valid = false;
  std::optional<Error> error;
  // Present whenever the signature verified against a trusted key, even when the code is then refused
  // (expired, wrong issuer...), so staff can see whose code it is. Absent for anything unauthenticated.
  std::optional<Credential> credential;
};

class Verifier {
 public:
  // Fails with the trust-list error codes (trust.list_invalid, trust.list_expired) or config.roots.
  static Result<Verifier> create(VerifierOptions options, std::string_view trust_list_jws);

  // Replaces the trust list after checking it (including trust.list_stale); on failure the loaded list stays.
  Result<void> update_trust_list(std::string_view trust_list_jws);

  // Never throws. Errors: format.* (too_large, prefix, base45, cbor, cose, claims), crypto.algorithm,
  // crypto.key_unknown, crypto.signature, trust.issuer_mismatch, trust.key_use, trust.key_expired,
  // time.expired, time.not_yet_valid.
  VerifyResult verify(std::string_view text, const VerifyContext& context = {}) const;

  // Replaces the rule set after checking it (rules.list_invalid, rules.list_expired, rules.list_stale,
  // rules.invalid, rules.limit); on failure the loaded one stays. Until one is loaded the built-in default
  // rules (engine/core/rules/default.json) apply.
  Result<void> update_rules(std::string_view rules_jws);

  // Loads a status-list snapshot or applies a delta (status.list_invalid, status.list_expired,
  // status.list_stale, status.gap); on failure the loaded list stays.
  Result<void> update_status_list(std::string_view status_list_jws);

  // Replaces the region-risk list after checking it (regions.list_invalid, regions.list_expired,
  // regions.list_stale); on failure the loaded list stays. Until one is loaded no visit matches.
  Result<void> update_region_risk(std::string_view region_risk_jws);

  // Several documents at once, all or nothing: each is checked against the ones before it (rules and status
  // lists against the new trust list); if any is refused, nothing changes and its error is returned.
  struct Documents {
    std::optional<std::string> trust_list;
    std::optional<std::string> rules;
    std::vector<std::string> status_lists;  // applied in order (a snapshot, then deltas)
    std::optional<std::string> region_risk;
  };
  Result<void> update(const Documents& documents);

  // verify() plus the effective status and the rules' decision (see decision.hpp). Never throws.
  DecisionResult decide(std::string_view text, const DecisionContext& context) const;
  // refusal(error) with this verifier's freshness, for input refused before decide() could look at it.
  DecisionResult refuse(Error error, std::optional<std::uint64_t> now = std::nullopt) const;

  const TrustList& trust_list() const { return trust_list_; }
  const RuleSet& rule_set() const { return rules_ ? *rules_ : default_rule_set(); }
  const StatusList* status_list() const { return status_ ? &*status_ : nullptr; }
  const RegionRiskList* region_risk() const { return regions_ ? &*regions_ : nullptr; }
  const VerifierOptions& options() const { return options_; }
  std::uint64_t now() const { return options_.clock ? options_.clock() : system_clock_now(); }

 private:
  Verifier(VerifierOptions options, TrustList list) : options_(std::move(options)), trust_list_(std::move(list)) {}
  void fill_freshness(DecisionResult& out, std::uint64_t now) const;

  VerifierOptions options_;
  TrustList trust_list_;
  std::optional<RuleSet> rules_;
  std::optional<StatusList> status_;
  std::optional<RegionRiskList> regions_;
};

}  // namespace greenlight
