// Tracing through the Service: two places, one inspector, scans of several people over an afternoon, a case
// confirmed. The contacts, exposure minutes and raised statuses are the ones tests/server/tracing.test.mjs
// ("a synthetic outbreak") computes by hand over HTTP (without the proxy card), here on a fixed clock.
#include <algorithm>
#include <tuple>

#include "service_fixture.hpp"

using namespace greenlight::testing;

namespace {

constexpr std::uint64_t kMin = 60;

struct ServiceOutbreak {
  ServiceFixture f;
  std::uint64_t t0 = ServiceFixture::kStart;  // the case's first visit
  Caller admin_a, admin_b, inspector, auth;
  Caller C, P1, P2, P3, P4, S1, S2;
  std::string market, restaurant;
  std::string hand_phone;
  int serial = 0;

  std::uint64_t at(std::int64_t minutes) const { return t0 + minutes * static_cast<std::int64_t>(kMin); }

  std::string place(const Caller& admin, const std::string& category, const std::string& name) {
    auto made = ServiceFixture::ok(f.svc().create_place(ServiceFixture::request(
        admin.token, {{"region", "110105"}, {"address", "朝阳路 1 号"}, {"category", category}, {"name", name}})));
    REQUIRE(made.created);
    ServiceFixture::ok(f.svc().bind_inspector(
        ServiceFixture::request(inspector.token, {{"declarationCode", made.body.at("declarationCode")}})));
    return made.body.at("id").get<std::string>();
  }

  // Ingests one record at its own time, as a checkpoint online at that moment would: the clock is set to the
  // scan and the code is the one the person shows then.
  void ingest_at(std::uint64_t time, json record) {
    f.set_now(time);
    record["clientId"] = "rec-" + std::to_string(++serial);
    record["time"] = time;
    auto reply = ServiceFixture::ok(
        f.svc().ingest_checkins(ServiceFixture::request(inspector.token, {{"records", json::array({record})}})));
    INFO(reply.body.dump());
    REQUIRE(reply.body.at("rejected") == json::array());
    REQUIRE(reply.body.at("accepted") == json::array({record["clientId"]}));
  }
  void scan(const std::string& place_id, const Caller& who, std::int64_t minutes,
            const std::string& decision = "admit") {
    f.set_now(at(minutes));
    json record = {{"placeId", place_id},
                   {"method", "inspector-scan"},
                   {"code", f.code_of(who)},
                   {"decision", decision},
                   {"status", decision == "admit" ? "green" : "yellow"},
                   {"reasons", decision == "admit" ? json::array() : json::array({"R-YELLOW"})},
                   {"temperatureClass", "normal"}};
    ingest_at(at(minutes), record);
  }
  void by_hand(const std::string& place_id, std::int64_t minutes, const json& manual) {
    ingest_at(at(minutes), {{"placeId", place_id},
                            {"method", "manual"},
                            {"decision", nullptr},
                            {"status", nullptr},
                            {"reasons", json::array()},
                            {"temperatureClass", nullptr},
                            {"manual", manual}});
  }

  ServiceOutbreak() {
    f.set_now(at(-60));
    auth = f.authority();
    admin_a = f.citizen("王芳");
    admin_b = f.citizen("陈静");
    inspector = f.citizen("赵强");
    market = place(admin_a, "market", "东风菜市场");          // 30 min of presence
    restaurant = place(admin_b, "restaurant", "老北京饭馆");  // 60 min
    C = f.citizen("病例甲");
    P1 = f.citizen("接触乙");
    P2 = f.citizen("路人丙");
    P3 = f.citizen("接触丁");
    P4 = f.citizen("拒入戊");
    S1 = f.citizen("次密己");
    S2 = f.citizen("无关庚");
    hand_phone = f.new_phone();
    // In time order (the clock only moves forward).
    scan(market, P3, -29);        // [-29, 1): 1 min with the case
    scan(market, C, 0);           // [0, 30)
    scan(market, P4, 5, "deny");  // turned away: not a presence
    by_hand(market, 5,
            {{"name", "手登记"}, {"idNumber", f.new_id_number()}, {"phone", hand_phone}});  // [5, 35): 25 min
    scan(market, P1, 10);       // [10, 40): 20 min with the case
    scan(market, P2, 30);       // [30, 60): touches the case's end
    scan(restaurant, S2, 60);   // [60, 120): touches P1's start
    scan(restaurant, P1, 120);  // [120, 180): after P1's exposure
    scan(restaurant, P2, 130);  // [130, 190): 50 min with P1
    scan(restaurant, S1, 150);  // [150, 210): 30 min with P1
    scan(market, C, 200);       // [200, 230)
    scan(market, P3, 215);      // [215, 245): 16 min in all
    f.set_now(at(6 * 60));
  }

