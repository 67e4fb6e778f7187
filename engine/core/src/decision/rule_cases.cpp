// Example cases for a rule set (greenlight/decision.hpp test_rule_set): what `greenlight rules test` and the
// server's rule publication run before anything is signed.
#include "greenlight/decision.hpp"
#include "greenlight/json_limits.hpp"

namespace greenlight {

Result<RuleCaseReport> test_rule_set(const RuleSet& set, const nlohmann::json& cases) {
  const nlohmann::json& list = cases.is_object() && cases.contains("cases") ? cases["cases"] : cases;
  if (!list.is_array()) return make_error("rules.cases", "cases must be an array");
  RuleCaseReport report;
  for (const auto& c : list) {
    RuleCaseResult line;
    line.name = c.is_object() ? json_text(c, "name").value_or("(unnamed)") : "(unnamed)";
    const auto* data = c.is_object() && c.contains("data") && c["data"].is_object() ? &c["data"] : nullptr;
    auto type = data && data->contains("credential") && (*data)["credential"].is_object()
                    ? credential_type_from(json_text((*data)["credential"], "type").value_or(""))
                    : std::nullopt;
    if (!type) {
      line.error = "data.credential.type must be person, proxy or place";
      ++report.failed;
      report.results.push_back(std::move(line));
      continue;
    }
    std::optional<std::string> category;
    if (data->contains("place") && (*data)["place"].is_object()) category = json_text((*data)["place"], "category");
    auto verdict = apply_rules(set, *data, *type, category ? &*category : nullptr, json_uint(*data, "now").value_or(0));
    for (const auto& r : verdict.reasons) line.reasons.push_back(r.id);
    line.decision = std::string(to_string(verdict.decision));
    line.expected = c.is_object() ? c.value("expect", nlohmann::json::object()) : nlohmann::json::object();
    line.pass = line.expected.is_object() && json_text(line.expected, "decision").value_or("") == line.decision &&
                (!line.expected.contains("reasons") || line.expected["reasons"] == nlohmann::json(line.reasons));
    (line.pass ? report.passed : report.failed)++;
    report.results.push_back(std::move(line));
  }
  return report;
}

nlohmann::json to_json(const RuleCaseResult& r) {
  nlohmann::json line = {{"name", r.name}, {"pass", r.pass}};
  if (!r.error.empty()) {
    line["error"] = r.error;
    return line;
  }
  line["decision"] = r.decision;
  line["reasons"] = r.reasons;
  if (!r.pass) line["expected"] = r.expected;
  return line;
}

}  // namespace greenlight
