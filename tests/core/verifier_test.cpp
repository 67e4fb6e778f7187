// The whole verify path: every credential type, every error code from a crafted input, URL form,
// kid placement, time boundaries and hostile sizes.
#include <catch2/catch.hpp>
#include <functional>

#include "fixture.hpp"

using namespace greenlight;
using greenlight::test::kNow;
using greenlight::test::World;

namespace {

std::string error_code(const VerifyResult& r) { return r.error ? r.error->code : ""; }

// A COSE_Sign1 with hand-made headers, signed properly, as GL1 text.
std::string custom_sign1(const KeyPair& key, const Bytes& protected_bytes,
                         const std::function<void(cbor::Writer&)>& unprotected, const Bytes& payload,
                         bool tagged = true) {
  auto sig = sign(key, cose::sig_structure(protected_bytes, {}, payload));
  cbor::Writer w;
  if (tagged) w.tag(18);
  w.array(4);
  w.bytes(protected_bytes);
  unprotected(w);
  w.bytes(payload);
  w.bytes(sig);
  return encode_gl1_text(w.data());
}

Bytes protected_header(std::int64_t alg, const Kid* kid) {
  cbor::Writer w;
  w.map(kid ? 2 : 1);
  w.int64(1), w.int64(alg);
  if (kid) w.int64(4), w.bytes(*kid);
  return w.take();
}

}  // namespace

TEST_CASE("verify: every credential type issued and verified", "[verify]") {
  World w;
  auto v = w.verifier();
  for (auto [key, credential] :
       {std::pair{&w.person_key, w.person()}, std::pair{&w.proxy_key, w.proxy()}, std::pair{&w.place_key, w.place()}}) {
    auto text = w.issue(*key, credential);
    CHECK(text.rfind("GL1:", 0) == 0);
    auto r = v.verify(text);
    INFO(text);
    CHECK(r.valid);
    CHECK_FALSE(r.error);
    REQUIRE(r.credential);
    credential.iss = w.iss;
    CHECK(to_json(*r.credential) == to_json(credential));
  }
  for (auto s : {HealthStatus::yellow, HealthStatus::orange, HealthStatus::red}) {
    auto r = v.verify(w.issue(w.person_key, w.person(s)));
    CHECK(r.valid);  // authentic; the status decision is the rules' job
    CHECK(r.credential->status == s);
  }
}

TEST_CASE("verify: URL form, keyboard-wedge newline, untagged COSE, kid in the unprotected header", "[verify]") {
  World w;
  auto v = w.verifier();
  auto text = w.issue(w.place_key, w.place());
  auto url = gl1_url("https://gl.example.cn/checkin", text);
  REQUIRE(url.ok());
  CHECK(url->find(' ') == std::string::npos);
  CHECK(v.verify(*url).valid);
  CHECK(v.verify(text + "\r\n").valid);
  CHECK(v.verify("HTTPS://gl.example.cn/a/b?x=1" + url->substr(url->find('#'))).valid);  // scheme case, query
  CHECK(v.verify("https://x.cn/#GL1:%7E%7E%7E").error->code == "format.base45");         // escapes decode before Base45

  auto payload = *encode_claims([&] {
    auto c = w.person();
    c.iss = w.iss;
    return c;
  }());
  auto kid = kid_of(w.person_key.public_key);
  auto unprotected_kid = custom_sign1(
      w.person_key, protected_header(-8, nullptr), [&](cbor::Writer& u) { u.map(1), u.int64(4), u.bytes(kid); },
      payload);
  CHECK(v.verify(unprotected_kid).valid);
  auto untagged = custom_sign1(
      w.person_key, protected_header(-8, &kid), [](cbor::Writer& u) { u.map(0); }, payload, false);
  CHECK(v.verify(untagged).valid);
}

