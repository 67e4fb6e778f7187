// Rule sets: signature and signer, shape, compile errors with the rule id, expiry, staleness.
#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace greenlight;
using greenlight::test::code_of;
using greenlight::test::kNow;
using greenlight::test::World;

namespace {

nlohmann::json rule(std::string id, nlohmann::json logic, std::string outcome = "deny") {
  return {{"id", std::move(id)},           {"types", {"person", "proxy"}},
          {"categories", {"*"}},           {"logic", std::move(logic)},
          {"outcome", std::move(outcome)}, {"reason", {{"zh-CN", "测试"}, {"en", "test"}}}};
}
}  // namespace

TEST_CASE("rule sets: the default set is built in and compiles", "[rules]") {
  const auto& set = default_rule_set();
  CHECK(set.built_in);
  CHECK(set.rules.size() == 9);
  World w;
  auto v = w.verifier();
  CHECK(&v.rule_set() == &set);
}

TEST_CASE("rule sets: load, signer, refusals keep the loaded set", "[rules]") {
  World w;
  auto v = w.verifier();
  auto loaded = v.update_rules(w.rule_set(nlohmann::json::array({rule("R-1", true)}), 5));
  INFO((loaded ? std::string("ok") : loaded.error().code + ": " + loaded.error().message));
  REQUIRE(loaded.ok());
  CHECK_FALSE(v.rule_set().built_in);
  CHECK(v.rule_set().seq == 5);
  CHECK(code_of(v.update_rules(w.rule_set(nlohmann::json::array({rule("R-1", true)}), 4))) == "rules.list_stale");
  CHECK(code_of(v.update_rules(w.rule_set(nlohmann::json::array({rule("R-1", true)}), 6, kNow - 3600))) ==
        "rules.list_expired");
  CHECK(code_of(v.update_rules(Issuer(w.person_key, w.iss).sign_document(kRulesTyp, nlohmann::json::object()))) ==
        "rules.list_invalid");
  CHECK(code_of(v.update_rules(w.trust_list())) == "rules.list_invalid");  // wrong typ
  nlohmann::json payload = {{"iss", "gl-root"},
                            {"iat", kNow},
                            {"exp", kNow + 60},
                            {"seq", 7},
                            {"rules", nlohmann::json::array({rule("R-2", true)})}};
  CHECK(code_of(v.update_rules(Issuer(w.root, "gl-root").sign_document(kRulesTyp, payload))) == "");  // a root may sign
  CHECK(v.rule_set().seq == 7);

  auto bad =
      v.update_rules(w.rule_set(nlohmann::json::array({rule("R-OK", true), rule("R-BROKEN", {{"no-such-op", 1}})}), 8));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == "rules.invalid");
  CHECK_THAT(bad.error().message, Catch::Contains("R-BROKEN"));
  std::string deep = "true";
  for (int i = 0; i < 100; ++i) deep = "{\"!\":[" + deep + "]}";
  CHECK(code_of(v.update_rules(w.rule_set(nlohmann::json::array({rule("R-DEEP", nlohmann::json::parse(deep))}), 8))) ==
        "rules.limit");
  CHECK(v.rule_set().seq == 7);
}

TEST_CASE("rule sets: shape errors name the rule", "[rules]") {
  auto expect = [](nlohmann::json r, const char* fragment) {
    nlohmann::json payload = {
        {"iss", "x"}, {"iat", 0}, {"exp", 1}, {"seq", 1}, {"rules", nlohmann::json::array({std::move(r)})}};
    auto set = parse_rule_set(payload);
    REQUIRE_FALSE(set.ok());
    CHECK(set.error().code == "rules.invalid");
    CHECK_THAT(set.error().message, Catch::Contains(fragment));
  };
  auto r = rule("R-X", true);
  auto with = [&](const char* k, nlohmann::json v) {
    auto c = r;
    c[k] = std::move(v);
    return c;
  };
  expect(with("types", {"pet"}), "R-X");
  expect(with("categories", {"casino"}), "casino");
  expect(with("outcome", "admit"), "outcome");
  expect(with("reason", {{"en", "x"}}), "zh-CN");
  expect(with("validFrom", "soon"), "validFrom");
  auto no_id = r;
  no_id.erase("id");
  expect(no_id, "id");
  nlohmann::json twice = {{"iss", "x"}, {"iat", 0}, {"exp", 1}, {"seq", 1}, {"rules", {r, r}}};
  CHECK_THAT(parse_rule_set(twice).error().message, Catch::Contains("twice"));
}
