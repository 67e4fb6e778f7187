// Health declarations -> an initial status, by a small rule set evaluated with the engine's JsonLogic.
//
// Rule set JSON: {"rules": [{"id", "status": "yellow"|"orange"|"red", "logic": <JsonLogic>, "note"?}]}.
// Data: the declaration's answers ({"symptoms": [...], "fever", "contactWithCase", "travel": {...}}).
// The most severe status among the rules whose logic is truthy wins; none matching is green.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "greenlight/credential.hpp"
#include "greenlight/error.hpp"
#include "greenlight/rules/logic.hpp"

namespace greenlight {

struct DeclarationRule {
  std::string id;
  HealthStatus status = HealthStatus::yellow;
  rules::Program logic;
};

struct DeclarationRuleSet {
  std::vector<DeclarationRule> rules;
};

struct DeclarationOutcome {
  HealthStatus status = HealthStatus::green;
  std::vector<std::string> matched;  // ids of the rules that matched, in rule-set order
};

// Errors: rules.invalid (shape, unknown status, a rule that does not compile), rules.limit.
Result<DeclarationRuleSet> parse_declaration_rules(const nlohmann::json& rule_set,
                                                   const rules::LogicLimits& limits = {});

// engine/server/rules/declaration.json, compiled once.
const DeclarationRuleSet& default_declaration_rules();

// Errors: rules.* from an evaluation that hits a limit.
Result<DeclarationOutcome> assess_declaration(const DeclarationRuleSet& rule_set, const nlohmann::json& answers);

}  // namespace greenlight
