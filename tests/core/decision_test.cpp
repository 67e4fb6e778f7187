// Decisions: every default rule each way, effective status from status lists, context checks, custom
// rule sets, and the JSON shape.
#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace greenlight;
using greenlight::test::kNow;
using greenlight::test::World;

namespace {

PlaceContext place(const char* category) { return PlaceContext{"pl-1", category, "310106"}; }

DecisionContext at(std::optional<PlaceContext> p = std::nullopt, std::optional<double> temperature = std::nullopt,
                   std::string locale = "zh-CN") {
  DecisionContext c;
  c.now = kNow;
  c.place = std::move(p);
  c.temperature = temperature;
  c.locale = std::move(locale);
  return c;
}

std::vector<std::string> reason_ids(const DecisionResult& r) {
  std::vector<std::string> ids;
  for (const auto& reason : r.reasons) ids.push_back(reason.id);
  return ids;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("decision: default rules, each way", "[decision]") {
  World w;
  auto v = w.verifier();
  auto person = [&](HealthStatus s) { return w.issue(w.person_key, w.person(s)); };

  auto green = v.decide(person(HealthStatus::green), at());
  CHECK(green.decision == Decision::admit);
  CHECK(green.reasons.empty());
  CHECK(green.status == "green");
  CHECK(v.decide(person(HealthStatus::green), at(place("hospital"), 36.5)).decision == Decision::admit);

  auto yellow = v.decide(person(HealthStatus::yellow), at(place("mall")));
  CHECK(yellow.decision == Decision::deny);
  CHECK(reason_ids(yellow) == Ids{"R-YELLOW"});
  CHECK(v.decide(person(HealthStatus::yellow), at()).decision == Decision::deny);  // unknown place: the strict rule
  auto yellow_hospital = v.decide(person(HealthStatus::yellow), at(place("hospital")));
  CHECK(yellow_hospital.decision == Decision::refer);
  CHECK(reason_ids(yellow_hospital) == Ids{"R-YELLOW-CARE"});
  CHECK(reason_ids(v.decide(person(HealthStatus::yellow), at(place("elderly-care")))) == Ids{"R-YELLOW-CARE"});

  auto orange = v.decide(person(HealthStatus::orange), at(place("mall")));
  CHECK(orange.decision == Decision::deny);
  CHECK(reason_ids(orange) == Ids{"R-ORANGE"});
  CHECK(orange.reasons[0].messages.zh_cn.find("居家医学观察") != std::string::npos);
  auto red = v.decide(person(HealthStatus::red), at(place("hospital")));
  CHECK(red.decision == Decision::deny);
  CHECK(reason_ids(red) == Ids{"R-RED"});
  CHECK(red.reasons[0].messages.en.find("strictly controlled") != std::string::npos);

  auto place_code = v.decide(w.issue(w.place_key, w.place()), at(place("mall")));
  CHECK(place_code.decision == Decision::deny);
  CHECK(reason_ids(place_code) == Ids{"R-PLACE-CODE"});
  CHECK(place_code.status == std::nullopt);

  CHECK(reason_ids(v.decide(person(HealthStatus::green), at(place("mall"), 37.3))) == Ids{"R-FEVER"});
  CHECK(v.decide(person(HealthStatus::green), at(place("mall"), 37.3)).decision == Decision::refer);
  CHECK(v.decide(person(HealthStatus::green), at(place("mall"), 37.2)).decision == Decision::admit);
  // Fever and red: deny wins, both reasons shown.
  CHECK(reason_ids(v.decide(person(HealthStatus::red), at(place("mall"), 38.0))) == Ids{"R-RED", "R-FEVER"});
  CHECK(v.decide(person(HealthStatus::red), at(place("mall"), 38.0)).decision == Decision::deny);
}

TEST_CASE("decision: proxy codes need a status list younger than 24 h", "[decision]") {
  World w;
  auto v = w.verifier();
  auto proxy = w.issue(w.proxy_key, w.proxy());
  auto without = v.decide(proxy, at(place("mall")));
  CHECK(without.decision == Decision::refer);
  CHECK(reason_ids(without) == Ids{"R-PROXY-STALE"});
  CHECK_FALSE(without.freshness.status_list_age);
  REQUIRE(v.update_status_list(w.status_list(1, {})).ok());  // issued 600 s before kNow
  auto fresh = v.decide(proxy, at(place("mall")));
  CHECK(fresh.decision == Decision::admit);
  CHECK(fresh.freshness.status_list_age == 600u);
  auto day_later = at(place("mall"));
  day_later.now = kNow - 600 + 86400 + 1;
  CHECK(reason_ids(v.decide(proxy, day_later)) == Ids{"R-PROXY-STALE"});
}

TEST_CASE("decision: the status list overrides older statuses and revokes", "[decision]") {
  World w;
  auto v = w.verifier();
  auto code = w.issue(w.person_key, w.person());  // green at q 4
  REQUIRE(v.update_status_list(w.status_list(1, {{"p-7f3a9c", "orange", 4}})).ok());
  CHECK(v.decide(code, at()).status == "green");  // set at the same q: the code is not older
  REQUIRE(v.update_status_list(w.status_list(2, {{"p-7f3a9c", "orange", 5}}, 1)).ok());
  auto orange = v.decide(code, at());
  CHECK(orange.status == "orange");
  CHECK(orange.verification.credential->status == HealthStatus::green);  // what the code itself says
  CHECK(reason_ids(orange) == Ids{"R-ORANGE"});
  REQUIRE(v.update_status_list(w.status_list(3, {{"p-7f3a9c", "revoked", 6}}, 2)).ok());
  auto revoked = v.decide(code, at());
  CHECK_FALSE(revoked.verification.valid);
  CHECK(revoked.verification.error->code == "status.revoked");
  CHECK(revoked.status == "revoked");
  CHECK(revoked.decision == Decision::deny);
  CHECK(reason_ids(revoked) == Ids{"status.revoked"});
}

TEST_CASE("decision: invalid codes and bad context are denied with their error as the reason", "[decision]") {
  World w;
  auto v = w.verifier();
  auto code = w.issue(w.person_key, w.person());
  auto late = at();
  late.now = kNow + 3600;
  auto expired = v.decide(code, late);
  CHECK(expired.decision == Decision::deny);
  CHECK(reason_ids(expired) == Ids{"time.expired"});
  CHECK(expired.reasons[0].messages.en.find("expired") != std::string::npos);
  CHECK(reason_ids(v.decide("hello", at())) == Ids{"format.prefix"});
  CHECK(reason_ids(v.decide(code, at(std::nullopt, std::nullopt, "fr"))) == Ids{"config.locale"});
  CHECK(reason_ids(v.decide(code, at(std::nullopt, 98.6))) == Ids{"config.temperature"});
  CHECK(reason_ids(v.decide(code, at(place("casino")))) == Ids{"config.place"});
  auto bad_region = place("mall");
  bad_region.region = "31";
  CHECK(reason_ids(v.decide(code, at(bad_region))) == Ids{"config.place"});
}

TEST_CASE("decision: custom rule sets — applicability, refer-only, evaluation failures, rule data", "[decision]") {
  World w;
  auto options = w.options();
  options.rule_limits.max_iterations = 10;
  auto v = *Verifier::create(options, w.trust_list());
  auto rule = [](std::string id, nlohmann::json logic, std::string outcome, nlohmann::json categories = {"*"}) {
    return nlohmann::json{
        {"id", id},       {"types", {"person"}}, {"categories", categories},
        {"logic", logic}, {"outcome", outcome},  {"reason", {{"zh-CN", id + " 中"}, {"en", id + " en"}}}};
  };
  nlohmann::json rules = {
      rule("R-REFER", {{"==", {{{"var", "place.region"}}, "310106"}}}, "refer"),
      rule("R-DATE", {{"==", {{{"substr", {{{"var", "nowISO"}}, 0, 10}}}, "2026-01-01"}}}, "deny"),
      rule("R-LIMIT", {{"all", {nlohmann::json::array({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}), true}}}, "refer",
           {"bank"}),
      rule("R-FUTURE", false, "deny"), rule("R-SUB", {{"==", {{{"var", "credential.sub"}}, "p-7f3a9c"}}}, "deny")};
  rules[3]["validFrom"] = kNow + 10;
  REQUIRE(v.update_rules(w.rule_set(rules)).ok());
  auto code = w.issue(w.person_key, w.person());

  auto elsewhere = place("mall");
  elsewhere.region = "110105";
  auto refer = v.decide(code, at(elsewhere, std::nullopt, "en"));
  CHECK(refer.decision == Decision::refer);
  CHECK(reason_ids(refer) == Ids{"R-REFER"});
  CHECK(v.decide(code, at(place("mall"))).decision == Decision::admit);
  auto bank = v.decide(code, at(place("bank")));
  CHECK(reason_ids(bank) == Ids{"R-LIMIT"});  // exceeded its iteration limit: counts as failing
  auto later = at(place("mall"));
  later.now = kNow + 20;
  CHECK(reason_ids(v.decide(code, later)) == Ids{"R-FUTURE"});
  later.now = kNow + 86400;
  CHECK(reason_ids(v.decide(w.issue(w.person_key,
                                    [&] {
                                      auto c = w.person();
                                      c.iat = kNow + 86300;
                                      c.exp = kNow + 86500;
                                      return c;
                                    }()),
                            later)) == Ids{"R-DATE", "R-FUTURE"});
  CHECK(v.decide(code, at()).freshness.rules_age == 3600u);
}

TEST_CASE("decision: JSON text shape", "[decision]") {
  World w;
  auto v = w.verifier();
  auto r = v.decide(w.issue(w.person_key, w.person(HealthStatus::red)), at(place("mall"), 36.6, "en"));
  auto j = nlohmann::ordered_json::parse(to_json_text(r));
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"valid", "error", "credential", "status", "decision", "reasons", "travel",
                                         "freshness"});
  CHECK(j["decision"] == "deny");
  CHECK(j["status"] == "red");
  REQUIRE(j["reasons"].size() == 1);
  CHECK(j["reasons"][0]["id"] == "R-RED");
  CHECK(j["reasons"][0]["outcome"] == "deny");
  CHECK(j["reasons"][0]["message"] == j["reasons"][0]["messages"]["en"]);
  CHECK(j["reasons"][0]["messages"].contains("zh-CN"));
  CHECK(j["freshness"]["trustListAge"] == 3600);
  CHECK(j["freshness"]["rulesAge"].is_null());
  CHECK(j["freshness"]["statusListAge"].is_null());
}
