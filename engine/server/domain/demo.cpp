// Demo data for `greenlight-server --demo`: made through the same service calls a user's requests go
// through (only the sign-in is skipped), so the demo shows what the real flows produce.
#include "impl.hpp"
#include "../store/demo.hpp"

namespace greenlight::service {
namespace {

// A GB 11643 number from its first 17 digits.
std::string id_number(const std::string& first17) { return first17 + *id_number_check_character(first17); }

struct DemoAccount {
  std::string phone, name, id17, role;
  bool authority = false;
};

const std::vector<DemoAccount> kAccounts = {
    {"13800000001", "王芳", "11010519850307123", "place admin (朝阳菜市场)"},
    {"13800000002", "赵强", "11010519900812005", "inspector (both places)"},
    {"13800000003", "张伟", "11010519920615003", "citizen, green, with a proxy for 李秀英"},
    {"13800000004", "陈静", "11010219880101002", "place admin (国贸商城)"},
    {"13800000005", "刘洋", "11010519950220003", "citizen, yellow (declared a fever)"},
    {"13800000006", "孙丽", "11010519870909004", "citizen, orange (contact with a case)"},
    {"13800000009", "周敏", "11010519800505002", "health authority", true},
};

// The demo authority signs in with a password like any authority account (never by SMS alone).
constexpr const char* kDemoAuthorityUser = "demo-authority";
constexpr const char* kDemoAuthorityPassword = "greenlight-demo";

Result<std::string> demo_session(Service::Impl& s, const DemoAccount& a) {
  auto token = new_token();
  auto now = static_cast<std::int64_t>(s.now());
  auto done = s.run([&](Transaction& tx) -> Answer {
    auto id = new_id("a-");
    auto account = store::insert_demo_account(tx, id, s.vault.lookup_hash("phone", a.phone), s.vault.seal(a.phone),
                                              a.authority, now);
    if (!account) return account.error();
    auto session = store::insert_demo_session(tx, token_hash(token), id, now, now + 3600);
    if (!session) return session.error();
    if (a.authority)
      if (auto c = set_authority_credential(s, tx, id, kDemoAuthorityUser, a.name, kDemoAuthorityPassword); !c)
        return c.error();
    return Reply{};
  });
  if (!done) return done.error();
  return token;
}

Request as(const std::string& token, json body = nullptr, std::vector<std::string> params = {}) {
  Request r;
  r.token = token;
  r.address = "demo";
  r.body = std::move(body);
  r.params = std::move(params);
  return r;
}

}  // namespace

Result<json> Service::seed_demo() {
  auto& s = *impl_;
  auto count = s.run([&](Transaction& tx) -> Answer {
    auto accounts = store::count_accounts(tx);
    if (!accounts) return accounts.error();
    return json_reply(*accounts);
  });
  if (!count) return count.error();
  if (count->body.get<std::int64_t>() > 0) return json(nullptr);

  std::map<std::string, std::string> token;  // phone -> session token
  for (const auto& a : kAccounts) {
    auto t = demo_session(s, a);
    if (!t) return t.error();
    token[a.phone] = *t;
    if (auto done = set_identity(as(*t, {{"name", a.name}, {"idNumber", id_number(a.id17)}})); !done)
      return done.error();
  }
  json no_symptoms = {
      {"symptoms", json::array()}, {"fever", false}, {"contactWithCase", false}, {"travel", {{"highRiskArea", false}}}};
  for (const auto& a : kAccounts) {
    auto answers = no_symptoms;
    if (a.phone == "13800000005") answers["fever"] = true;
    if (a.phone == "13800000006") answers["contactWithCase"] = true;
    if (auto done = declare(as(token[a.phone], answers)); !done) return done.error();
  }

  json places = json::array();
  std::vector<std::string> place_ids;
  for (auto [admin, name, category, address] :
       {std::tuple{"13800000001", "朝阳菜市场", "market", "北京市朝阳区朝阳路 1 号"},
        std::tuple{"13800000004", "国贸商城", "mall", "北京市朝阳区建国门外大街 1 号"}}) {
    auto place = create_place(
        as(token[admin], {{"region", "110105"}, {"address", address}, {"category", category}, {"name", name}}));
    if (!place) return place.error();
    auto id = place->body["id"].get<std::string>();
    for (const char* gate : {"南门", "北门"})
      if (auto cp = add_checkpoint(as(token[admin], {{"name", gate}}, {id})); !cp) return cp.error();
    if (auto bound = bind_inspector(as(token["13800000002"], {{"declarationCode", place->body["declarationCode"]}}));
        !bound)
      return bound.error();
    place_ids.push_back(id);
    places.push_back({{"id", id}, {"name", name}, {"declarationCode", place->body["declarationCode"]}});
  }

  auto proxy =
      create_proxy(as(token["13800000003"], {{"name", "李秀英"}, {"idNumber", id_number("11010519450101002")}}));
  if (!proxy) return proxy.error();

  // At the market: three people scanned at the south gate as their codes are shown (a scan ties to its
  // person only when the code verifies at the scan's time; a little before issue, within the verifier's skew,
  // so statistics up to now count them), and one registered by hand half an hour before the first scan (a
  // presence that only touches the case's).
  json records = json::array();
  auto now = static_cast<std::int64_t>(s.now());
  int n = 0;
  std::int64_t first_scan = now;
  for (const char* phone : {"13800000003", "13800000005", "13800000006"}) {
    auto code = my_code(as(token[phone]));
    if (!code) return code.error();
    const auto& status = code->body["status"];
    if (n == 0) first_scan = code->body["issuedAt"].get<std::int64_t>() - 50;
    records.push_back(
        {{"clientId", new_id("demo-")},
         {"placeId", place_ids[0]},
         {"checkpoint", "南门"},
         {"time", code->body["issuedAt"].get<std::int64_t>() - 50 + 10 * n++},
         {"method", "inspector-scan"},
         {"code", code->body["text"]},
         {"decision", status == "green" ? "admit" : "deny"},
         {"status", status},
         {"reasons", status == "green" ? json::array() : json::array({status == "yellow" ? "R-YELLOW" : "R-ORANGE"})},
         {"temperatureClass", phone == std::string("13800000005") ? "fever" : "normal"}});
  }
  records.push_back(
      {{"clientId", new_id("demo-")},
       {"placeId", place_ids[0]},
       {"checkpoint", "北门"},
       {"time", first_scan - 1800},
       {"method", "manual"},
       {"decision", nullptr},
       {"status", nullptr},
       {"reasons", json::array()},
       {"temperatureClass", "normal"},
       {"manual", {{"name", "吴刚"}, {"idNumber", id_number("11010519700101003")}, {"phone", "13900000007"}}}});
  if (auto ingested = ingest_checkins(as(token["13800000002"], {{"records", records}})); !ingested)
    return ingested.error();

  auto place_code = get_place(as(token["13800000004"], nullptr, {place_ids[1]}));
  if (!place_code) return place_code.error();
  if (auto self =
          self_checkin(as(token["13800000003"], {{"placeCode", place_code->body["code"]},
                                                 {"companions", json::array({{{"proxyId", proxy->body["id"]}}})}}));
      !self)
    return self.error();

  json accounts = json::array();
  for (const auto& a : kAccounts) accounts.push_back({{"phone", a.phone}, {"role", a.role}});
  return json{{"accounts", accounts},
              {"places", places},
              {"authority", {{"username", kDemoAuthorityUser}, {"password", kDemoAuthorityPassword}}}};
}

}  // namespace greenlight::service
