// Status lists: snapshots, deltas, gaps, staleness, signer checks and the packed binary search.
#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace greenlight;
using greenlight::test::code_of;
using greenlight::test::kNow;
using greenlight::test::World;

TEST_CASE("status list: subject hash is SHA-256(\"gl-status:\" + sub), first 16 bytes", "[status]") {
  auto h = subject_hash("p-1");
  auto digest = sha256(as_bytes("gl-status:p-1"));
  CHECK(std::equal(h.begin(), h.end(), digest.begin()));
}

TEST_CASE("status list: snapshot then deltas — gaps and stale lists refused, loaded list kept", "[status]") {
  World w;
  auto v = w.verifier();
  CHECK(v.status_list() == nullptr);
  CHECK(code_of(v.update_status_list(w.status_list(11, {{"a", "red", 5}}, 10))) == "status.gap");  // no list yet
  REQUIRE(v.update_status_list(w.status_list(10, {{"a", "orange", 5}, {"b", "revoked", 2}})).ok());
  REQUIRE(v.status_list());
  CHECK(v.status_list()->size() == 2);
  CHECK(v.status_list()->find(subject_hash("a"))->s == ListedStatus::orange);
  CHECK(v.status_list()->find(subject_hash("zz")) == nullptr);

  REQUIRE(v.update_status_list(w.status_list(11, {{"a", "green", 6}, {"c", "yellow", 1}}, 10)).ok());
  CHECK(v.status_list()->seq == 11);
  CHECK(v.status_list()->size() == 3);
  CHECK(v.status_list()->find(subject_hash("a"))->s == ListedStatus::green);
  CHECK(v.status_list()->find(subject_hash("a"))->q == 6);

  CHECK(code_of(v.update_status_list(w.status_list(13, {{"a", "red", 7}}, 12))) == "status.gap");
  CHECK(code_of(v.update_status_list(w.status_list(9, {}))) == "status.list_stale");
  CHECK(code_of(v.update_status_list(w.status_list(12, {{"a", "red", 7}}, 11, kNow - 3600))) == "status.list_expired");
  CHECK(v.status_list()->seq == 11);
  REQUIRE(v.update_status_list(w.status_list(20, {{"d", "red", 1}})).ok());  // a new snapshot replaces all
  CHECK(v.status_list()->size() == 1);
  CHECK(v.status_list()->find(subject_hash("a")) == nullptr);
}

TEST_CASE("status list: signer and shape", "[status]") {
  World w;
  auto v = w.verifier();
  nlohmann::json payload = {
      {"iss", w.iss}, {"iat", kNow}, {"exp", kNow + 60}, {"seq", 1}, {"entries", nlohmann::json::array()}};
  auto signed_by = [&](const KeyPair& key, const nlohmann::json& p) {
    return Issuer(key, "x").sign_document(kStatusListTyp, p);
  };
  CHECK(code_of(v.update_status_list(signed_by(w.status_key, payload))) == "");
  CHECK(code_of(v.update_status_list(signed_by(w.person_key, payload))) == "status.list_invalid");  // no "status" use
  CHECK(code_of(v.update_status_list(signed_by(w.root, payload))) == "status.list_invalid");
  auto bad = [&](auto mutate) {
    auto p = payload;
    mutate(p);
    return code_of(v.update_status_list(signed_by(w.status_key, p)));
  };
  CHECK(bad([](auto& p) { p["iss"] = "someone-else"; }) == "status.list_invalid");
  CHECK(bad([](auto& p) { p.erase("entries"); }) == "status.list_invalid");
  CHECK(bad([](auto& p) { p["seq"] = "1"; }) == "status.list_invalid");
  CHECK(bad([](auto& p) {
          p["entries"] = nlohmann::json::array({{{"h", "AAAA"}, {"s", "red"}, {"q", 1}}});
        }) == "status.list_invalid");
  CHECK(
      bad([](auto& p) {
        p["entries"] = nlohmann::json::array({{{"h", base64url_encode(subject_hash("a"))}, {"s", "purple"}, {"q", 1}}});
      }) == "status.list_invalid");
  CHECK(bad([](auto& p) {
          p["entries"] = nlohmann::json::array({{{"h", base64url_encode(subject_hash("a"))}, {"s", "red"}}});
        }) == "status.list_invalid");
  CHECK(bad([](auto& p) {
          p["entries"] = nlohmann::json::array({{{"h", base64url_encode(subject_hash("a"))}, {"s", "red"}, {"q", -1}}});
        }) == "status.list_invalid");
  CHECK(bad([](auto& p) { p["entries"] = {1, 2}; }) == "status.list_invalid");
  CHECK(bad([](auto& p) {
          p["entries"] = nlohmann::json::array({{{"h", {{"x", 1}}}, {"s", "red"}, {"q", 1}}});
        }) == "status.list_invalid");
  auto dup = nlohmann::json{{"h", base64url_encode(subject_hash("a"))}, {"s", "red"}, {"q", 1}};
  CHECK(bad([&](auto& p) { p["entries"] = {dup, dup}; }) == "status.list_invalid");
  CHECK(bad([](auto& p) { p["unknown"] = {{"nested", {1, 2, {{"entries", 3}}}}}; }) == "");  // unknown fields ignored
  CHECK(code_of(v.update_status_list("garbage")) == "status.list_invalid");
}

TEST_CASE("status list: 100 000 entries load, merge and look up", "[status]") {
  World w;
  auto v = w.verifier();
  std::vector<std::tuple<std::string, std::string, std::uint64_t>> entries;
  for (int i = 0; i < 100000; ++i) entries.emplace_back("s-" + std::to_string(i), i % 7 == 0 ? "red" : "green", i);
  REQUIRE(v.update_status_list(w.status_list(1, entries)).ok());
  CHECK(v.status_list()->size() == 100000);
  for (int i = 0; i < 100000; i += 997) {
    const auto* e = v.status_list()->find(subject_hash("s-" + std::to_string(i)));
    REQUIRE(e);
    CHECK(e->q == static_cast<std::uint64_t>(i));
    CHECK(e->s == (i % 7 == 0 ? ListedStatus::red : ListedStatus::green));
  }
  REQUIRE(v.update_status_list(w.status_list(2, {{"s-5", "orange", 200000}, {"new", "yellow", 1}}, 1)).ok());
  CHECK(v.status_list()->size() == 100001);
  CHECK(v.status_list()->find(subject_hash("s-5"))->s == ListedStatus::orange);
}
