// Status publication through the Service (docs/api.md "Documents for verifiers"): an authority's status change
// takes the next status sequence number; `since` gets a delta of what changed after it, nothing when it is
// current, a snapshot otherwise; the snapshot's version stays while nothing changes.
#include "greenlight/encoding.hpp"
#include "greenlight/status_packing.hpp"
#include "service_fixture.hpp"

using namespace greenlight::testing;

namespace {

greenlight::service::Answer status_list_since(ServiceFixture& f, const std::string& since) {
  return f.svc().status_list(ServiceFixture::request("", nullptr, {}, {{"since", since}}));
}

// The payload of a status-list JWS, its packed entries unpacked (greenlight status-list inspect).
json jws_payload(const std::string& jws) {
  auto shown = greenlight::inspect_status_list(jws);
  REQUIRE(shown);
  CHECK(shown->at("encoding") == "packed");
  return *shown;
}

}  // namespace

TEST_CASE("status publication: an authority's change moves the seq — since gives a delta, unchanged or a snapshot",
          "[domain]") {
  ServiceFixture f;
  auto auth = f.authority();
  auto person = f.citizen("张三");
  auto bystander = f.citizen("李四");

  auto first = ServiceFixture::ok(f.svc().status_list(ServiceFixture::request()));
  auto seq0 = first.body.at("seq").get<std::int64_t>();
  CHECK(first.body.at("snapshot") == true);
  REQUIRE(first.body.at("lists").size() == 1);
  CHECK(!first.version.empty());
  CHECK_FALSE(first.unchanged);

  // Nothing changed: the same snapshot, the same version, and `since` the current seq is "unchanged".
  f.advance(60);
  auto same = ServiceFixture::ok(f.svc().status_list(ServiceFixture::request()));
  CHECK(same.version == first.version);
  CHECK(same.body == first.body);
  auto current = ServiceFixture::ok(status_list_since(f, std::to_string(seq0)));
  CHECK(current.unchanged);
  CHECK(current.body.is_null());

  // The change.
  auto set = ServiceFixture::ok(f.svc().set_status(ServiceFixture::request(
      auth.token, {{"personId", person.person_id}, {"status", "orange"}, {"reason", "close contact"}})));
  CHECK(set.body.at("person").at("id") == person.person_id);
  CHECK(set.body.at("person").at("status") == "orange");
  auto seq1 = set.body.at("person").at("seq").get<std::int64_t>();
  CHECK(seq1 == seq0 + 1);

  auto snapshot = ServiceFixture::ok(f.svc().status_list(ServiceFixture::request()));
  CHECK(snapshot.body.at("seq") == seq1);
  CHECK(snapshot.body.at("snapshot") == true);
  CHECK(snapshot.version != first.version);

  // A delta from the old seq: only what changed after it, based on it.
  auto delta = ServiceFixture::ok(status_list_since(f, std::to_string(seq0)));
  CHECK_FALSE(delta.unchanged);
  CHECK(delta.body.at("seq") == seq1);
  CHECK(delta.body.at("snapshot") == false);
  REQUIRE(delta.body.at("lists").size() == 1);
  auto delta_payload = jws_payload(delta.body.at("lists")[0].get<std::string>());
  auto snapshot_payload = jws_payload(snapshot.body.at("lists")[0].get<std::string>());
  CHECK(!delta_payload.at("entries").empty());
  CHECK(delta_payload.at("entries").size() <= snapshot_payload.at("entries").size());
  for (const auto& e : delta_payload.at("entries")) CHECK(e.at("q") == seq1);

  // Current again: unchanged; the snapshot's version holds while nothing moves.
  CHECK(ServiceFixture::ok(status_list_since(f, std::to_string(seq1))).unchanged);
  f.advance(60);
  CHECK(ServiceFixture::ok(f.svc().status_list(ServiceFixture::request())).version == snapshot.version);

  // An unknown (future) since is answered with the snapshot; a since that is not a number is refused.
  auto future = ServiceFixture::ok(status_list_since(f, std::to_string(seq1 + 100)));
  CHECK(future.body.at("snapshot") == true);
  CHECK(future.version == snapshot.version);
  CHECK(ServiceFixture::error_code(status_list_since(f, "abc")) == "request.invalid");
  CHECK(ServiceFixture::error_code(status_list_since(f, "-1")) == "request.invalid");

  // A second change: the delta from seq0 holds both people's latest entries, the one from seq1 only the new one.
  auto set2 = ServiceFixture::ok(f.svc().set_status(ServiceFixture::request(
      auth.token, {{"personId", bystander.person_id}, {"status", "yellow"}, {"reason", "fever clinic"}})));
  auto seq2 = set2.body.at("person").at("seq").get<std::int64_t>();
  CHECK(seq2 == seq1 + 1);
  auto both = jws_payload(
      ServiceFixture::ok(status_list_since(f, std::to_string(seq0))).body.at("lists")[0].get<std::string>());
  auto newest = jws_payload(
      ServiceFixture::ok(status_list_since(f, std::to_string(seq1))).body.at("lists")[0].get<std::string>());
  CHECK(both.at("entries").size() == delta_payload.at("entries").size() + newest.at("entries").size());
  for (const auto& e : newest.at("entries")) CHECK(e.at("q") == seq2);

  // Refusals change nothing.
  CHECK(ServiceFixture::error_code(f.svc().set_status(ServiceFixture::request(
            auth.token, {{"personId", person.person_id}, {"status", "red"}}))) == "audit.reason");
  CHECK(ServiceFixture::error_code(f.svc().set_status(ServiceFixture::request(
            person.token, {{"personId", person.person_id}, {"status", "red"}, {"reason", "x"}}))) == "auth.forbidden");
  CHECK(ServiceFixture::error_code(f.svc().set_status(ServiceFixture::request(
            auth.token, {{"personId", "h-nobody"}, {"status", "red"}, {"reason", "x"}}))) == "person.not_found");
  CHECK(ServiceFixture::ok(status_list_since(f, std::to_string(seq2))).unchanged);
}
