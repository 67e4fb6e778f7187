// Only what can still change a decision (docs/rules.md): a status entry is served while some credential that
// could carry an older status sequence number is still accepted, and not after. Personal codes: code_ttl after
// the change plus the verifiers' 60 s of skew and 5 s for a code issued while the change commits; proxy codes
// and their revocations: the proxy's exp plus the verifiers' 60 s. Snapshots and deltas hold what is needed
// now; maintenance drops subjects whose entries all expired long ago. Lists are served packed: entries are
// compared by the first 32 bits of their hash (enough for the few subjects here).
#include "greenlight/encoding.hpp"
#include "greenlight/status_list.hpp"
#include "greenlight/status_packing.hpp"
#include "greenlight/verifier.hpp"
#include "service_fixture.hpp"

using namespace greenlight::testing;

namespace {

constexpr std::uint64_t kSkew = 60;                // the verifiers' default skew
constexpr std::uint64_t kIssueMargin = kSkew + 5;  // domain/people.cpp: kVerifierSkew + kChangeCommitMargin

std::string h32(greenlight::ByteView h) { return greenlight::base64url_encode(h.first(4)); }

// A served list's payload, its entries unpacked as {h: first 32 bits of the hash, s, q}, sorted by h.
json status_claims(const std::string& jws) {
  auto shown = greenlight::inspect_status_list(jws);
  REQUIRE(shown);
  CHECK(shown->at("encoding") == "packed");
  json entries = json::array();
  for (const auto& e : shown->at("entries")) {
    auto h = greenlight::base64url_decode(e.at("h").get<std::string>());
    REQUIRE(h);
    entries.push_back({{"h", h32(*h)}, {"s", e.at("s")}, {"q", e.at("q")}});
  }
  std::sort(entries.begin(), entries.end(), [](const json& a, const json& b) { return a.at("h") < b.at("h"); });
  (*shown)["entries"] = std::move(entries);
  return *shown;
}

// The entries of the snapshot served now.
json served_snapshot(ServiceFixture& f) {
  auto reply = ServiceFixture::ok(f.svc().status_list(ServiceFixture::request()));
  REQUIRE(reply.body.at("snapshot") == true);
  return status_claims(reply.body.at("lists")[0].get<std::string>()).at("entries");
}

// The entries of the delta since `since` served now.
json served_delta(ServiceFixture& f, std::int64_t since) {
  auto reply = ServiceFixture::ok(
      f.svc().status_list(ServiceFixture::request("", nullptr, {}, {{"since", std::to_string(since)}})));
  REQUIRE(reply.body.at("snapshot") == false);
  return status_claims(reply.body.at("lists")[0].get<std::string>()).at("entries");
}

std::int64_t served_seq(ServiceFixture& f) {
  return ServiceFixture::ok(f.svc().status_list(ServiceFixture::request())).body.at("seq").get<std::int64_t>();
}

json entry_for(const std::string& sub, const std::string& status, std::int64_t q) {
  auto h = greenlight::subject_hash(sub);
  return json::array({{{"h", h32(greenlight::ByteView(h.data(), h.size()))}, {"s", status}, {"q", q}}});
}

// A checkpoint's verifier on the service's trust list, on the fixture's clock.
greenlight::Verifier checkpoint_on(ServiceFixture& f) {
  greenlight::VerifierOptions options;
  options.roots = {f.keys().root_public};
  options.clock = [&f] { return f.now(); };
  auto v = greenlight::Verifier::create(options, ServiceFixture::ok(f.svc().trust_list(ServiceFixture::request())).raw);
  if (!v) FAIL("verifier: " << v.error().code << " " << v.error().message);
  return std::move(*v);
}

std::int64_t set_status_of(ServiceFixture& f, const Caller& auth, json who, const std::string& status) {
  who["status"] = status;
  who["reason"] = "test";
  auto set = ServiceFixture::ok(f.svc().set_status(ServiceFixture::request(auth.token, who)));
  return set.body.at("person").at("seq").get<std::int64_t>();
}

// A person's status change, served for a code issued just before it until code_ttl + the issuing margin after
// the change; checked one second either side.
void check_personal_code_boundary(std::uint64_t code_ttl) {
  greenlight::service::ServiceOptions options;
  options.code_ttl = code_ttl;
  options.status_snapshot_resign = 1;
  ServiceFixture f(options);
  auto auth = f.authority();
  auto person = f.citizen("张三");
  auto seq0 = served_seq(f);
  CHECK(served_snapshot(f).empty());

  auto code = f.code_of(person);  // carries seq0
  auto checkpoint = checkpoint_on(f);
  auto verified = checkpoint.verify(code);
  REQUIRE(verified.valid);
  auto sub = verified.credential->sub;
  auto code_exp = verified.credential->exp;
  CHECK(code_exp == f.now() + code_ttl);
  auto changed_at = f.now();
  auto seq1 = set_status_of(f, auth, {{"personId", person.person_id}}, "orange");
  auto expected = entry_for(sub, "orange", seq1);
  CHECK(served_snapshot(f) == expected);
  CHECK(served_delta(f, seq0) == expected);

  // While the old code is accepted (to its exp plus the skew), its entry is served...
  f.set_now(code_exp + kSkew);
  CHECK(checkpoint.verify(code).valid);
  CHECK(served_snapshot(f) == expected);
  f.set_now(code_exp + kSkew + 1);
  CHECK_FALSE(checkpoint.verify(code).valid);
  // ...and to the last second a code stamped with seq0 by a racing issue could be accepted; not after.
  auto last = changed_at + code_ttl + kIssueMargin;
  f.set_now(last);
  CHECK(served_snapshot(f) == expected);
  CHECK(served_delta(f, seq0) == expected);
  f.set_now(last + 1);
  CHECK(served_snapshot(f).empty());
  CHECK(served_delta(f, seq0).empty());
  CHECK(served_seq(f) == seq1);  // the seq stays: only the entry is gone
}

}  // namespace

