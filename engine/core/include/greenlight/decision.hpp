// Decisions: may this person enter this place now? admit / deny / refer (staff decide), with reasons in
// Chinese and English.
//
// The data a rule sees:
//   {"credential": <credential view>, "status": <effective status>, "now": <epoch s>, "nowISO": <RFC 3339 UTC>,
//    "place": {"id","category","region"} | null, "temperature": <°C> | null,
//    "travel": {"regions": [...], "risk": "high"|"medium"|null, "matched": [{"region","level","day"}]},
//    "freshness": {"trustListAge","rulesAge","statusListAge","regionRiskAge"} (seconds, null when not loaded)}
// A rule passes when its logic is truthy. admit when every applicable rule passes; deny when a failing rule's
// outcome is deny; otherwise refer. An invalid credential is always deny, with its error as the reason.
// A rule whose evaluation fails (rules.limit, or a type error in CertLogic) counts as failing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "greenlight/rule_set.hpp"
#include "greenlight/verifier.hpp"

namespace greenlight {

enum class Decision { admit, deny, refer };
std::string_view to_string(Decision decision);

struct Reason {
  std::string id;  // a rule id, or an error code
  Decision outcome = Decision::deny;
  Messages messages;
};

struct PlaceContext {
  std::string id;
  std::string category;
  std::string region;
};

struct DecisionContext {
  std::optional<std::uint64_t> now;
  std::optional<PlaceContext> place;
  std::optional<double> temperature;  // °C; 25..45 (a Fahrenheit value is refused, not misread)
  std::string locale = "zh-CN";       // zh-CN or en
};

struct Freshness {
  std::optional<std::uint64_t> trust_list_age;
  std::optional<std::uint64_t> rules_age;  // null while the built-in default rules apply
  std::optional<std::uint64_t> status_list_age;
  std::optional<std::uint64_t> region_risk_age;
};

struct DecisionResult {
  VerifyResult verification;
  std::optional<std::string> status;  // effective: the status list's when newer than the code's; "revoked"
  Decision decision = Decision::deny;
  std::vector<Reason> reasons;
  std::optional<TravelView> travel;  // for a valid personal code: its itinerary against the region-risk list
  Freshness freshness;
  std::string locale = "zh-CN";
};

// The rules' verdict on the data a rule sees (what decide() does after verification; `greenlight rules test`
// calls it directly). Applicability uses the credential type, the place category (may be unknown) and now.
struct RulesVerdict {
  Decision decision = Decision::admit;
  std::vector<Reason> reasons;
};
RulesVerdict apply_rules(const RuleSet& rules, const nlohmann::json& data, CredentialType type,
                         const std::string* category, std::uint64_t now);

// Example cases checked against a rule set before anyone signs it: [{"name", "data": <what a rule sees>,
// "expect": {"decision", "reasons": [rule ids]}}] (or {"cases": [...]}). Errors: rules.cases (not a list).
struct RuleCaseResult {
  std::string name;
  bool pass = false;
  std::string decision;
  std::vector<std::string> reasons;
  nlohmann::json expected;
  std::string error;  // the case itself is malformed
};
struct RuleCaseReport {
  std::vector<RuleCaseResult> results;
  int passed = 0, failed = 0;
};
Result<RuleCaseReport> test_rule_set(const RuleSet& set, const nlohmann::json& cases);
// {"name", "pass", "decision", "reasons"[, "expected"]} or {"name", "pass": false, "error"}.
nlohmann::json to_json(const RuleCaseResult& result);

// A deny for an error found outside the engine's checks (a document that would not load, an argument of the
// wrong type in a binding): same shape, the error as the reason.
DecisionResult refusal(Error error);

// Messages for an error code (checkpoint staff read these); unknown codes get a generic text.
Messages messages_for(const Error& error);

// {"valid","error","credential","status","decision","reasons":[{"id","outcome","message","messages"}],
//  "travel":{"regions","risk","matched":[{"region","level","day"}]}|null,
//  "freshness":{"trustListAge","rulesAge","statusListAge","regionRiskAge"}}
std::string to_json_text(const DecisionResult& result);

}  // namespace greenlight
