// Contact tracing on a synthetic outbreak whose contacts were worked out by hand (docs/tracing.md).
//
// Three places: a market M (dwell 30 min), a restaurant R (60 min) and an office O (480 min). Times are
// minutes after T0 (2026-01-01 00:00 UTC); presence = [check-in, check-in + dwell). The case P0's window
// is days 0-2, so its market visit on day -1 does not count.
//
//   M  P0 600-630   P1 580-610 (10 min)   P2 629-659 (1 min)   P3 630-660 (touches P0: depth 2 via P2, 29)
//      P4 570-600 (touches P0; overlaps P1 only before P1's exposure: nobody)   P11 575-605 (5 min)
//      P12 560-590 (overlaps P1 before exposure: nobody)   day -1: P0 -840..-810, P5 -850..-820 (outside)
//   R  P0 720-780   P1 750-810 (30 min)   P6 690-750 (30 min)   P7 from 720.5 (59.5 min -> 60)
//      P13 790-850 (depth 2 via P1: 20 min)
//   O  P6 840-1320 and day 1 1950-2430   P1 960-1440   P8 540-1020 (depth 2: 180 via P6 + 60 via P1)
//      P9 day 1 1920-2400 (depth 2 via P6: 450)   P10 360-840 (touches P6: nobody)
#include <catch2/catch.hpp>

#include <map>

#include "greenlight/server/tracing.hpp"

using namespace greenlight;
// tracing::Visit by its full name: greenlight::Visit (an itinerary's visit, credential.hpp) is visible here too
// when a unity build puts this file after one that includes it.

namespace {

constexpr std::int64_t T0 = 1767225600;

struct Outbreak {
  std::vector<tracing::Visit> visits;
  int next = 0;
  void at(const std::string& person, const std::string& place, const std::string& category,
          std::int64_t start_seconds) {
    auto start = T0 + start_seconds;
    visits.push_back({"v" + std::to_string(next++), person, place, start, start + tracing::dwell_seconds(category)});
  }
  void at_minute(const std::string& person, const std::string& place, const std::string& category,
                 std::int64_t minute) {
    at(person, place, category, minute * 60);
  }
};

Outbreak outbreak() {
  Outbreak o;
  auto m = [&](const char* p, std::int64_t minute) { o.at_minute(p, "M", "market", minute); };
  auto r = [&](const char* p, std::int64_t minute) { o.at_minute(p, "R", "restaurant", minute); };
  auto w = [&](const char* p, std::int64_t minute) { o.at_minute(p, "O", "office", minute); };
  m("P0", 600);
  m("P1", 580);
  m("P2", 629);
  m("P3", 630);
  m("P4", 570);
  m("P11", 575);
  m("P12", 560);
  m("P0", -840);
  m("P5", -850);
  r("P0", 720);
  r("P1", 750);
  r("P6", 690);
  o.at("P7", "R", "restaurant", 720 * 60 + 30);
  r("P13", 790);
  w("P6", 840);
  w("P6", 1950);
  w("P1", 960);
  w("P8", 540);
  w("P9", 1920);
  w("P10", 360);
  return o;
}

struct Expected {
  int depth;
  std::int64_t minutes;
};

}  // namespace

TEST_CASE("tracing: dwell times by category, with overrides", "[tracing]") {
  CHECK(tracing::dwell_seconds("market") == 30 * 60);
  CHECK(tracing::dwell_seconds("office") == 480 * 60);
  CHECK(tracing::dwell_seconds("no-such-category") == tracing::dwell_seconds("other"));
  CHECK(tracing::dwell_seconds("market", {{"market", 45}}) == 45 * 60);
  CHECK(tracing::dwell_seconds("mall", {{"market", 45}}) == 60 * 60);
  CHECK(tracing::default_dwell_minutes().size() == 25);  // every GL1 place category
}

