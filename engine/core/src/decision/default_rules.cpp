// The default rule set, compiled once from engine/core/rules/default.json (embedded at build time).
#include "greenlight/json_limits.hpp"
#include "greenlight/rule_set.hpp"

namespace greenlight {
namespace {
#include "default_rules.inc"  // constexpr std::string_view kDefaultRulesJson
}  // namespace

std::string_view default_rule_set_json() { return kDefaultRulesJson; }

const RuleSet& default_rule_set() {
  static const RuleSet set = [] {
    auto payload = parse_json(kDefaultRulesJson, JsonLimits{}, "rules.invalid");
    auto parsed = payload ? parse_rule_set(*payload) : Result<RuleSet>(payload.error());
    // The file is part of the build and covered by tests; a broken one must not silently admit anyone.
    if (!parsed) std::abort();
    RuleSet out = std::move(*parsed);
    out.built_in = true;
    return out;
  }();
  return set;
}

}  // namespace greenlight
