// The declaration rule set (engine/server/rules/declaration.json): each rule each way, severity order, limits.
#include <catch2/catch.hpp>

#include "greenlight/server/declaration.hpp"

using namespace greenlight;
using nlohmann::json;

namespace {

json answers(json symptoms, bool fever, bool contact, bool high_risk) {
  return {{"symptoms", std::move(symptoms)},
          {"fever", fever},
          {"contactWithCase", contact},
          {"travel", {{"highRiskArea", high_risk}, {"regions", json::array()}}}};
}

HealthStatus status_of(const json& a) {
  auto out = assess_declaration(default_declaration_rules(), a);
  REQUIRE(out);
  return out->status;
}

}  // namespace

TEST_CASE("declaration: the default rules give the documented statuses", "[declaration]") {
  CHECK(status_of(answers(json::array(), false, false, false)) == HealthStatus::green);
  CHECK(status_of(answers(json::array({"cough"}), false, false, false)) == HealthStatus::yellow);
  CHECK(status_of(answers(json::array(), true, false, false)) == HealthStatus::yellow);
  CHECK(status_of(answers(json::array(), false, false, true)) == HealthStatus::yellow);
  CHECK(status_of(answers(json::array(), false, true, false)) == HealthStatus::orange);
  CHECK(status_of(answers(json::array(), true, true, false)) == HealthStatus::red);
  CHECK(status_of(answers(json::array({"fatigue"}), false, true, true)) == HealthStatus::red);
}

TEST_CASE("declaration: matched rules are listed in rule-set order", "[declaration]") {
  auto out = assess_declaration(default_declaration_rules(), answers(json::array({"cough"}), true, true, true));
  REQUIRE(out);
  CHECK(out->matched ==
        std::vector<std::string>{"D-CONTACT-SYMPTOMS", "D-CONTACT", "D-HIGH-RISK-TRAVEL", "D-FEVER", "D-SYMPTOMS"});
}

TEST_CASE("declaration: malformed rule sets are refused with rules.invalid", "[declaration]") {
  for (const auto& bad :
       {json::array(), json{{"rules", 1}}, json{{"rules", json::array({json{{"status", "red"}, {"logic", true}}})}},
        json{{"rules", json::array({json{{"id", "X"}, {"status", "green"}, {"logic", true}}})}},
        json{{"rules", json::array({json{{"id", "X"}, {"status", "purple"}, {"logic", true}}})}},
        json{{"rules", json::array({json{{"id", "X"}, {"status", "red"}}})}},
        json{{"rules", json::array({json{{"id", "X"}, {"status", "red"}, {"logic", {{"no-such-op", 1}}}}})}}}) {
    auto parsed = parse_declaration_rules(bad);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == "rules.invalid");
  }
}

TEST_CASE("declaration: a custom rule set compiles once and evaluates many", "[declaration]") {
  auto parsed = parse_declaration_rules(json::parse(R"({"rules": [
      {"id": "ANY-TRAVEL", "status": "yellow", "logic": {"in": ["310101", {"var": "travel.regions"}]}}]})"));
  REQUIRE(parsed);
  auto a = answers(json::array(), false, false, false);
  a["travel"]["regions"] = json::array({"310101"});
  auto out = assess_declaration(*parsed, a);
  REQUIRE(out);
  CHECK(out->status == HealthStatus::yellow);
  CHECK(out->matched == std::vector<std::string>{"ANY-TRAVEL"});
}
