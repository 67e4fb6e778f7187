// Region-risk entries as authorities publish them and the itinerary a person's codes carry
// (greenlight/server/region_risk.hpp): every refusal names its entry, what is stored reads back the same,
// and the itinerary keeps the last 14 UTC days, one visit per region, newest first, at most 20.
#include <catch2/catch.hpp>

#include "greenlight/server/region_risk.hpp"

// Inside the namespace rather than `using namespace greenlight`: in a unity build that would leak into the
// test files compiled after this one.
namespace greenlight::region_risk_test {
namespace {

using nlohmann::json;

constexpr std::uint64_t kDay = 86400;
constexpr std::uint64_t kNow = 20427 * kDay + 3600;  // 2025-12-05 01:00 UTC
constexpr std::uint32_t kToday = 20427;

json entry(json patch = json::object()) {
  json e = {{"r", "440902"}, {"level", "high"}, {"from", kNow - kDay}, {"to", nullptr}};
  e.update(patch);
  return e;
}

std::string refusal(const json& regions) {
  auto read = read_region_risk_entries(regions);
  REQUIRE_FALSE(read);
  CHECK(read.error().code == "regions.invalid");
  return read.error().message;
}

}  // namespace

TEST_CASE("region-risk entries: every bad entry is regions.invalid, naming where", "[server][regions]") {
  CHECK_THAT(refusal(json::object()), Catch::Contains("regions: an array"));
  CHECK_THAT(refusal(json::array({entry(), 1})), Catch::Contains("regions[1]: an object"));
  CHECK_THAT(refusal(json::array({entry({{"r", "44090"}})})), Catch::Contains("regions[0].r"));
  CHECK_THAT(refusal(json::array({entry({{"r", 440902}})})), Catch::Contains("regions[0].r"));
  CHECK_THAT(refusal(json::array({entry({{"r", "4409021"}})})), Catch::Contains("regions[0].r"));
  CHECK_THAT(refusal(json::array({entry({{"level", "low"}})})), Catch::Contains("regions[0].level"));
  CHECK_THAT(refusal(json::array({entry({{"level", "HIGH"}})})), Catch::Contains("regions[0].level"));
  CHECK_THAT(refusal(json::array({entry({{"from", -1}})})), Catch::Contains("regions[0].from"));
  CHECK_THAT(refusal(json::array({entry({{"from", 1.5}})})), Catch::Contains("regions[0].from"));
  CHECK_THAT(refusal(json::array({entry({{"from", "1"}})})), Catch::Contains("regions[0].from"));
  CHECK_THAT(refusal(json::array({entry({{"from", 253402300800ULL}})})), Catch::Contains("regions[0].from"));
  CHECK_THAT(refusal(json::array({json{{"r", "440902"}, {"level", "high"}}})), Catch::Contains("regions[0].from"));
  CHECK_THAT(refusal(json::array({entry({{"to", kNow - kDay}})})), Catch::Contains("regions[0].to: after from"));
  CHECK_THAT(refusal(json::array({entry({{"to", "never"}})})), Catch::Contains("regions[0].to"));
  CHECK_THAT(refusal(json::array({entry({{"city", "惠州"}})})), Catch::Contains("regions[0].city: unknown"));
  CHECK_THAT(refusal(json(std::vector<json>(kMaxPublishedRegions + 1, entry()))), Catch::Contains("at most 10000"));
}

TEST_CASE("region-risk entries: accepted ones are stored with to null when open-ended", "[server][regions]") {
  auto none = read_region_risk_entries(json::array());
  REQUIRE(none);
  CHECK(none->empty());
  CHECK(region_risk_entries_json(*none) == json::array());

  auto given = json::array({json{{"r", "440902"}, {"level", "high"}, {"from", 100}},
                            json{{"r", "110100"}, {"level", "medium"}, {"from", 100}, {"to", 200}},
                            json{{"r", "310000"}, {"level", "medium"}, {"from", 0}, {"to", nullptr}}});
  auto read = read_region_risk_entries(given);
  REQUIRE(read);
  REQUIRE(read->size() == 3);
  CHECK((*read)[0].level == RiskLevel::high);
  CHECK_FALSE((*read)[0].to);
  CHECK((*read)[1].to == std::optional<std::uint64_t>(200));
  auto stored = region_risk_entries_json(*read);
  CHECK(stored[0] == json{{"r", "440902"}, {"level", "high"}, {"from", 100}, {"to", nullptr}});
  CHECK(stored[1] == given[1]);
  CHECK(stored[2] == given[2]);
  // What is stored reads back to the same entries (the document is built from it).
  auto again = read_region_risk_entries(stored);
  REQUIRE(again);
  CHECK(region_risk_entries_json(*again) == stored);
}

TEST_CASE("itinerary: the last 14 UTC days, one visit per region at its latest day, newest first",
          "[server][regions]") {
  auto at = [](std::uint32_t day, std::uint64_t second = 0) {
    return static_cast<std::int64_t>(std::uint64_t{day} * kDay + second);
  };
  std::vector<RegionAt> visits = {
      {"440902", at(kToday - 3)},
      {"110105", at(kToday, 10)},
      {"440902", at(kToday - 1, 86399)},   // the latest day there
      {"310104", at(kToday - 13)},         // the first day kept
      {"310115", at(kToday - 14, 86399)},  // a second too early
      {"320102", at(kToday + 1)},          // tomorrow: not yet
      {"12345", at(kToday)},               // not a region code
  };
  auto itinerary = build_itinerary(visits, kNow);
  REQUIRE(itinerary.size() == 3);
  CHECK(itinerary[0].region == "110105");
  CHECK(itinerary[0].day == kToday);
  CHECK(itinerary[1].region == "440902");
  CHECK(itinerary[1].day == kToday - 1);
  CHECK(itinerary[2].region == "310104");
  CHECK(itinerary[2].day == kToday - 13);
  CHECK(build_itinerary({}, kNow).empty());

  // At most 20 regions: the newest.
  std::vector<RegionAt> many;
  for (int i = 0; i < 25; ++i)
    many.push_back({std::to_string(110100 + i), at(kToday - static_cast<std::uint32_t>(i % 14))});
  auto capped = build_itinerary(many, kNow);
  CHECK(capped.size() == kMaxItinerary);
  for (std::size_t i = 1; i < capped.size(); ++i) CHECK(capped[i].day <= capped[i - 1].day);

  // Matched as verifiers match: a city entry covers its districts, a day overlapping [from, to).
  RegionRiskList list;
  list.assign({RegionRisk{"440900", RiskLevel::medium, std::uint64_t{kToday - 1} * kDay, std::nullopt}});
  auto matches = list.match(itinerary, kNow);
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].region == "440902");
  CHECK(matches[0].level == RiskLevel::medium);
}

}  // namespace greenlight::region_risk_test
