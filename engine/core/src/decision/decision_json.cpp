// DecisionResult -> JSON text: the verification's fields plus status, decision, reasons and freshness.
#include "../verify/json_text.hpp"
#include "greenlight/decision.hpp"

namespace greenlight {

std::string to_json_text(const DecisionResult& r) {
  detail::JsonText j;
  j.open();
  j.key("valid").boolean(r.verification.valid);
  j.key("error");
  r.verification.error ? j.error(*r.verification.error) : j.null();
  j.key("credential");
  r.verification.credential ? j.credential(*r.verification.credential) : j.null();
  j.key("status").string_or_null(r.status);
  j.key("decision").string(to_string(r.decision));
  j.key("reasons").raw_array_open();
  for (const auto& reason : r.reasons) {
    j.element().open();
    j.key("id").string(reason.id);
    j.key("outcome").string(to_string(reason.outcome));
    j.key("message").string(reason.messages.in(r.locale));
    j.key("messages").open();
    j.key("zh-CN").string(reason.messages.zh_cn);
    j.key("en").string(reason.messages.en);
    j.close();
    j.close();
  }
  j.raw_array_close();
  j.key("travel");
  if (r.travel) {
    j.open();
    j.key("regions").raw_array_open();
    for (const auto& region : r.travel->regions) j.element().string(region);
    j.raw_array_close();
    j.key("risk");
    r.travel->risk ? j.string(to_string(*r.travel->risk)) : j.null();
    j.key("matched").raw_array_open();
    for (const auto& m : r.travel->matched) {
      j.element().open();
      j.key("region").string(m.region);
      j.key("level").string(to_string(m.level));
      j.key("day").number(m.day);
      j.close();
    }
    j.raw_array_close();
    j.close();
  } else {
    j.null();
  }
  j.key("freshness").open();
  j.key("trustListAge").optional_number(r.freshness.trust_list_age);
  j.key("rulesAge").optional_number(r.freshness.rules_age);
  j.key("statusListAge").optional_number(r.freshness.status_list_age);
  j.key("regionRiskAge").optional_number(r.freshness.region_risk_age);
  j.close();
  j.close();
  return j.take();
}

}  // namespace greenlight
