// Issuer key rotation through the Service (docs/api.md "Issuer keys"): the next key becomes active, a new
// next key is made, the trust list changes version and still publishes the retired key, so codes it signed
// verify until they expire.
#include <algorithm>

#include "greenlight/verifier.hpp"
#include "service_fixture.hpp"

using namespace greenlight::testing;

namespace {

std::string trust_list_of(ServiceFixture& f, std::string* version = nullptr) {
  auto reply = ServiceFixture::ok(f.svc().trust_list(ServiceFixture::request()));
  CHECK(reply.media_type == "application/jose");
  if (version) *version = reply.version;
  return reply.raw;
}

// A checkpoint's verifier on the service's trust list as it is now, on the fixture's clock.
greenlight::Verifier verifier_of(ServiceFixture& f) {
  greenlight::VerifierOptions options;
  options.roots = {f.keys().root_public};
  options.clock = [&f] { return f.now(); };
  auto v = greenlight::Verifier::create(options, trust_list_of(f));
  if (!v) FAIL("verifier: " << v.error().code << " " << v.error().message);
  return std::move(*v);
}

// The state of each key of a use, by kid.
std::map<std::string, std::string> key_states(const json& keys, const std::string& use) {
  std::map<std::string, std::string> out;
  for (const auto& k : keys)
    if (k.at("use") == use) out[k.at("kid").get<std::string>()] = k.at("state").get<std::string>();
  return out;
}

}  // namespace

TEST_CASE("key rotation: the next key becomes active, old codes verify within their life, the trust list moves",
          "[domain]") {
  ServiceFixture f;
  auto auth = f.authority();
  auto holder = f.citizen("张三");

  auto before = ServiceFixture::ok(f.svc().list_issuer_keys(ServiceFixture::request(auth.token))).body;
  CHECK(before.at("offlineRoot") == false);
  auto states = key_states(before.at("keys"), "person");
  std::string old_active, old_next;
  for (const auto& [kid, state] : states) {
    if (state == "active") old_active = kid;
    if (state == "next") old_next = kid;
  }
  REQUIRE(!old_active.empty());
  REQUIRE(!old_next.empty());
  std::string version_before;
  trust_list_of(f, &version_before);

  f.advance(600);
  auto old_code = f.code_of(holder);  // signed by the key about to be retired, valid 300 s
  CHECK(verifier_of(f).verify(old_code).valid);

  f.advance(60);
  auto rotated = ServiceFixture::ok(f.svc().rotate_issuer_key(ServiceFixture::request(
                                        auth.token, {{"use", "person"}, {"reason", "scheduled rotation"}})))
                     .body;
  CHECK(rotated.at("use") == "person");
  CHECK(rotated.at("compromised") == false);
  CHECK(rotated.at("active") == old_next);  // checkpoints knew it before it signed anything
  CHECK(rotated.at("retired") == old_active);
  CHECK(rotated.at("next") != old_next);
  CHECK(rotated.at("next") != old_active);
  CHECK(rotated.at("generation").get<std::int64_t>() > before.at("generation").get<std::int64_t>());

  auto after = ServiceFixture::ok(f.svc().list_issuer_keys(ServiceFixture::request(auth.token))).body;
  CHECK(after.at("generation") == rotated.at("generation"));
  auto now_states = key_states(after.at("keys"), "person");
  CHECK(now_states[old_active] == "retired");
  CHECK(now_states[old_next] == "active");
  CHECK(now_states[rotated.at("next").get<std::string>()] == "next");
  // Other uses keep their keys.
  CHECK(key_states(after.at("keys"), "place") == key_states(before.at("keys"), "place"));

  // The trust list is signed again at once; the old code still verifies on it while it lives, a new one too.
  std::string version_after;
  trust_list_of(f, &version_after);
  CHECK(version_after != version_before);
  auto checkpoint = verifier_of(f);
  auto old_result = checkpoint.verify(old_code);
  INFO((old_result.error ? old_result.error->code : std::string("ok")));
  CHECK(old_result.valid);
  auto new_code = f.code_of(holder);
  CHECK(new_code != old_code);
  CHECK(checkpoint.verify(new_code).valid);
  // The same trust list while nothing else rotates.
  std::string version_again;
  trust_list_of(f, &version_again);
  CHECK(version_again == version_after);

  // Past its life the old code is refused for its age, not for its key.
  f.advance(600);
  auto expired = checkpoint.verify(old_code);
  CHECK_FALSE(expired.valid);
  REQUIRE(expired.error);
  CHECK(expired.error->code == "time.expired");

  // Refusals: an unknown use, no reason, not an authority.
  CHECK(ServiceFixture::error_code(f.svc().rotate_issuer_key(
            ServiceFixture::request(auth.token, {{"use", "root"}, {"reason", "x"}}))) == "request.invalid");
  CHECK(ServiceFixture::error_code(
            f.svc().rotate_issuer_key(ServiceFixture::request(auth.token, {{"use", "person"}}))) == "audit.reason");
  CHECK(ServiceFixture::error_code(f.svc().rotate_issuer_key(
            ServiceFixture::request(holder.token, {{"use", "person"}, {"reason", "x"}}))) == "auth.forbidden");
  CHECK(ServiceFixture::ok(f.svc().list_issuer_keys(ServiceFixture::request(auth.token))).body.at("generation") ==
        rotated.at("generation"));
}

TEST_CASE("key rotation: a compromised key and its next key leave the trust list at once", "[domain]") {
  ServiceFixture f;
  auto auth = f.authority();
  auto holder = f.citizen("张三");
  auto old_code = f.code_of(holder);
  f.advance(30);
  auto rotated =
      ServiceFixture::ok(f.svc().rotate_issuer_key(ServiceFixture::request(
                             auth.token, {{"use", "person"}, {"compromised", true}, {"reason", "key file leaked"}})))
          .body;
  CHECK(rotated.at("compromised") == true);
  CHECK(rotated.at("revoked").size() == 2);
  auto result = verifier_of(f).verify(old_code);
  CHECK_FALSE(result.valid);
  REQUIRE(result.error);
  CHECK(result.error->code == "crypto.key_unknown");
  // The new active key is already in the trust list, so the codes it signs verify after a sync.
  CHECK(verifier_of(f).verify(f.code_of(holder)).valid);
}
