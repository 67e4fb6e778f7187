// The server's keyring and documents: created once with mode 0600, stable across restarts, and the
// documents it signs load in a Verifier.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>

#include "greenlight/server/documents.hpp"
#include "greenlight/greenlight.hpp"

using namespace greenlight;

TEST_CASE("keyring: first start creates private keys — a restart finds the same ones", "[service]") {
  auto dir = std::filesystem::temp_directory_path() / ("gl-keyring-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto first = Keyring::open_or_create(dir.string(), "gl:test");
  REQUIRE(first.ok());
  for (const char* name : {"root.key.json", "person.key.json", "proxy.key.json", "place.key.json", "rules.key.json",
                           "status.key.json", "pii.key"}) {
    struct stat st {};
    REQUIRE(::stat((dir / "keys" / name).c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
  auto second = Keyring::open_or_create(dir.string(), "gl:test");
  REQUIRE(second.ok());
  CHECK(second->person.public_key == first->person.public_key);
  CHECK(second->root_public == first->root_public);
  CHECK(second->pii_key == first->pii_key);

  std::uint64_t now = 1767225600;
  DocumentService docs(*second);
  auto keys = second->file_keys();
  auto trust = docs.trust_list(keys, now);
  REQUIRE(trust.ok());
  VerifierOptions options;
  options.roots = {second->root_public};
  options.clock = [now] { return now; };
  auto v = Verifier::create(options, trust->jws);
  REQUIRE(v.ok());
  REQUIRE(v->update_rules(docs.rules(keys, now).jws).ok());
  auto today = docs.rules(keys, now).version;
  CHECK(docs.rules(keys, now + 60).version == today);     // cached
  CHECK(docs.rules(keys, now + 86400).version != today);  // re-signed daily
  auto rotated = keys;
  rotated.generation = 1;
  rotated.rules = generate_key_pair();
  rotated.changed_at = now + 86430;
  CHECK(docs.rules(rotated, now + 86460).version != docs.rules(keys, now + 86400).version);  // and for new keys
  CHECK(docs.rules(rotated, now + 86460).iat == now + 86430);                                // issued at the change

  // Two server processes (replicas) sign the same bytes for the same keys on the same day, whenever they do.
  DocumentService replica(*second);
  CHECK(replica.trust_list(keys, now + 7200)->version == DocumentService(*second).trust_list(keys, now + 50)->version);
  CHECK(replica.rules(keys, now + 7200).version == DocumentService(*second).rules(keys, now + 50).version);
  CHECK(replica.trust_list(keys, now + 7200)->iat == now);  // the start of the day (UTC)

  Credential c;
  c.type = CredentialType::person;
  c.sub = "p-1";
  c.iat = now;
  c.exp = now + 300;
  c.status = HealthStatus::green;
  c.name = "张*";
  c.phone = "138****1234";
  c.seq = 0;
  DecisionContext context;
  context.now = now;
  auto code = *Issuer(second->person, "gl:test").issue(c);
  auto decision = v->decide(code, context);
  CHECK(decision.decision == Decision::admit);

  // A trust list signed months later still covers what the key files signed long before (printed proxy
  // cards last 180 days, posters years): their keys have no lower bound.
  std::uint64_t later = now + 120 * 86400;
  VerifierOptions later_options = options;
  later_options.clock = [later] { return later; };
  auto later_verifier = Verifier::create(later_options, *second->trust_list(keys, later));
  REQUIRE(later_verifier.ok());
  c.exp = later + 300;
  context.now = later;
  CHECK(later_verifier->decide(*Issuer(second->person, "gl:test").issue(c), context).decision == Decision::admit);

  // A retired key verifies what it signed up to its retirement only; a key created later is not trusted
  // for codes issued more than a day before it.
  IssuerKeySet retired = keys;
  retired.generation = 2;
  retired.published[0].retired_at = now + 10;
  auto fresh = generate_key_pair();
  retired.published.push_back(PublishedKey{fresh.public_key, "person", now + 5 * 86400, std::nullopt});
  auto after = Verifier::create(later_options, *second->trust_list(retired, later));
  REQUIRE(after.ok());
  CHECK(after->decide(*Issuer(second->person, "gl:test").issue(c), context).decision == Decision::admit);  // iat now
  c.iat = now + 11;
  CHECK(after->decide(*Issuer(second->person, "gl:test").issue(c), context).reasons.front().id == "trust.key_expired");
  c.iat = now + 3 * 86400;
  CHECK(after->decide(*Issuer(fresh, "gl:test").issue(c), context).reasons.front().id == "trust.key_expired");
  c.iat = now + 4 * 86400 + 1;
  CHECK(after->decide(*Issuer(fresh, "gl:test").issue(c), context).decision == Decision::admit);

  std::filesystem::remove(dir / "keys" / "pii.key");
  std::filesystem::resize_file(dir / "keys" / "person.key.json", 3);
  CHECK(Keyring::open_or_create(dir.string(), "gl:test").error().code == "keyring.invalid");
  std::filesystem::remove_all(dir);
}
