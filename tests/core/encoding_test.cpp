// Base45 (RFC 9285 vectors and DCC test data from the third-party test data), base64url and hex.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "greenlight/encoding.hpp"
#include "testdata.hpp"

using namespace greenlight;

TEST_CASE("base45: every RFC 9285 vector", "[base45]") {
  if (!test::testdata_present("Base45 RFC 9285 vectors", "base45/rfc9285_vectors.json")) return;
  auto doc = nlohmann::json::parse(test::read_file(test::testdata_path("base45/rfc9285_vectors.json")));
  int valid = 0, invalid = 0;
  for (const auto& c : doc["cases"]) {
    INFO(c["source"].get<std::string>() << " base45=" << c["base45"].get<std::string>());
    auto decoded = base45_decode(c["base45"].get<std::string>());
    if (c["valid"].get<bool>()) {
      auto bytes = hex_decode(c["hex"].get<std::string>());
      REQUIRE(bytes);
      CHECK(base45_encode(*bytes) == c["base45"].get<std::string>());
      REQUIRE(decoded.ok());
      CHECK(*decoded == *bytes);
      ++valid;
    } else {
      REQUIRE_FALSE(decoded.ok());
      CHECK(decoded.error().code == "format.base45");
      ++invalid;
    }
  }
  CHECK(valid == 12);
  CHECK(invalid == 9);
}

TEST_CASE("base45: the DCC test data's BASE45 fields decode to their COMPRESSED bytes", "[base45]") {
  // Real-world pairs from dgc-testdata: an independent producer's output.
  if (!test::testdata_present("EU DCC test data", "dgc-testdata")) return;
  int checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(test::testdata_path("dgc-testdata"))) {
    if (entry.path().extension() != ".json") continue;
    auto doc = nlohmann::json::parse(test::read_file(entry.path().string()), nullptr, false);
    if (!doc.is_object() || !doc.contains("BASE45") || !doc.contains("COMPRESSED")) continue;
    if (!doc["BASE45"].is_string() || !doc["COMPRESSED"].is_string()) continue;
    auto expect = doc.value("EXPECTEDRESULTS", nlohmann::json::object());
    if (expect.is_object() && expect.value("EXPECTEDB45DECODE", true) == false) continue;
    INFO(entry.path().string());
    auto decoded = base45_decode(doc["BASE45"].get<std::string>());
    REQUIRE(decoded.ok());
    auto expected = hex_decode(doc["COMPRESSED"].get<std::string>());
    REQUIRE(expected);
    CHECK(*decoded == *expected);
    ++checked;
  }
  CHECK(checked >= 130);  // 131 files carry both fields
}

TEST_CASE("base64url: round trip and strictness", "[base64url]") {
  for (std::size_t n = 0; n < 70; ++n) {
    Bytes data(n);
    for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>(i * 37 + n);
    auto text = base64url_encode(data);
    CHECK(text.find('=') == std::string::npos);
    auto back = base64url_decode(text);
    REQUIRE(back);
    CHECK(*back == data);
  }
  CHECK(base64url_encode(to_bytes("\xfb\xff")) == "-_8");
  CHECK_FALSE(base64url_decode("-_9"));    // non-zero trailing bits: a second spelling of "-_8"
  CHECK_FALSE(base64url_decode("+/8"));    // standard alphabet
  CHECK_FALSE(base64url_decode("AAA="));   // padding
  CHECK_FALSE(base64url_decode("A"));      // impossible length
  CHECK_FALSE(base64url_decode("AA AA"));  // whitespace
}

TEST_CASE("hex", "[hex]") {
  CHECK(hex_encode(to_bytes("\x01\xab")) == "01ab");
  CHECK(*hex_decode("01AB") == to_bytes("\x01\xab"));
  CHECK_FALSE(hex_decode("abc"));
  CHECK_FALSE(hex_decode("zz"));
}
