// The server's keyring and documents: created once with mode 0600, stable across restarts, and the
// documents it signs load in a Verifier.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>

#include "greenlight/documents.hpp"
#include "greenlight/greenlight.hpp"

using namespace greenlight;

TEST_CASE("keyring: first start creates private keys; a restart finds the same ones", "[service]") {
  auto dir = std::filesystem::temp_directory_path() / ("gl-keyring-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto first = Keyring::open_or_create(dir.string(), "gl:test");
  REQUIRE(first.ok());
  for (const char* name : {"root.key.json", "person.key.json", "proxy.key.json", "place.key.json", "rules.key.json", "status.key.json", "pii.key"}) {
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
  auto trust = docs.trust_list(now);
  REQUIRE(trust.ok());
  VerifierOptions options;
  options.roots = {second->root_public};
  options.clock = [now] { return now; };
  auto v = Verifier::create(options, trust->jws);
  REQUIRE(v.ok());
  REQUIRE(v->update_rules(docs.rules(now).jws).ok());
  auto today = docs.rules(now).etag;
  CHECK(docs.rules(now + 60).etag == today);      // cached
  CHECK(docs.rules(now + 86400).etag != today);   // re-signed daily

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
  auto decision = v->decide(*Issuer(second->person, "gl:test").issue(c), context);
  CHECK(decision.decision == Decision::admit);

  std::filesystem::remove(dir / "keys" / "pii.key");
  std::filesystem::resize_file(dir / "keys" / "person.key.json", 3);
  CHECK(Keyring::open_or_create(dir.string(), "gl:test").error().code == "keyring.invalid");
  std::filesystem::remove_all(dir);
}
