// Loading rule sets and status lists into a Verifier: checked first, swapped only when accepted.
#include "greenlight/verifier.hpp"

namespace greenlight {

Result<void> Verifier::update_rules(std::string_view rules_jws) {
  RuleSetCheck check{&options_.roots, &trust_list_, now(), options_.skew_seconds, std::nullopt, options_.rule_limits};
  if (rules_) check.loaded_seq = rules_->seq;
  auto set = load_rule_set(rules_jws, check);
  if (!set) return set.error();
  rules_ = std::move(*set);
  return {};
}

Result<void> Verifier::update_status_list(std::string_view status_list_jws) {
  StatusListCheck check;
  check.trust = &trust_list_;
  check.now = now();
  check.skew_seconds = options_.skew_seconds;
  check.current = status_list();
  auto list = load_status_list(status_list_jws, check);
  if (!list) return list.error();
  status_ = std::move(*list);
  return {};
}

Result<void> Verifier::update_region_risk(std::string_view region_risk_jws) {
  RegionRiskCheck check{&trust_list_, now(), options_.skew_seconds, std::nullopt};
  if (regions_) check.loaded_seq = regions_->seq;
  auto list = load_region_risk_list(region_risk_jws, check);
  if (!list) return list.error();
  regions_ = std::move(*list);
  return {};
}

Result<void> Verifier::update(const Documents& documents) {
  Verifier next = *this;
  if (documents.trust_list)
    if (auto r = next.update_trust_list(*documents.trust_list); !r) return r;
  if (documents.rules)
    if (auto r = next.update_rules(*documents.rules); !r) return r;
  for (const auto& list : documents.status_lists)
    if (auto r = next.update_status_list(list); !r) return r;
  if (documents.region_risk)
    if (auto r = next.update_region_risk(*documents.region_risk); !r) return r;
  *this = std::move(next);
  return {};
}

}  // namespace greenlight
