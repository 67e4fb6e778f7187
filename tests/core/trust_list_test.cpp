// Trust lists: signed by a root, shape checked, expiry and seq ordering enforced; refused updates keep
// the loaded list.
#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace greenlight;
using greenlight::test::kNow;
using greenlight::test::World;

namespace {
Error create_error(const World& w, const std::string& jws) {
  auto v = Verifier::create(w.options(), jws);
  REQUIRE_FALSE(v.ok());
  return v.error();
}
std::string signed_by(const KeyPair& key, const nlohmann::json& payload, const std::string& typ = "gl-trust-list") {
  return Issuer(key, "x").sign_document(typ, payload);
}
}  // namespace

TEST_CASE("trust list: a root-signed list loads", "[trust]") {
  World w;
  auto v = Verifier::create(w.options(), w.trust_list());
  REQUIRE(v.ok());
  CHECK(v->trust_list().keys.size() == 7);
  CHECK(v->trust_list().seq == 1);
  CHECK(v->trust_list().keys[0].may_sign("person"));
  CHECK_FALSE(v->trust_list().keys[0].may_sign("place"));
}

TEST_CASE("trust list: refusals", "[trust]") {
  World w;
  CHECK(create_error(w, signed_by(w.stranger, w.trust_payload())).code == "trust.list_invalid");          // not a root
  CHECK(create_error(w, signed_by(w.root, w.trust_payload(), "gl-rules")).code == "trust.list_invalid");  // wrong typ
  CHECK(create_error(w, w.trust_list(1, kNow - 3600)).code == "trust.list_expired");
  CHECK(Verifier::create(w.options(), w.trust_list(1, kNow - 30)).ok());  // within the 60 s skew

  auto jws = w.trust_list();
  auto tampered = jws;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  CHECK(create_error(w, tampered).code == "trust.list_invalid");
  CHECK(create_error(w, "not.a.jws.at.all").code == "trust.list_invalid");
  CHECK(create_error(w, "").code == "trust.list_invalid");

  auto bad = w.trust_payload();
  bad["keys"][0]["kid"] = "AAAAAAAAAAA";
  CHECK_THAT(create_error(w, signed_by(w.root, bad)).message, Catch::Contains("kid"));
  bad = w.trust_payload();
  bad["keys"][0]["x"] = "short";
  CHECK(create_error(w, signed_by(w.root, bad)).code == "trust.list_invalid");
  bad = w.trust_payload();
  bad.erase("seq");
  CHECK(create_error(w, signed_by(w.root, bad)).code == "trust.list_invalid");
  bad = w.trust_payload();
  bad["keys"] = "none";
  CHECK(create_error(w, signed_by(w.root, bad)).code == "trust.list_invalid");
  bad = w.trust_payload();
  bad["iat"] = -5;
  CHECK(create_error(w, signed_by(w.root, bad)).code == "trust.list_invalid");

  auto no_roots = w.options();
  no_roots.roots.clear();
  auto v = Verifier::create(no_roots, w.trust_list());
  REQUIRE_FALSE(v.ok());
  CHECK(v.error().code == "config.roots");
}

TEST_CASE("trust list: updates are checked before they replace the loaded list", "[trust]") {
  World w;
  auto v = Verifier::create(w.options(), w.trust_list(5));
  REQUIRE(v.ok());
  auto stale = v->update_trust_list(w.trust_list(4));
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.error().code == "trust.list_stale");
  CHECK(v->trust_list().seq == 5);
  auto invalid = v->update_trust_list(signed_by(w.stranger, w.trust_payload(9)));
  REQUIRE_FALSE(invalid.ok());
  CHECK(v->trust_list().seq == 5);
  CHECK(v->update_trust_list(w.trust_list(5)).ok());  // the same seq again is fine
  CHECK(v->update_trust_list(w.trust_list(6)).ok());
  CHECK(v->trust_list().seq == 6);
}

TEST_CASE("trust list: any of several roots may sign", "[trust]") {
  World w;
  auto options = w.options();
  options.roots = {w.stranger.public_key, w.root.public_key};
  CHECK(Verifier::create(options, w.trust_list()).ok());
  CHECK(Verifier::create(options, signed_by(w.stranger, w.trust_payload())).ok());
}