  std::int64_t status_seq() {
    return ServiceFixture::ok(f.svc().status_list(ServiceFixture::request())).body.at("seq").get<std::int64_t>();
  }
};

}  // namespace

TEST_CASE("tracing flow: a case's close and secondary contacts, previewed then confirmed", "[domain]") {
  ServiceOutbreak o;
  auto& svc = o.f.svc();
  auto req = [&](json body, std::vector<std::string> params = {}) {
    return ServiceFixture::request(o.auth.token, std::move(body), std::move(params));
  };

  json case_body = {{"personId", o.C.person_id},
                    {"windowStart", o.t0 - 3600},
                    {"windowEnd", o.f.now()},
                    {"reason", "positive PCR, lab 3"},
                    {"note", "index case"}};
  SECTION("window validation, unknown person, no reason, not an authority") {
    auto bad = case_body;
    bad["windowEnd"] = bad["windowStart"];
    CHECK(ServiceFixture::error_code(svc.create_case(req(bad))) == "tracing.window");
    bad = case_body;
    bad["windowEnd"] = o.f.now() + 86400;
    CHECK(ServiceFixture::error_code(svc.create_case(req(bad))) == "tracing.window");
    bad = case_body;
    bad["windowStart"] = o.f.now() - 29 * 86400;
    CHECK(ServiceFixture::error_code(svc.create_case(req(bad))) == "tracing.window");
    bad = case_body;
    bad.erase("reason");
    CHECK(ServiceFixture::error_code(svc.create_case(req(bad))) == "audit.reason");
    bad = case_body;
    bad["personId"] = "h-nobody";
    CHECK(ServiceFixture::error_code(svc.create_case(req(bad))) == "person.not_found");
    CHECK(ServiceFixture::error_code(svc.preview_case(req({{"reason", "x"}}, {"cs-nope"}))) == "case.not_found");
    CHECK(ServiceFixture::error_code(svc.create_case(ServiceFixture::request(o.C.token, case_body))) ==
          "auth.forbidden");
  }

  auto created = ServiceFixture::ok(svc.create_case(req(case_body)));
  CHECK(created.created);
  auto case_id = created.body.at("case").at("id").get<std::string>();
  CHECK(case_id.rfind("cs-", 0) == 0);
  CHECK(created.body.at("case").at("state") == "open");
  auto seq_before = o.status_seq();

  // Preview: the exact contact set, nothing published.
  auto preview = ServiceFixture::ok(svc.preview_case(req({{"reason", "initial tracing"}}, {case_id}))).body;
  std::vector<std::tuple<std::string, std::uint64_t, std::uint64_t>> visits;
  for (const auto& v : preview.at("visits"))
    visits.emplace_back(v.at("placeId").get<std::string>(), v.at("start").get<std::uint64_t>(),
                        v.at("end").get<std::uint64_t>());
  CHECK(visits == decltype(visits){{o.market, o.at(0), o.at(30)}, {o.market, o.at(200), o.at(230)}});
  CHECK(preview.at("subject").at("proposed") == "red");
  json summary = json::array();
  for (const auto& c : preview.at("contacts"))
    summary.push_back({c.at("personId"), c.at("depth"), c.at("exposureMinutes"), c.at("status"), c.at("proposed"),
                       c.at("registered")});
  CHECK(summary == json::array({
                       {nullptr, 1, 25, nullptr, nullptr, false},
                       {o.P1.person_id, 1, 20, "green", "orange", true},
                       {o.P3.person_id, 1, 16, "green", "orange", true},
                       {o.P2.person_id, 2, 65, "green", "yellow", true},
                       {o.S1.person_id, 2, 30, "green", "yellow", true},
                   }));
  CHECK(preview.at("counts") == json{{"close", 3}, {"secondary", 2}});
  CHECK(preview.at("contacts")[0].at("phone") == o.hand_phone.substr(0, 3) + "****" + o.hand_phone.substr(7));
  CHECK(preview.at("contacts")[2].at("firstExposure") == o.at(0));
  CHECK(preview.at("contacts")[2].at("lastExposure") == o.at(230));
  // P2 only touched the case but overlapped two close contacts after their exposure.
  std::vector<std::tuple<std::string, std::string, std::uint64_t, std::uint64_t>> via;
  for (const auto& e : preview.at("contacts")[3].at("via"))
    via.emplace_back(e.at("placeId").get<std::string>(),
                     e.at("through").is_null() ? "" : e.at("through").get<std::string>(),
                     e.at("start").get<std::uint64_t>(), e.at("end").get<std::uint64_t>());
  std::sort(via.begin(), via.end());
  decltype(via) expected_via{{o.market, o.P1.person_id, o.at(30), o.at(40)},
                             {o.market, "", o.at(30), o.at(35)},
                             {o.restaurant, o.P1.person_id, o.at(130), o.at(180)}};
  std::sort(expected_via.begin(), expected_via.end());
  CHECK(via == expected_via);
  CHECK(ServiceFixture::error_code(svc.preview_case(req({{"reason", "x"}, {"maxDepth", 3}}, {case_id}))) ==
        "request.invalid");
  CHECK(ServiceFixture::error_code(svc.preview_case(req(json::object(), {case_id}))) == "audit.reason");
  CHECK(o.status_seq() == seq_before);

  // Confirm: one status sequence number per raised person, the order of the preview.
  auto confirmed = ServiceFixture::ok(svc.confirm_case(req({{"reason", "confirmed by lab 3"}}, {case_id}))).body;
  CHECK(confirmed.at("case").at("state") == "confirmed");
  json changes = json::array();
  json qs = json::array();
  for (const auto& c : confirmed.at("changes")) {
    changes.push_back({c.at("personId"), c.at("role"), c.at("status"), c.at("previous")});
    qs.push_back(c.at("q"));
  }
  CHECK(changes == json::array({
                       {o.C.person_id, "case", "red", "green"},
                       {o.P1.person_id, "close", "orange", "green"},
                       {o.P3.person_id, "close", "orange", "green"},
                       {o.P2.person_id, "secondary", "yellow", "green"},
                       {o.S1.person_id, "secondary", "yellow", "green"},
                   }));
  CHECK(qs == json::array({seq_before + 1, seq_before + 2, seq_before + 3, seq_before + 4, seq_before + 5}));
  CHECK(json::array({confirmed.at("seq"), confirmed.at("unchanged"), confirmed.at("unregistered"),
                     confirmed.at("excluded"), confirmed.at("riskNotices")}) ==
        json::array({seq_before + 5, 0, 1, 0, 2}));
  CHECK(o.status_seq() == seq_before + 5);
  CHECK(ServiceFixture::error_code(svc.confirm_case(req({{"reason", "again"}}, {case_id}))) == "case.confirmed");

  // The people see it in their next codes; those who were no contact do not.
  auto status_of = [&](const Caller& c) {
    return ServiceFixture::ok(svc.my_code(ServiceFixture::request(c.token))).body.at("status");
  };
  CHECK(status_of(o.C) == "red");
  CHECK(status_of(o.P1) == "orange");
  CHECK(status_of(o.S1) == "yellow");
  CHECK(status_of(o.S2) == "green");
  CHECK(status_of(o.P4) == "green");  // turned away at the door

  // The case record keeps the contacts it confirmed.
  auto stored = ServiceFixture::ok(
                    svc.get_case(ServiceFixture::request(o.auth.token, nullptr, {case_id}, {{"reason", "review"}})))
                    .body;
  json recorded = json::array();
  for (const auto& c : stored.at("contacts"))
    recorded.push_back({c.at("personId"), c.at("depth"), c.at("exposureMinutes"), c.at("assigned")});
  CHECK(recorded == json::array({
                        {o.P1.person_id, 1, 20, "orange"},
                        {o.P3.person_id, 1, 16, "orange"},
                        {o.P2.person_id, 2, 65, "yellow"},
                        {o.S1.person_id, 2, 30, "yellow"},
                    }));
}
