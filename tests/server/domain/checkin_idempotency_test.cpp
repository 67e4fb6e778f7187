// Check-in ingestion through the Service (docs/api.md "From a checkpoint"): a batch resent after a lost
// response is stored once and answered the same; records the server will never take are rejected one by
// one with their stable codes, beside the good ones.
#include "service_fixture.hpp"

using namespace greenlight::testing;

namespace {

// Every record counts in statistics here (repeat_window 0): these tests scan one visitor again and again to
// count what was stored, not visits (tests/server/api.test.mjs "repeat scans" covers the window).
greenlight::service::ServiceOptions every_scan_counts() {
  greenlight::service::ServiceOptions options;
  options.repeat_window = 0;
  return options;
}

struct Checkpoint {
  ServiceFixture f{every_scan_counts()};
  Caller admin, inspector, visitor, other_admin;
  std::string place, other_place;

  Checkpoint() {
    admin = f.citizen("王芳");
    inspector = f.citizen("赵强");
    visitor = f.citizen("李四");
    other_admin = f.citizen("陈静");
    place = make_place(admin, "东风菜市场", true);
    other_place = make_place(other_admin, "老北京饭馆", false);
  }
  std::string make_place(const Caller& owner, const std::string& name, bool bind) {
    auto made = ServiceFixture::ok(f.svc().create_place(ServiceFixture::request(
        owner.token, {{"region", "110105"}, {"address", "朝阳路 2 号"}, {"category", "market"}, {"name", name}})));
    if (bind)
      ServiceFixture::ok(f.svc().bind_inspector(
          ServiceFixture::request(inspector.token, {{"declarationCode", made.body.at("declarationCode")}})));
    return made.body.at("id").get<std::string>();
  }
  json scan(const std::string& client_id, const std::string& code, const std::string& decision = "admit") {
    return {{"clientId", client_id},      {"placeId", place},
            {"checkpoint", "south gate"}, {"time", f.now()},
            {"method", "inspector-scan"}, {"code", code},
            {"decision", decision},       {"status", "green"},
            {"reasons", json::array()},   {"temperatureClass", "normal"},
            {"temperature", 36.5}};
  }
  json manual(const std::string& client_id, const std::string& id_number) {
    return {{"clientId", client_id},
            {"placeId", place},
            {"time", f.now()},
            {"method", "manual"},
            {"decision", nullptr},
            {"status", nullptr},
            {"reasons", json::array()},
            {"temperatureClass", nullptr},
            {"manual", {{"name", "张三"}, {"idNumber", id_number}, {"phone", "13812345678"}}}};
  }
  greenlight::service::Answer ingest(const json& records) {
    return f.svc().ingest_checkins(ServiceFixture::request(inspector.token, {{"records", records}}));
  }
  json totals() {
    // The window ends an hour ahead, so check-ins made at the clock's "now" fall inside it.
    auto to = std::to_string(f.now() + 3600);
    return ServiceFixture::ok(
               f.svc().place_statistics(ServiceFixture::request(admin.token, nullptr, {place}, {{"to", to}})))
        .body.at("totals");
  }
};

// The rejected records' [clientId, code], in the reply's order.
json rejections(const json& reply) {
  json out = json::array();
  for (const auto& r : reply.at("rejected")) out.push_back({r.at("clientId"), r.at("code")});
  return out;
}

}  // namespace

