// Rule sets: signed, versioned status rules that turn "is the code authentic" into "may this person enter".
//
// JWS (typ gl-rules) signed by a trust-list key whose use includes "rules", or by a root. Payload:
//   {"iss","iat","exp","seq","rules":[{"id","types":[...],"categories":[... or "*"],"validFrom","validTo",
//     "logic","outcome":"deny"|"refer","reason":{"zh-CN":"...","en":"..."}}]}
// Every rule's logic is compiled once when the set is loaded; a malformed rule refuses the whole set.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "greenlight/credential.hpp"
#include "greenlight/crypto.hpp"
#include "greenlight/error.hpp"
#include "greenlight/rules/logic.hpp"
#include "greenlight/trust_list.hpp"

namespace greenlight {

constexpr std::string_view kRulesTyp = "gl-rules";

enum class RuleOutcome { deny, refer };
std::string_view to_string(RuleOutcome outcome);

// Messages by locale ("zh-CN", "en").
struct Messages {
  std::string zh_cn;
  std::string en;
  const std::string& in(std::string_view locale) const { return locale == "en" ? en : zh_cn; }
};

struct Rule {
  std::string id;
  std::vector<CredentialType> types;
  std::vector<std::string> categories;  // empty with all_categories: "*"
  bool all_categories = false;
  std::uint64_t valid_from = 0;
  std::uint64_t valid_to = UINT64_MAX;
  rules::Program logic;
  RuleOutcome outcome = RuleOutcome::deny;
  Messages reason;

  // Whether the rule applies to this credential type at this place (category may be unknown) and time.
  bool applies(CredentialType type, const std::string* category, std::uint64_t now) const;
};

struct RuleSet {
  std::string iss;
  std::uint64_t iat = 0;
  std::uint64_t exp = UINT64_MAX;
  std::uint64_t seq = 0;
  std::vector<Rule> rules;
  bool built_in = false;  // the engine's default set (engine/core/rules/default.json), used until one is loaded
};

// Parses and compiles an unsigned payload (what `greenlight rules test` checks before an authority signs it).
// Errors: rules.invalid (shape, or a rule that does not compile; the message names the rule id), rules.limit.
Result<RuleSet> parse_rule_set(const nlohmann::json& payload, const rules::LogicLimits& limits = {});

struct RuleSetCheck {
  const std::vector<PublicKey>* roots = nullptr;
  const TrustList* trust = nullptr;
  std::uint64_t now = 0;
  std::int64_t skew_seconds = 60;
  std::optional<std::uint64_t> loaded_seq;
  rules::LogicLimits limits;
};

// Verifies and compiles a signed rule set. Errors: rules.list_invalid (signature, signer, shape),
// rules.list_expired, rules.list_stale (seq lower than the loaded one), rules.invalid / rules.limit (a rule).
Result<RuleSet> load_rule_set(std::string_view jws, const RuleSetCheck& check);

// The default rule set shipped with the engine (engine/core/rules/default.json), compiled once.
const RuleSet& default_rule_set();
// Its JSON text, for tools that sign it.
std::string_view default_rule_set_json();

}  // namespace greenlight
