// Declaration rules: compiled once, evaluated per declaration; the most severe matching status wins.
#include "greenlight/server/declaration.hpp"

#include <cstdlib>

#include "greenlight/json_limits.hpp"

namespace greenlight {
namespace {
#include "declaration_rules.inc"  // constexpr std::string_view kDeclarationRulesJson

Error invalid_declaration_rules(const std::string& message) { return make_error("rules.invalid", message); }

}  // namespace

Result<DeclarationRuleSet> parse_declaration_rules(const nlohmann::json& rule_set, const rules::LogicLimits& limits) {
  if (!rule_set.is_object() || !rule_set.contains("rules") || !rule_set["rules"].is_array())
    return invalid_declaration_rules("a declaration rule set is an object with a \"rules\" array");
  DeclarationRuleSet out;
  for (const auto& rule : rule_set["rules"]) {
    auto id = rule.is_object() ? json_text(rule, "id") : std::nullopt;
    if (!id || id->empty()) return invalid_declaration_rules("every declaration rule needs an \"id\"");
    auto status_text = json_text(rule, "status");
    auto status = status_text ? health_status_from(*status_text) : std::nullopt;
    if (!status || *status == HealthStatus::green)
      return invalid_declaration_rules(*id + ": status must be yellow, orange or red");
    if (!rule.contains("logic")) return invalid_declaration_rules(*id + ": no logic");
    auto program = rules::compile(rule["logic"], limits, *id);
    if (!program) return program.error();
    out.rules.push_back({*id, *status, std::move(*program)});
  }
  return out;
}

const DeclarationRuleSet& default_declaration_rules() {
  static const DeclarationRuleSet set = [] {
    auto json = parse_json(kDeclarationRulesJson, JsonLimits{}, "rules.invalid");
    auto parsed = json ? parse_declaration_rules(*json) : Result<DeclarationRuleSet>(json.error());
    if (!parsed) std::abort();  // part of the build and tested: a broken file must not pass people green
    return std::move(*parsed);
  }();
  return set;
}

Result<DeclarationOutcome> assess_declaration(const DeclarationRuleSet& rule_set, const nlohmann::json& answers) {
  DeclarationOutcome out;
  for (const auto& rule : rule_set.rules) {
    auto value = rule.logic.evaluate(answers);
    if (!value) return value.error();
    if (!rules::truthy(*value)) continue;
    out.matched.push_back(rule.id);
    if (static_cast<int>(rule.status) > static_cast<int>(out.status)) out.status = rule.status;
  }
  return out;
}

}  // namespace greenlight
