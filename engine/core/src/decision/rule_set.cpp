// Rule sets: parse, compile, verify.
#include "greenlight/rule_set.hpp"

#include <algorithm>

#include "greenlight/jws.hpp"
#include "greenlight/json_limits.hpp"

namespace greenlight {
namespace {

Error invalid_rules(std::string message) { return make_error("rules.invalid", std::move(message)); }

Result<Rule> parse_rule(const nlohmann::json& entry, std::size_t index, const rules::LogicLimits& limits) {
  std::string where = "rules[" + std::to_string(index) + "]";
  if (!entry.is_object()) return invalid_rules(where + " must be an object");
  Rule rule;
  auto id = entry.find("id");
  if (id == entry.end() || !id->is_string() || id->get<std::string>().empty())
    return invalid_rules(where + ".id must be non-empty text");
  rule.id = id->get<std::string>();
  where = "rule " + rule.id;

  auto types = entry.find("types");
  if (types == entry.end() || !types->is_array() || types->empty())
    return invalid_rules(where + ": types must list credential types");
  for (const auto& t : *types) {
    auto type = t.is_string() ? credential_type_from(t.get<std::string>()) : std::nullopt;
    if (!type) return invalid_rules(where + ": unknown credential type in types");
    rule.types.push_back(*type);
  }
  auto categories = entry.find("categories");
  if (categories == entry.end() || !categories->is_array() || categories->empty())
    return invalid_rules(where + ": categories must list place categories or \"*\"");
  for (const auto& c : *categories) {
    if (!c.is_string()) return invalid_rules(where + ": categories must hold text");
    auto name = c.get<std::string>();
    if (name == "*") {
      rule.all_categories = true;
    } else if (is_place_category(name)) {
      rule.categories.push_back(name);
    } else {
      return invalid_rules(where + ": unknown place category \"" + name + "\"");
    }
  }
  for (const char* name : {"validFrom", "validTo"})
    if (entry.contains(name) && !entry[name].is_null() && !json_uint(entry, name))
      return invalid_rules(where + ": " + name + " must be epoch seconds");
  rule.valid_from = json_uint(entry, "validFrom").value_or(0);
  rule.valid_to = json_uint(entry, "validTo").value_or(UINT64_MAX);

  auto outcome = entry.find("outcome");
  if (outcome == entry.end() || !outcome->is_string())
    return invalid_rules(where + ": outcome must be \"deny\" or \"refer\"");
  if (*outcome == "deny") rule.outcome = RuleOutcome::deny;
  else if (*outcome == "refer") rule.outcome = RuleOutcome::refer;
  else return invalid_rules(where + ": outcome must be \"deny\" or \"refer\"");

  auto reason = entry.find("reason");
  if (reason == entry.end() || !reason->is_object())
    return invalid_rules(where + ": reason must hold zh-CN and en messages");
  auto zh = reason->find("zh-CN");
  auto en = reason->find("en");
  if (zh == reason->end() || !zh->is_string() || en == reason->end() || !en->is_string())
    return invalid_rules(where + ": reason must hold zh-CN and en messages");
  rule.reason = Messages{zh->get<std::string>(), en->get<std::string>()};

  auto logic = entry.find("logic");
  if (logic == entry.end()) return invalid_rules(where + ": logic is missing");
  auto program = rules::compile(*logic, limits, rule.id);
  if (!program) return program.error();
  rule.logic = std::move(*program);
  return rule;
}

}  // namespace

std::string_view to_string(RuleOutcome outcome) { return outcome == RuleOutcome::deny ? "deny" : "refer"; }

bool Rule::applies(CredentialType type, const std::string* category, std::uint64_t now) const {
  if (now < valid_from || now > valid_to) return false;
  if (std::find(types.begin(), types.end(), type) == types.end()) return false;
  if (all_categories) return true;
  return category && std::find(categories.begin(), categories.end(), *category) != categories.end();
}

Result<RuleSet> parse_rule_set(const nlohmann::json& payload, const rules::LogicLimits& limits) {
  if (!payload.is_object()) return invalid_rules("a rule set must be a JSON object");
  RuleSet set;
  auto iss = payload.find("iss");
  auto iat = json_uint(payload, "iat");
  auto exp = json_uint(payload, "exp");
  auto seq = json_uint(payload, "seq");
  if (iss == payload.end() || !iss->is_string() || !iat || !exp || !seq)
    return invalid_rules("a rule set needs iss (text) and iat, exp, seq (unsigned integers)");
  set.iss = iss->get<std::string>();
  set.iat = *iat;
  set.exp = *exp;
  set.seq = *seq;
  auto list = payload.find("rules");
  if (list == payload.end() || !list->is_array()) return invalid_rules("a rule set needs a rules array");
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto rule = parse_rule((*list)[i], i, limits);
    if (!rule) return rule.error();
    for (const auto& other : set.rules)
      if (other.id == rule->id) return invalid_rules("rule id " + rule->id + " appears twice");
    set.rules.push_back(std::move(*rule));
  }
  return set;
}

Result<RuleSet> load_rule_set(std::string_view jws_text, const RuleSetCheck& check) {
  std::optional<std::string> signer_iss;  // empty for a root
  auto lookup = [&](const Kid& kid) -> std::optional<PublicKey> {
    if (check.roots)
      for (const auto& root : *check.roots)
        if (kid_of(root) == kid) return root;
    std::optional<PublicKey> found;
    if (check.trust)
      check.trust->for_each_key(kid, [&](const TrustedKey& k) {
        if (!k.may_sign("rules")) return false;
        signer_iss = k.iss;
        found = k.key;
        return true;
      });
    return found;
  };
  auto doc = jws::verify(jws_text, kRulesTyp, lookup, "rules.list_invalid");
  if (!doc) return doc.error();
  auto payload = parse_json(doc->payload, JsonLimits{16u << 20, 512}, "rules.list_invalid");
  if (!payload) return payload.error();
  auto set = parse_rule_set(*payload, check.limits);
  if (!set) {
    // A shape problem of the document itself is list_invalid; a rule that does not compile keeps its code.
    if (set.error().code == "rules.invalid" && set.error().message.rfind("a rule set", 0) == 0)
      return make_error("rules.list_invalid", set.error().message);
    return set.error();
  }
  if (signer_iss && set->iss != *signer_iss)
    return make_error("rules.list_invalid", "rule set iss \"" + set->iss + "\" is not its key's issuer");
  auto skew = static_cast<std::uint64_t>(std::max<std::int64_t>(0, check.skew_seconds));
  if (check.now > skew && set->exp < check.now - skew)
    return make_error("rules.list_expired", "rule set expired at " + std::to_string(set->exp));
  if (check.loaded_seq && set->seq < *check.loaded_seq)
    return make_error("rules.list_stale", "rule set seq " + std::to_string(set->seq) + " is older than the loaded " +
                                              std::to_string(*check.loaded_seq));
  return set;
}

}  // namespace greenlight