TEST_CASE("tracing: the synthetic outbreak's exact contacts and exposure minutes", "[tracing]") {
  auto o = outbreak();
  auto t = tracing::trace(o.visits, "P0", T0, T0 + 3 * 86400);
  REQUIRE(t);
  REQUIRE(t->case_visits.size() == 2);
  CHECK(t->case_visits[0].place == "M");
  CHECK(t->case_visits[1].place == "R");

  std::map<std::string, Expected> got;
  for (const auto& c : t->contacts) got[c.person] = {c.depth, c.exposure_minutes};
  const std::map<std::string, Expected> want = {{"P1", {1, 40}},  {"P2", {1, 1}},   {"P6", {1, 30}},
                                                {"P7", {1, 60}},  {"P11", {1, 5}},  {"P3", {2, 29}},
                                                {"P8", {2, 240}}, {"P9", {2, 450}}, {"P13", {2, 20}}};
  REQUIRE(got.size() == want.size());
  for (const auto& [person, e] : want) {
    INFO(person);
    REQUIRE(got.count(person) == 1);
    CHECK(got[person].depth == e.depth);
    CHECK(got[person].minutes == e.minutes);
  }

  // Order: close contacts first, longest exposure first; then secondary contacts likewise.
  std::vector<std::string> order;
  for (const auto& c : t->contacts) order.push_back(c.person);
  CHECK(order == std::vector<std::string>{"P7", "P1", "P6", "P11", "P2", "P9", "P8", "P3", "P13"});

  // Details of one of each kind.
  const auto& p7 = t->contacts[0];
  CHECK(p7.exposure_seconds == 3570);
  CHECK(p7.first_exposure == T0 + 720 * 60 + 30);
  CHECK(p7.last_exposure == T0 + 780 * 60);
  const auto& p1 = t->contacts[1];
  REQUIRE(p1.via.size() == 2);
  CHECK(p1.via[0].place == "M");
  CHECK(p1.via[0].start == T0 + 600 * 60);
  CHECK(p1.via[0].end == T0 + 610 * 60);
  CHECK(p1.via[0].through.empty());
  CHECK(p1.via[1].place == "R");
  CHECK(p1.first_exposure == T0 + 600 * 60);
  CHECK(p1.last_exposure == T0 + 780 * 60);
  const auto& p8 = t->contacts[6];
  REQUIRE(p8.person == "P8");
  REQUIRE(p8.via.size() == 2);
  CHECK(p8.via[0].through == "P6");
  CHECK(p8.via[0].end - p8.via[0].start == 180 * 60);
  CHECK(p8.via[1].through == "P1");
  CHECK(p8.via[1].end - p8.via[1].start == 60 * 60);
}

TEST_CASE("tracing: depth 1, windows and bad input", "[tracing]") {
  auto o = outbreak();
  tracing::TraceOptions close_only;
  close_only.max_depth = 1;
  auto t = tracing::trace(o.visits, "P0", T0, T0 + 3 * 86400, close_only);
  REQUIRE(t);
  CHECK(t->contacts.size() == 5);
  for (const auto& c : t->contacts) CHECK(c.depth == 1);

  // The day -1 market visit inside the window: P5 overlaps it (20 min) and P0's later visits still count.
  auto wider = tracing::trace(o.visits, "P0", T0 - 86400, T0 + 3 * 86400, close_only);
  REQUIRE(wider);
  CHECK(wider->case_visits.size() == 3);
  bool p5 = false;
  for (const auto& c : wider->contacts)
    if (c.person == "P5") p5 = c.exposure_minutes == 20;
  CHECK(p5);

  // A window that holds none of the case's visits finds nobody.
  auto none = tracing::trace(o.visits, "P0", T0 + 86400, T0 + 2 * 86400);
  REQUIRE(none);
  CHECK(none->case_visits.empty());
  CHECK(none->contacts.empty());

  auto unknown = tracing::trace(o.visits, "nobody", T0, T0 + 86400);
  REQUIRE(unknown);
  CHECK(unknown->contacts.empty());

  auto backwards = tracing::trace(o.visits, "P0", T0 + 10, T0);
  REQUIRE_FALSE(backwards);
  CHECK(backwards.error().code == "tracing.window");

  tracing::TraceOptions tiny;
  tiny.max_visits = 3;
  auto big = tracing::trace(o.visits, "P0", T0, T0 + 86400, tiny);
  REQUIRE_FALSE(big);
  CHECK(big.error().code == "tracing.too_large");

  // Empty or reversed presences are no presence at all.
  std::vector<tracing::Visit> odd = {
      {"a", "P0", "X", T0, T0 + 600}, {"b", "Q", "X", T0 + 100, T0 + 100}, {"c", "R", "X", T0 + 200, T0 + 50}};
  auto empty = tracing::trace(odd, "P0", T0, T0);
  REQUIRE(empty);
  CHECK(empty->contacts.empty());
}
