// From a verified code to a decision: effective status from the status list, then the rules.

#include "greenlight/decision.hpp"
#include "greenlight/result_json.hpp"
#include "rule_data.hpp"

namespace greenlight {
namespace {

std::optional<std::uint64_t> age(std::uint64_t now, std::uint64_t issued) { return now > issued ? now - issued : 0; }

std::optional<Error> check_context(const DecisionContext& context) {
  if (context.locale != "zh-CN" && context.locale != "en")
    return make_error("config.locale", "locale must be zh-CN or en");
  if (context.temperature && !(*context.temperature >= 25.0 && *context.temperature <= 45.0))
    return make_error("config.temperature", "temperature must be in °C, from 25 to 45");
  if (context.place) {
    if (!is_place_category(context.place->category))
      return make_error("config.place", "unknown place category \"" + context.place->category + "\"");
    if (!context.place->region.empty() && !is_region_code(context.place->region))
      return make_error("config.place", "place region must be a 6-digit administrative division code");
  }
  return std::nullopt;
}

void deny_with(DecisionResult& out, Error error) {
  out.verification.valid = false;
  out.reasons.push_back(Reason{error.code, Decision::deny, messages_for(error)});
  out.verification.error = std::move(error);
  out.decision = Decision::deny;
}

}  // namespace

DecisionResult refusal(Error error) {
  DecisionResult out;
  deny_with(out, std::move(error));
  return out;
}

void Verifier::fill_freshness(DecisionResult& out, std::uint64_t now) const {
  out.freshness.trust_list_age = age(now, trust_list_.iat);
  if (!rule_set().built_in) out.freshness.rules_age = age(now, rule_set().iat);
  if (status_) out.freshness.status_list_age = age(now, status_->iat);
  if (regions_) out.freshness.region_risk_age = age(now, regions_->iat);
}

DecisionResult Verifier::refuse(Error error, std::optional<std::uint64_t> now) const {
  auto out = refusal(std::move(error));
  fill_freshness(out, now ? *now : this->now());
  return out;
}

DecisionResult Verifier::decide(std::string_view text, const DecisionContext& context) const {
  DecisionResult out;
  std::uint64_t now = context.now ? *context.now : this->now();
  out.locale = context.locale == "en" ? "en" : "zh-CN";
  const RuleSet& rules = rule_set();
  fill_freshness(out, now);

  if (auto problem = check_context(context)) {
    deny_with(out, std::move(*problem));
    return out;
  }
  out.verification = verify(text, VerifyContext{now});
  const auto& credential = out.verification.credential;
  if (credential && credential->status) {
    out.status = std::string(to_string(*credential->status));
    // The list's status wins only when it was set after the code was issued.
    if (const auto* entry = status_ ? status_->find(subject_hash(credential->sub)) : nullptr;
        entry && entry->q > credential->seq.value_or(0)) {
      out.status = std::string(to_string(entry->s));
      if (entry->s == ListedStatus::revoked && out.verification.valid) {
        deny_with(out,
                  make_error("status.revoked", "the code was revoked at status sequence " + std::to_string(entry->q)));
        return out;
      }
    }
  }
  if (!out.verification.valid) {
    deny_with(out, *out.verification.error);
    out.verification.valid = false;
    return out;
  }

  out.travel = travel_view(*credential, region_risk(), now);
  thread_local detail::RuleData rule_data;
  const auto& data =
      rule_data.fill(*credential, out.status, now, context.place, context.temperature, out.freshness, *out.travel);
  auto verdict = apply_rules(rules, data, credential->type, context.place ? &context.place->category : nullptr, now);
  out.decision = verdict.decision;
  out.reasons = std::move(verdict.reasons);
  return out;
}

RulesVerdict apply_rules(const RuleSet& rules, const nlohmann::json& data, CredentialType type,
                         const std::string* category, std::uint64_t now) {
  RulesVerdict verdict;
  bool any_deny = false;
  for (const auto& rule : rules.rules) {
    if (!rule.applies(type, category, now)) continue;
    auto value = rule.logic.evaluate(data);
    if (value && rules::truthy(*value)) continue;
    Decision outcome = rule.outcome == RuleOutcome::deny ? Decision::deny : Decision::refer;
    any_deny = any_deny || outcome == Decision::deny;
    verdict.reasons.push_back(Reason{rule.id, outcome, rule.reason});
  }
  verdict.decision = verdict.reasons.empty() ? Decision::admit : any_deny ? Decision::deny : Decision::refer;
  return verdict;
}

}  // namespace greenlight