TEST_CASE("status expiry: a personal code's entry is served until code_ttl + 65 s after the change, not after",
          "[domain][status-expiry]") {
  check_personal_code_boundary(300);
}

TEST_CASE("status expiry: --code-ttl moves the personal codes' boundary", "[domain][status-expiry]") {
  check_personal_code_boundary(1200);
}

TEST_CASE("status expiry: a cached snapshot drops an entry the second it expires, as a delta does",
          "[domain][status-expiry]") {
  ServiceFixture f;  // re-signed every 6 hours: the cached snapshot is made again when an entry expires
  auto auth = f.authority();
  auto person = f.citizen("张三");
  auto seq0 = served_seq(f);
  auto changed_at = f.now();
  set_status_of(f, auth, {{"personId", person.person_id}}, "red");
  auto expected = served_snapshot(f);
  REQUIRE(expected.size() == 1);
  auto first = ServiceFixture::ok(f.svc().status_list(ServiceFixture::request()));
  auto last = changed_at + 300 + kIssueMargin;
  f.set_now(last);
  CHECK(served_delta(f, seq0) == expected);
  auto cached = ServiceFixture::ok(f.svc().status_list(ServiceFixture::request()));
  CHECK(cached.version == first.version);  // the same signed bytes while nothing expired
  f.set_now(last + 1);
  CHECK(served_delta(f, seq0).empty());
  CHECK(served_snapshot(f).empty());
  auto next_period = changed_at - changed_at % (6 * 3600) + 6 * 3600;

  // A second change of the same subject the same day: the latest entry alone is served, and when it expired
  // nothing of the subject is (not the older one).
  f.set_now(next_period + 60);
  auto auth2 = f.authority();  // staff sessions last 12 hours
  auto seq2 = set_status_of(f, auth2, {{"personId", person.person_id}}, "yellow");
  auto seq3 = set_status_of(f, auth2, {{"personId", person.person_id}}, "green");
  auto latest = served_snapshot(f);
  REQUIRE(latest.size() == 1);
  CHECK(latest[0].at("q") == seq3);
  CHECK(served_delta(f, seq2) == latest);
  f.set_now(next_period + 60 + 300 + kIssueMargin + 1);
  CHECK(served_snapshot(f).empty());

  // Maintenance drops the subject's rows a day after they all expired, and what is served stays the same.
  f.set_now(next_period + 6 * 3600 + 86400 + 3600);
  auto before = ServiceFixture::ok(f.svc().status_list(ServiceFixture::request()));
  auto maintained = f.svc().maintain();
  REQUIRE(maintained);
  CHECK(maintained->at("purged").at("statusEntries") == 3);  // the red, yellow and green of the day's pseudonym
  auto after = ServiceFixture::ok(f.svc().status_list(ServiceFixture::request()));
  CHECK(after.body == before.body);
  CHECK(served_delta(f, seq0).empty());
}

