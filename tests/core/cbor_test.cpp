// CBOR reader/writer: round trips, strictness and bounds.
#include <catch2/catch.hpp>

#include "greenlight/cbor.hpp"
#include "greenlight/encoding.hpp"

using namespace greenlight;

namespace {
Result<cbor::Value> decode_hex(const char* hex, const cbor::Limits& limits = {}) {
  return cbor::decode(*hex_decode(hex), limits);
}
std::string reencode_hex(const char* hex) { return hex_encode(cbor::encode(*decode_hex(hex))); }
}  // namespace

TEST_CASE("cbor: RFC 8949 Appendix A items round-trip", "[cbor]") {
  for (const char* hex : {"00",
                          "17",
                          "1818",
                          "1903e8",
                          "1a000f4240",
                          "1b000000e8d4a51000",
                          "20",
                          "3863",
                          "3903e7",
                          "40",
                          "4401020304",
                          "60",
                          "6161",
                          "6449455446",
                          "80",
                          "83010203",
                          "8301820203820405",
                          "a0",
                          "a201020304",
                          "a26161016162820203",
                          "f4",
                          "f5",
                          "f6",
                          "c074323031332d30332d32315432303a30343a30305a",
                          "62c3bc",
                          "63e6b0b4"}) {
    INFO(hex);
    REQUIRE(decode_hex(hex).ok());
    CHECK(reencode_hex(hex) == hex);
  }
  CHECK(decode_hex("3bffffffffffffffff").ok());  // -2^64
  CHECK_FALSE(decode_hex("3bffffffffffffffff")->as_int64());
  CHECK(*decode_hex("3903e7")->as_int64() == -1000);
}

TEST_CASE("cbor: floats decode", "[cbor]") {
  CHECK(decode_hex("f93c00")->floating == 1.0);
  CHECK(decode_hex("fa47c35000")->floating == 100000.0);
  CHECK(decode_hex("fb3ff199999999999a")->floating == 1.1);
}

TEST_CASE("cbor: strictness", "[cbor]") {
  struct Case {
    const char* hex;
    const char* why;
  };
  for (auto c :
       {Case{"", "empty"}, Case{"18", "truncated head"}, Case{"1817", "non-shortest integer"},
        Case{"5f4100ff", "indefinite bytes"}, Case{"9fff", "indefinite array"}, Case{"a201020103", "duplicate key"},
        Case{"a1810102", "array as map key"}, Case{"62c328", "invalid UTF-8"},
        Case{"63edb480", "UTF-16 surrogate in UTF-8"}, Case{"0000", "trailing bytes"},
        Case{"1c", "reserved additional info"}, Case{"f0", "unassigned simple"}, Case{"f820", "one-byte simple"},
        Case{"ff", "lone break"}, Case{"5a00010000", "length beyond input"},
        Case{"9b00000000ffffffff", "count beyond input"}, Case{"c0", "tag without content"}}) {
    INFO(c.why);
    auto r = decode_hex(c.hex);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "format.cbor");
  }
}

TEST_CASE("cbor: limits", "[cbor]") {
  std::string hex;
  for (int i = 0; i < 40; ++i) hex += "81";
  hex += "00";
  auto r = decode_hex(hex.c_str());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("deeper") != std::string::npos);

  CHECK(decode_hex("8181818100").ok());
  cbor::Limits few;
  few.max_items = 3;
  CHECK_FALSE(decode_hex("83010203", few).ok());
  cbor::Limits small;
  small.max_bytes = 2;
  CHECK_FALSE(decode_hex("83010203", small).ok());
}

TEST_CASE("cbor: map look-ups", "[cbor]") {
  auto v = cbor::Value::make_map({cbor::Value::make_int(-65537), cbor::Value::make_text("x"),
                                  cbor::Value::make_text("k"), cbor::Value::make_uint(7)});
  auto back = cbor::decode(cbor::encode(v));
  REQUIRE(back.ok());
  REQUIRE(back->find(-65537));
  CHECK(back->find(-65537)->string == "x");
  CHECK(back->find("k")->number == 7);
  CHECK(back->find(1) == nullptr);
  CHECK(hex_encode(cbor::encode(cbor::Value::make_int(-65537))) == "3a00010000");
}