TEST_CASE("verify: every error code from a crafted input", "[verify]") {
  World w;
  auto v = w.verifier();
  auto good = w.issue(w.person_key, w.person());
  auto payload = *encode_claims([&] {
    auto c = w.person();
    c.iss = w.iss;
    return c;
  }());
  auto kid = kid_of(w.person_key.public_key);

  CHECK(error_code(v.verify("GL1:" + std::string(9000, '0'))) == "format.too_large");
  CHECK(error_code(v.verify("HC1:NCFOXN%TS3DH")) == "format.prefix");
  CHECK(error_code(v.verify("gl1:" + good.substr(4))) == "format.prefix");
  CHECK(error_code(v.verify("https://x.cn/#HC1:ABC")) == "format.prefix");
  CHECK(error_code(v.verify("https://x.cn/no-fragment")) == "format.prefix");
  CHECK(error_code(v.verify("https://x.cn/#GL1:%G0")) == "format.prefix");
  CHECK(error_code(v.verify("GL1:abc")) == "format.base45");
  CHECK(error_code(v.verify("GL1:" + base45_encode(*hex_decode("ff")))) == "format.cbor");
  CHECK(error_code(v.verify("GL1:" + base45_encode(*hex_decode("d28340a040")))) == "format.cose");
  CHECK(error_code(v.verify("GL1:" + base45_encode(*hex_decode("d9039b8440a0404100")))) == "format.cose");  // tag 923

  auto es256 = custom_sign1(
      w.person_key, protected_header(-7, &kid), [](cbor::Writer& u) { u.map(0); }, payload);
  CHECK(error_code(v.verify(es256)) == "crypto.algorithm");
  auto unprotected_alg = custom_sign1(
      w.person_key, Bytes{}, [&](cbor::Writer& u) { u.map(2), u.int64(1), u.int64(-8), u.int64(4), u.bytes(kid); },
      payload);
  CHECK(error_code(v.verify(unprotected_alg)) == "crypto.algorithm");

  CHECK(error_code(v.verify(w.issue(w.stranger, w.person()))) == "crypto.key_unknown");
  auto no_kid = custom_sign1(
      w.person_key, protected_header(-8, nullptr), [](cbor::Writer& u) { u.map(0); }, payload);
  CHECK(error_code(v.verify(no_kid)) == "crypto.key_unknown");

  // Forged: claims changed after signing (status red -> green keeps the length).
  auto red = w.issue(w.person_key, w.person(HealthStatus::red));
  auto cose_bytes = *base45_decode(red.substr(4));
  std::string raw(cose_bytes.begin(), cose_bytes.end());
  auto at = raw.find("red");
  REQUIRE(at != std::string::npos);
  raw.replace(at, 3, "RED");
  auto forged = v.verify(encode_gl1_text(as_bytes(raw)));
  CHECK(error_code(forged) == "crypto.signature");
  CHECK_FALSE(forged.credential);  // nothing unauthenticated is shown

  auto bad_claims = Issuer(w.person_key, w.iss).issue_raw_claims(*hex_decode("a0"));
  CHECK(error_code(v.verify(bad_claims)) == "format.claims");

  auto mismatch = v.verify(*Issuer(w.person_key, "gl:someone-else").issue(w.person()));
  CHECK(error_code(mismatch) == "trust.issuer_mismatch");
  CHECK(mismatch.credential);
  CHECK(error_code(v.verify(w.issue(w.person_key, w.place()))) == "trust.key_use");
  CHECK(error_code(v.verify(w.issue(w.retired_key, w.person()))) == "trust.key_expired");

  auto expired = w.person();
  expired.iat = kNow - 1000;
  expired.exp = kNow - 61;
  CHECK(error_code(v.verify(w.issue(w.person_key, expired))) == "time.expired");
  auto future = w.person();
  future.iat = kNow + 61;
  future.exp = kNow + 400;
  CHECK(error_code(v.verify(w.issue(w.person_key, future))) == "time.not_yet_valid");
}

TEST_CASE("verify: exp, iat and skew boundaries", "[verify]") {
  World w;
  auto v = w.verifier();
  auto at = [&](std::uint64_t iat, std::uint64_t exp, std::uint64_t now) {
    auto c = w.person();
    c.iat = iat;
    c.exp = exp;
    return v.verify(w.issue(w.person_key, c), VerifyContext{now});
  };
  CHECK(at(kNow - 100, kNow, kNow + 60).valid);                          // exp == now - skew
  CHECK(error_code(at(kNow - 100, kNow, kNow + 61)) == "time.expired");  // one second past
  CHECK(at(kNow + 60, kNow + 300, kNow).valid);                          // iat == now + skew
  CHECK(error_code(at(kNow + 61, kNow + 300, kNow)) == "time.not_yet_valid");
  // Key validity window [nbf, exp] applies to iat.
  auto retired = [&](std::uint64_t iat) {
    auto c = w.person();
    c.iat = iat;
    c.exp = iat + 300;
    return v.verify(w.issue(w.retired_key, c), VerifyContext{iat});
  };
  CHECK(retired(1704067200).valid);
  CHECK(retired(1735689599).valid);
  CHECK(error_code(retired(1704067199)) == "trust.key_expired");
  CHECK(error_code(retired(1735689600)) == "trust.key_expired");

  auto strict = w.options();
  strict.skew_seconds = 0;
  auto v0 = *Verifier::create(strict, w.trust_list());
  auto c = w.person();
  c.exp = kNow - 1;
  CHECK(error_code(v0.verify(w.issue(w.person_key, c))) == "time.expired");
}

TEST_CASE("verify: hostile sizes and nesting never crash", "[verify]") {
  World w;
  auto v = w.verifier();
  std::string deep;
  for (int i = 0; i < 3000; ++i) deep += "\x81";
  deep += '\0';
  CHECK(error_code(v.verify("GL1:" + base45_encode(as_bytes(deep)))) == "format.cbor");
  std::string deep_map;
  for (int i = 0; i < 2000; ++i) deep_map += "\xa1\x01";
  deep_map += '\0';
  CHECK(error_code(v.verify("GL1:" + base45_encode(as_bytes(deep_map)))) == "format.cbor");
  CHECK(error_code(v.verify(std::string(8193, 'A'))) == "format.too_large");
  CHECK(error_code(v.verify(std::string(8192, 'A'))) == "format.prefix");
  CHECK(error_code(v.verify("")) == "format.prefix");
  CHECK(error_code(v.verify(std::string("GL1:\0\0", 6))) == "format.base45");
  // A huge declared length with no bytes behind it.
  CHECK(error_code(v.verify("GL1:" + base45_encode(*hex_decode("5bffffffffffffffff")))) == "format.cbor");
  CHECK(error_code(v.verify("GL1:" + base45_encode(*hex_decode("9bffffffffffffffff")))) == "format.cbor");
}
