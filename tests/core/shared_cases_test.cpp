// tests/cases/verify.json: one case file that the native build, the wasm build (this same test under
// node) and the npm package (tests/node) must all reproduce exactly.
// Regenerate after an intended change: GREENLIGHT_REGENERATE_CASES=1 ./build/native/tests/greenlight_tests
// "[.regenerate]"
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "fixture.hpp"
#include "support.hpp"

using namespace greenlight;
using greenlight::test::kNow;
using greenlight::test::World;

namespace {

const char* kCaseFile = "tests/cases/verify.json";
// The case file is checked by front ends that load it with the real clock, so its list must outlive us.
constexpr std::uint64_t kLongLived = 2871763200;  // 2061-01-01

DecisionContext context_of(const nlohmann::json& c) {
  DecisionContext context;
  context.now = c["now"].get<std::uint64_t>();
  if (c.contains("place")) {
    const auto& p = c["place"];
    context.place = PlaceContext{p.value("id", ""), p.value("category", ""), p.value("region", "")};
  }
  if (c.contains("temperature")) context.temperature = c["temperature"].get<double>();
  if (c.contains("locale")) context.locale = c["locale"].get<std::string>();
  return context;
}

Verifier load(const nlohmann::json& doc) {
  VerifierOptions options;
  for (const auto& r : doc["roots"]) options.roots.push_back(*public_key_from_text(r.get<std::string>()));
  options.skew_seconds = doc["skewSeconds"].get<std::int64_t>();
  options.clock = [] { return kNow; };
  auto v = Verifier::create(options, doc["trustList"].get<std::string>());
  REQUIRE(v.ok());
  Verifier::Documents documents;
  for (const auto& l : doc["statusLists"]) documents.status_lists.push_back(l.get<std::string>());
  documents.region_risk = doc["regionRisk"].get<std::string>();
  REQUIRE(v->update(documents).ok());
  return std::move(*v);
}

nlohmann::json build_cases() {
  World w;
  nlohmann::json cases = nlohmann::json::array();
  auto add = [&](const std::string& name, const std::string& text, std::uint64_t now = kNow,
                 nlohmann::json extra = nlohmann::json::object()) {
    nlohmann::json c = {{"name", name}, {"text", text}, {"now", now}};
    c.update(extra);
    cases.push_back(std::move(c));
  };
  nlohmann::json mall = {{"id", "pl-0042"}, {"category", "mall"}, {"region", "310106"}};
  nlohmann::json hospital = {{"id", "pl-0099"}, {"category", "hospital"}, {"region", "310106"}};
  add("person green", w.issue(w.person_key, w.person()));
  add("person yellow", w.issue(w.person_key, w.person(HealthStatus::yellow)));
  add("person orange", w.issue(w.person_key, w.person(HealthStatus::orange)));
  add("person red", w.issue(w.person_key, w.person(HealthStatus::red)));
  add("proxy", w.issue(w.proxy_key, w.proxy()));
  add("place", w.issue(w.place_key, w.place()));
  add("place as URL", *gl1_url("https://gl.example.cn/c", w.issue(w.place_key, w.place())));
  add("person expired", w.issue(w.person_key, w.person()), kNow + 3600);
  add("person not yet valid", w.issue(w.person_key, w.person()), kNow - 3600);
  add("unknown key", w.issue(w.stranger, w.person()));
  add("wrong key use", w.issue(w.person_key, w.place()));
  add("retired key", w.issue(w.retired_key, w.person()));
  add("issuer mismatch", *Issuer(w.person_key, "gl:other").issue(w.person()));
  add("bad claims", Issuer(w.person_key, w.iss).issue_raw_claims(*hex_decode("a0")));
  add("not GL1", "HC1:6BFOXN%TS3DH0YOJ58S");
  add("bad base45", "GL1:abc");
  add("bad cbor", "GL1:" + base45_encode(*hex_decode("ff")));
  add("bad cose", "GL1:" + base45_encode(*hex_decode("d28340a040")));
  add("too large", "GL1:" + std::string(8200, '0'));
  auto forged = *base45_decode(w.issue(w.person_key, w.person(HealthStatus::red)).substr(4));
  std::string raw(forged.begin(), forged.end());
  raw.replace(raw.find("red"), 3, "RED");
  add("forged", encode_gl1_text(as_bytes(raw)));
  add("green at a mall, normal temperature", w.issue(w.person_key, w.person()), kNow,
      {{"place", mall}, {"temperature", 36.4}});
  add("yellow at a mall", w.issue(w.person_key, w.person(HealthStatus::yellow)), kNow, {{"place", mall}});
  add("yellow at a hospital (English)", w.issue(w.person_key, w.person(HealthStatus::yellow)), kNow,
      {{"place", hospital}, {"locale", "en"}});
  add("fever", w.issue(w.person_key, w.person()), kNow, {{"place", mall}, {"temperature", 37.8}});
  add("place code at a checkpoint", w.issue(w.place_key, w.place()), kNow, {{"place", mall}});
  auto listed = w.person();
  listed.sub = "p-listed";
  add("status list makes it orange", w.issue(w.person_key, listed), kNow, {{"place", mall}});
  auto revoked = w.proxy();
  revoked.sub = "x-revoked";
  add("revoked proxy", w.issue(w.proxy_key, revoked), kNow, {{"place", mall}});
  add("bad locale", w.issue(w.person_key, w.person()), kNow, {{"locale", "fr"}});
  add("Fahrenheit temperature", w.issue(w.person_key, w.person()), kNow, {{"temperature", 98.6}});
  // The travel check: the region-risk list marks Zhanjiang's 440902 high and all of Beijing's city medium.
  constexpr std::uint32_t today = kNow / 86400;
  auto traveller = w.person();
  traveller.itinerary = std::vector<RegionVisit>{{"440902", today - 1}, {"310106", today - 2}};
  add("travel: visited a high-risk district yesterday", w.issue(w.person_key, traveller), kNow, {{"place", mall}});
  traveller.itinerary = std::vector<RegionVisit>{{"110105", today}};
  add("travel: in a medium-risk city today (English)", w.issue(w.person_key, traveller), kNow, {{"locale", "en"}});
  traveller.itinerary = std::vector<RegionVisit>{{"440902", today - 9}};
  traveller.declaration = DeclarationSummary{kNow - 86400, false, false, false};
  add("travel: before the district was listed, with a declaration", w.issue(w.person_key, traveller));
  // Documents for update tests in front ends that cannot sign (the npm package's tests).
  nlohmann::json documents = {
      {"trustListSeq2", w.trust_list(2, kLongLived)},
      {"trustListSeq0", w.trust_list(0, kLongLived)},
      {"trustListExpired", w.trust_list(3, kNow - 86400)},
      {"trustListForeign", Issuer(w.stranger, "x").sign_document(kTrustListTyp, w.trust_payload(4, kLongLived))}};
  return {
      {"roots", {base64url_encode(w.root.public_key)}},
      {"trustList", w.trust_list(1, kLongLived)},
      {"statusLists",
       {w.status_list(1, {{"p-listed", "orange", 9}, {"x-revoked", "revoked", 9}}, std::nullopt, kLongLived)}},
      {"regionRisk",
       w.region_risk(1, {{"440902", "high", kNow - 5 * 86400, 0}, {"110100", "medium", kNow - 86400, 0}}, kLongLived)},
      {"skewSeconds", 60},
      {"documents", documents},
      {"cases", cases}};
}

}  // namespace

TEST_CASE("shared cases: regenerate tests/cases/verify.json", "[.regenerate]") {
  if (!std::getenv("GREENLIGHT_REGENERATE_CASES")) return;
  auto doc = build_cases();
  auto v = load(doc);
  for (auto& c : doc["cases"])
    c["expected"] = nlohmann::json::parse(to_json_text(v.decide(c["text"].get<std::string>(), context_of(c))));
  std::ofstream(test::source_path(kCaseFile)) << doc.dump(1) << "\n";
}

TEST_CASE("shared cases: this build reproduces tests/cases/verify.json", "[shared]") {
  auto doc = nlohmann::json::parse(test::read_file(test::source_path(kCaseFile)));
  auto v = load(doc);
  int n = 0;
  for (const auto& c : doc["cases"]) {
    INFO(c["name"].get<std::string>());
    auto got = nlohmann::json::parse(to_json_text(v.decide(c["text"].get<std::string>(), context_of(c))));
    CHECK(got == c["expected"]);
    ++n;
  }
  CHECK(n >= 32);
}