TEST_CASE("check-ins: the same batch twice is stored once and answered the same", "[domain]") {
  Checkpoint c;
  auto batch = json::array({c.scan("a-1", c.f.code_of(c.visitor)), c.manual("a-2", c.f.new_id_number()),
                            c.scan("a-3", c.f.code_of(c.visitor), "deny")});
  auto first = ServiceFixture::ok(c.ingest(batch));
  CHECK(first.body == json{{"accepted", {"a-1", "a-2", "a-3"}}, {"rejected", json::array()}});
  auto stored = c.totals();
  CHECK(stored.at("visits") == 3);
  CHECK(stored.at("admitted") == 1);
  CHECK(stored.at("denied") == 1);
  CHECK(stored.at("manual") == 1);

  c.f.advance(30);
  auto again = ServiceFixture::ok(c.ingest(batch));
  CHECK(again.body == first.body);
  CHECK(c.totals() == stored);

  // A resend that differs keeps the first version; a new record in the same batch is stored.
  auto changed = batch;
  changed[0]["decision"] = "deny";
  changed.push_back(c.scan("a-4", c.f.code_of(c.visitor)));
  auto mixed = ServiceFixture::ok(c.ingest(changed));
  CHECK(mixed.body == json{{"accepted", {"a-1", "a-2", "a-3", "a-4"}}, {"rejected", json::array()}});
  auto after = c.totals();
  CHECK(after.at("visits") == 4);
  CHECK(after.at("admitted") == 2);
  CHECK(after.at("denied") == 1);

  // The visitor's own list holds each verified scan once.
  auto mine = ServiceFixture::ok(c.f.svc().my_checkins(ServiceFixture::request(c.visitor.token))).body.at("checkins");
  json ids = json::array();
  for (const auto& v : mine) ids.push_back(v.at("clientId"));
  CHECK(ids.size() == 3);
  for (const char* id : {"a-1", "a-3", "a-4"}) CHECK(std::find(ids.begin(), ids.end(), json(id)) != ids.end());
}

TEST_CASE("check-ins: bad records are rejected with stable codes, the good ones kept", "[domain]") {
  Checkpoint c;
  auto code = c.f.code_of(c.visitor);
  auto bad_method = c.scan("b-method", code);
  bad_method["method"] = "telepathy";
  auto bad_client = c.scan("b/slash", code);
  auto elsewhere = c.scan("b-place", code);
  elsewhere["placeId"] = c.other_place;
  auto too_old = c.scan("b-old", code);
  too_old["time"] = c.f.now() - 29 * 86400;
  auto too_new = c.scan("b-new", code);
  too_new["time"] = c.f.now() + 3600;
  auto bad_id = c.manual("b-id", c.f.new_id_number());
  auto id = bad_id["manual"]["idNumber"].get<std::string>();
  bad_id["manual"]["idNumber"] = id.substr(0, 17) + (id[17] == '1' ? "2" : "1");  // a wrong check character
  auto bad_name = c.manual("b-name", c.f.new_id_number());
  bad_name["manual"]["name"] = "";
  auto bad_phone = c.manual("b-phone", c.f.new_id_number());
  bad_phone["manual"]["phone"] = "123";
  auto batch = json::array({c.scan("good-1", code), bad_method, bad_client, elsewhere, too_old, too_new, bad_id,
                            bad_name, bad_phone, c.manual("good-2", c.f.new_id_number())});

  auto reply = ServiceFixture::ok(c.ingest(batch)).body;
  CHECK(reply.at("accepted") == json::array({"good-1", "good-2"}));
  CHECK(rejections(reply) == json::array({
                                 {"b-method", "checkin.invalid"},
                                 {"b/slash", "checkin.invalid"},
                                 {"b-place", "checkin.place"},
                                 {"b-old", "checkin.time"},
                                 {"b-new", "checkin.time"},
                                 {"b-id", "person.id_number"},
                                 {"b-name", "person.name"},
                                 {"b-phone", "person.phone"},
                             }));
  for (const auto& r : reply.at("rejected")) CHECK(!r.at("message").get<std::string>().empty());
  CHECK(c.totals().at("visits") == 2);
  // Answered the same when resent: rejections are decided by the record, not by what was stored before.
  CHECK(ServiceFixture::ok(c.ingest(batch)).body == reply);
  CHECK(c.totals().at("visits") == 2);

  // Whole-request errors store nothing.
  CHECK(ServiceFixture::error_code(c.f.svc().ingest_checkins(
            ServiceFixture::request(c.inspector.token, json::object()))) == "request.invalid");
  json many = json::array();
  for (int i = 0; i < 1001; ++i) many.push_back(c.scan("m-" + std::to_string(i), code));
  CHECK(ServiceFixture::error_code(c.ingest(many)) == "checkin.batch_too_large");
  CHECK(ServiceFixture::error_code(c.f.svc().ingest_checkins(ServiceFixture::request("", {{"records", batch}}))) ==
        "auth.required");
  CHECK(c.totals().at("visits") == 2);
}
