// GL1 claims: round trips for every type, and every format.claims rule.
#include <catch2/catch.hpp>
#include <functional>

#include "fixture.hpp"

using namespace greenlight;
using greenlight::test::World;

TEST_CASE("claims: every credential type round-trips", "[claims]") {
  World w;
  for (auto c : {w.person(), w.proxy(), w.place()}) {
    c.iss = w.iss;
    auto bytes = encode_claims(c);
    REQUIRE(bytes.ok());
    auto back = decode_claims(*bytes);
    REQUIRE(back.ok());
    CHECK(to_json(*back) == to_json(c));
  }
}

TEST_CASE("claims: encoding refuses what decoding would refuse", "[claims]") {
  World w;
  auto expect_claims_error = [](const Credential& c) {
    auto r = encode_claims(c);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "format.claims");
  };
  auto c = w.place();
  c.place->category = "casino";
  expect_claims_error(c);
  c = w.place();
  c.place->region = "31010";
  expect_claims_error(c);
  c = w.person();
  c.phone.reset();
  expect_claims_error(c);
  c = w.proxy();
  c.contact.reset();
  expect_claims_error(c);
  c = w.person();
  c.exp = c.iat - 1;
  expect_claims_error(c);
  c = w.person();
  c.sub.clear();
  expect_claims_error(c);
  c = w.person();
  c.status.reset();
  expect_claims_error(c);
}

namespace {

// Builds claims by hand so that each field can be missing or of the wrong type.
Bytes claims_with(const std::function<void(cbor::Writer&)>& greenlight_claim, bool with_sub = true) {
  cbor::Writer w;
  w.map(with_sub ? 5 : 4);
  w.int64(1), w.text("gl:cn");
  if (with_sub) w.int64(2), w.text("p-1");
  w.int64(4), w.uint(2000);
  w.int64(6), w.uint(1000);
  w.int64(-65537);
  greenlight_claim(w);
  return w.take();
}

}  // namespace

TEST_CASE("claims: decoding errors", "[claims]") {
  auto expect = [](const Bytes& b, const char* code, const char* fragment) {
    auto r = decode_claims(b);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == code);
    CHECK_THAT(r.error().message, Catch::Contains(fragment));
  };
  auto person = [](cbor::Writer& w) {
    w.map(6), w.text("v"), w.uint(1), w.text("t"), w.text("person"), w.text("s"), w.text("green"), w.text("n"),
        w.text("王*"), w.text("m"), w.text("138****0000"), w.text("q"), w.uint(0);
  };
  CHECK(decode_claims(claims_with(person)).ok());
  expect(claims_with(person, false), "format.claims", "sub");
  expect(claims_with([](cbor::Writer& w) { w.text("x"); }), "format.claims", "must be a map");
  expect(claims_with([](cbor::Writer& w) { w.map(1), w.text("v"), w.uint(1); }), "format.claims", "missing t");
  expect(claims_with([](cbor::Writer& w) { w.map(2), w.text("v"), w.uint(2), w.text("t"), w.text("person"); }),
         "format.claims", "version 2");
  expect(claims_with([](cbor::Writer& w) { w.map(2), w.text("v"), w.uint(1), w.text("t"), w.text("pet"); }),
         "format.claims", "unknown credential type");
  expect(claims_with([](cbor::Writer& w) {
           w.map(6), w.text("v"), w.uint(1), w.text("t"), w.text("person"), w.text("s"), w.text("purple"), w.text("n"),
               w.text("王*"), w.text("m"), w.text("1"), w.text("q"), w.uint(0);
         }),
         "format.claims", "unknown status");
  expect(claims_with([](cbor::Writer& w) {
           w.map(6), w.text("v"), w.uint(1), w.text("t"), w.text("person"), w.text("s"), w.text("green"), w.text("n"),
               w.text("王*"), w.text("m"), w.text("1"), w.text("q"), w.int64(-1);
         }),
         "format.claims", "q (status sequence) must be an unsigned integer");
  expect(claims_with([](cbor::Writer& w) {
           w.map(4), w.text("v"), w.uint(1), w.text("t"), w.text("place"), w.text("pn"), w.text("X"), w.text("pc"),
               w.text("mall");
         }),
         "format.claims", "pr");
  expect(*hex_decode("a0"), "format.claims", "iss");
  expect(*hex_decode("ff"), "format.cbor", "");

  // Unknown extra keys are ignored.
  CHECK(decode_claims(claims_with([](cbor::Writer& w) {
          w.map(7), w.text("v"), w.uint(1), w.text("t"), w.text("person"), w.text("s"), w.text("green"), w.text("n"),
              w.text("王*"), w.text("m"), w.text("138****0000"), w.text("q"), w.uint(0), w.text("future"), w.array(0);
        })).ok());
}

TEST_CASE("claims: vocabulary", "[claims]") {
  CHECK(place_categories().size() == 25);
  CHECK(is_place_category("elderly-care"));
  CHECK_FALSE(is_place_category("Mall"));
  CHECK(is_region_code("110105"));
  CHECK_FALSE(is_region_code("11010a"));
}
