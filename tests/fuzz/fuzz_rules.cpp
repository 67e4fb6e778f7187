// Rules: input is "<rule JSON>\n<data JSON>" (data optional: null). The rule is compiled in both dialects
// and evaluated against the data; a rule set payload ({"rules":[...]}) is parsed and applied too.
// Invariants: errors are rules.invalid / rules.limit; what compiles as CertLogic has no validation issue;
// evaluation is deterministic.
#include "fuzz_support.hpp"

using namespace greenlight;

namespace {
void check_rules_error(const Error& error) {
  fuzz::check_error(error);
  GL_FUZZ_CHECK(error.code == "rules.invalid" || error.code == "rules.limit");
}
}  // namespace

GL_FUZZ_TARGET(fuzz_rules_one) {
  std::string_view text = fuzz::as_text(data, size);
  std::size_t newline = text.find('\n');
  std::string_view rule_text = text.substr(0, newline);
  std::string_view data_text = newline == std::string_view::npos ? std::string_view("null") : text.substr(newline + 1);

  JsonLimits json_limits;
  json_limits.max_bytes = 1u << 16;
  auto rule = parse_json(rule_text, json_limits, "fuzz.json");
  if (!rule) return 0;
  auto input = parse_json(data_text, json_limits, "fuzz.json");
  if (!input) return 0;

  rules::LogicLimits limits;  // tighter than the defaults, so one input stays fast
  limits.max_iterations = 10000;
  limits.max_operations = 200000;
  limits.max_materialized_bytes = 4u << 20;

  for (auto dialect : {rules::Dialect::jsonlogic, rules::Dialect::certlogic}) {
    auto program = rules::compile(*rule, limits, "FUZZ", dialect);
    if (!program) {
      check_rules_error(program.error());
      continue;
    }
    if (dialect == rules::Dialect::certlogic) GL_FUZZ_CHECK(rules::validate_certlogic(*rule, limits).empty());
    auto result = program->evaluate(*input);
    auto again = program->evaluate(*input);
    GL_FUZZ_CHECK(result.ok() == again.ok());
    if (!result) {
      check_rules_error(result.error());
      GL_FUZZ_CHECK(result.error().code == again.error().code);
      continue;
    }
    GL_FUZZ_CHECK(result->dump() == again->dump());
    (void)rules::truthy(*result);
    (void)rules::certlogic_truthiness(*result);
  }
  if (!rule->is_object() || !rule->contains("rules")) (void)rules::validate_certlogic(*rule, limits);

  // A rule set payload: parse, compile every rule, apply to the data as a person at a mall.
  if (rule->is_object() && rule->contains("rules")) {
    auto set = parse_rule_set(*rule, limits);
    if (!set) {
      check_rules_error(set.error());
      return 0;
    }
    const std::string category = "mall";
    auto verdict = apply_rules(*set, *input, CredentialType::person, &category, 1767225600);
    for (const auto& reason : verdict.reasons) GL_FUZZ_CHECK(!reason.id.empty());
  }
  return 0;
}
