// From a verified code to a decision: effective status from the status list, then the rules.
#include <cstdio>

#include "greenlight/decision.hpp"
#include "greenlight/result_json.hpp"

namespace greenlight {
namespace {

// RFC 3339 UTC ("2026-01-01T00:00:00Z") from epoch seconds, without the C library's time zone state.
std::string iso_utc(std::uint64_t epoch) {
  std::int64_t days = static_cast<std::int64_t>(epoch / 86400);
  unsigned secs = static_cast<unsigned>(epoch % 86400);
  // Howard Hinnant's civil_from_days.
  days += 719468;
  std::int64_t era = days / 146097;
  unsigned doe = static_cast<unsigned>(days - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned day = doy - (153 * mp + 2) / 5 + 1;
  unsigned month = mp < 10 ? mp + 3 : mp - 9;
  if (month <= 2) ++year;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02u:%02u:%02uZ", static_cast<long long>(year), month, day, secs / 3600,
                secs / 60 % 60, secs % 60);
  return buffer;
}

std::optional<std::uint64_t> age(std::uint64_t now, std::uint64_t issued) { return now > issued ? now - issued : 0; }

nlohmann::json optional_json(const std::optional<std::uint64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

std::optional<Error> check_context(const DecisionContext& context) {
  if (context.locale != "zh-CN" && context.locale != "en") return make_error("config.locale", "locale must be zh-CN or en");
  if (context.temperature && !(*context.temperature >= 25.0 && *context.temperature <= 45.0))
    return make_error("config.temperature", "temperature must be in °C, from 25 to 45");
  if (context.place) {
    if (!is_place_category(context.place->category)) return make_error("config.place", "unknown place category \"" + context.place->category + "\"");
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
    if (const auto* entry = status_ ? status_->find(subject_hash(credential->sub)) : nullptr; entry && entry->q > credential->seq.value_or(0)) {
      out.status = std::string(to_string(entry->s));
      if (entry->s == ListedStatus::revoked && out.verification.valid) {
        deny_with(out, make_error("status.revoked", "the code was revoked at status sequence " + std::to_string(entry->q)));
        return out;
      }
    }
  }
  if (!out.verification.valid) {
    deny_with(out, *out.verification.error);
    out.verification.valid = false;
    return out;
  }

  nlohmann::json data = {{"credential", to_json(*credential)},
                         {"status", out.status ? nlohmann::json(*out.status) : nlohmann::json(nullptr)},
                         {"now", now},
                         {"nowISO", iso_utc(now)},
                         {"place", nullptr},
                         {"temperature", context.temperature ? nlohmann::json(*context.temperature) : nlohmann::json(nullptr)},
                         {"freshness",
                          {{"trustListAge", optional_json(out.freshness.trust_list_age)},
                           {"rulesAge", optional_json(out.freshness.rules_age)},
                           {"statusListAge", optional_json(out.freshness.status_list_age)}}}};
  if (context.place) data["place"] = {{"id", context.place->id}, {"category", context.place->category}, {"region", context.place->region}};

  auto verdict = apply_rules(rules, data, credential->type, context.place ? &context.place->category : nullptr, now);
  out.decision = verdict.decision;
  out.reasons = std::move(verdict.reasons);
  return out;
}

RulesVerdict apply_rules(const RuleSet& rules, const nlohmann::json& data, CredentialType type, const std::string* category,
                         std::uint64_t now) {
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