TEST_CASE("status expiry: a proxy code's entries and its revocation are served until its exp + 60 s, not after",
          "[domain][status-expiry]") {
  greenlight::service::ServiceOptions options;
  options.proxy_ttl = 86400;
  options.status_snapshot_resign = 1;
  ServiceFixture f(options);
  auto auth = f.authority();
  auto creator = f.citizen("王五");
  auto checkpoint = checkpoint_on(f);
  auto proxy_for = [&](const std::string& name, const std::string& id_number) {
    auto made = ServiceFixture::ok(
        f.svc().create_proxy(ServiceFixture::request(creator.token, {{"name", name}, {"idNumber", id_number}})));
    auto verified = checkpoint.verify(made.body.at("text").get<std::string>());
    REQUIRE(verified.valid);
    CHECK(verified.credential->exp == made.body.at("expiresAt").get<std::uint64_t>());
    return std::make_tuple(made.body.at("id").get<std::string>(), verified.credential->sub, verified.credential->exp);
  };
  auto relative_id = f.new_id_number();
  auto [kept_id, kept_sub, kept_exp] = proxy_for("李四", relative_id);
  f.advance(600);
  auto [revoked_id, revoked_sub, revoked_exp] = proxy_for("赵六", f.new_id_number());
  auto seq0 = served_seq(f);

  // A status change reaches the live proxy's subject (its person has no account: nothing else); a revocation
  // the revoked one's.
  auto seq1 = set_status_of(f, auth, {{"idNumber", relative_id}}, "yellow");
  ServiceFixture::ok(f.svc().revoke_proxy(ServiceFixture::request(creator.token, nullptr, {revoked_id})));
  auto seq2 = served_seq(f);
  auto status_entry = entry_for(kept_sub, "yellow", seq1)[0];
  auto revocation = entry_for(revoked_sub, "revoked", seq2)[0];
  auto both = status_entry.at("h") < revocation.at("h") ? json::array({status_entry, revocation})
                                                        : json::array({revocation, status_entry});
  CHECK(served_snapshot(f) == both);
  CHECK(served_delta(f, seq0) == both);

  f.set_now(kept_exp + kSkew);
  CHECK(served_snapshot(f) == both);
  CHECK(served_delta(f, seq0) == both);
  f.set_now(kept_exp + kSkew + 1);
  CHECK(served_snapshot(f) == json::array({revocation}));
  CHECK(served_delta(f, seq0) == json::array({revocation}));
  f.set_now(revoked_exp + kSkew);
  CHECK(served_snapshot(f) == json::array({revocation}));
  f.set_now(revoked_exp + kSkew + 1);
  CHECK(served_snapshot(f).empty());
  CHECK(served_delta(f, seq0).empty());

  // A change after the proxy expired publishes nothing for it: no verifier accepts it any more.
  auto later = f.authority();
  auto seq3 = set_status_of(f, later, {{"idNumber", relative_id}}, "orange");
  CHECK(served_seq(f) == seq3);
  CHECK(served_snapshot(f).empty());
}
