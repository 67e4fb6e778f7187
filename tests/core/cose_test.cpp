// COSE_Sign1 against the cose-wg examples: EdDSA signatures and the structural Sign1 cases.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "greenlight/cose.hpp"
#include "greenlight/encoding.hpp"
#include "testdata.hpp"

using namespace greenlight;

namespace {

nlohmann::json example(const std::string& name) {
  return nlohmann::json::parse(test::read_file(test::testdata_path("cose/" + name)));
}

PublicKey rfc8032_test1_key() {
  auto b = *hex_decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  PublicKey pk;
  std::copy(b.begin(), b.end(), pk.begin());
  return pk;
}

}  // namespace

TEST_CASE("cose: eddsa-sig-01 (Ed25519 COSE_Sign1) verifies and its ToBeSign matches", "[cose]") {
  if (!test::testdata_present("COSE examples", "cose")) return;
  auto ex = example("eddsa-examples/eddsa-sig-01.json");
  auto msg = cose::parse_sign1(*hex_decode(ex["output"]["cbor"].get<std::string>()));
  REQUIRE(msg.ok());
  CHECK(as_chars(msg->payload) == "This is the content.");
  auto tbs = cose::sig_structure(msg->protected_bytes, {}, msg->payload);
  CHECK(hex_encode(tbs) == hex_encode(*hex_decode(ex["intermediates"]["ToBeSign_hex"].get<std::string>())));
  CHECK(cose::verify_sign1(*msg, rfc8032_test1_key()).ok());
  REQUIRE(msg->kid());
  CHECK(msg->kid()->string == "11");  // from the unprotected header

  auto tampered = *msg;
  tampered.payload.back() ^= 1;
  auto r = cose::verify_sign1(tampered, rfc8032_test1_key());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "crypto.signature");
}

TEST_CASE("cose: eddsa-01 is COSE_Sign (tag 98), not Sign1 — its Ed25519 signature still checks", "[cose]") {
  if (!test::testdata_present("COSE examples", "cose")) return;
  auto ex = example("eddsa-examples/eddsa-01.json");
  auto bytes = *hex_decode(ex["output"]["cbor"].get<std::string>());
  auto msg = cose::parse_sign1(bytes);
  REQUIRE_FALSE(msg.ok());
  CHECK(msg.error().code == "format.cose");
  // The multi-signer structure: [protected, unprotected, payload, [[sig_protected, sig_unprotected, signature]]].
  auto decoded = cbor::decode(bytes);
  REQUIRE(decoded.ok());
  const auto& sign = decoded->items.front();
  const auto& signature = sign.items[3].items[0].items[2];
  auto tbs = *hex_decode(ex["intermediates"]["signers"][0]["ToBeSign_hex"].get<std::string>());
  CHECK(verify_signature(rfc8032_test1_key(), tbs, signature.as_byte_view()));
}

TEST_CASE("cose: sign1-tests structural cases give the errors they must", "[cose]") {
  if (!test::testdata_present("COSE examples", "cose")) return;
  struct Case {
    const char* file;
    const char* parse_error;   // expected parse error code, or nullptr if it parses
    const char* verify_error;  // expected verify error when it parses (all are ES256: we only do EdDSA)
  };
  for (auto c :
       {Case{"sign-fail-01.json", "format.cose", nullptr},       // tag 998 instead of 18
        Case{"sign-fail-02.json", nullptr, "crypto.algorithm"},  // altered signature (ES256)
        Case{"sign-fail-03.json", nullptr, "crypto.algorithm"},  // alg -999
        Case{"sign-fail-04.json", nullptr, "crypto.algorithm"},  // alg "unknown" (text)
        Case{"sign-fail-06.json", nullptr, "crypto.algorithm"},  // protected attribute added
        Case{"sign-fail-07.json", nullptr, "crypto.algorithm"},  // protected attribute removed
        Case{"sign-pass-01.json", nullptr, "crypto.algorithm"},  // alg only unprotected: not covered by the signature
        Case{"sign-pass-02.json", nullptr, "crypto.algorithm"},  // external AAD
        Case{"sign-pass-03.json", nullptr, "crypto.algorithm"}}) {  // untagged: accepted
    INFO(c.file);
    auto ex = example(std::string("sign1-tests/") + c.file);
    auto msg = cose::parse_sign1(*hex_decode(ex["output"]["cbor"].get<std::string>()));
    if (c.parse_error) {
      REQUIRE_FALSE(msg.ok());
      CHECK(msg.error().code == c.parse_error);
      continue;
    }
    REQUIRE(msg.ok());
    auto r = cose::verify_sign1(*msg, rfc8032_test1_key());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == c.verify_error);
  }
}

TEST_CASE("cose: Sig_structure matches the examples' ToBeSign, external AAD included", "[cose]") {
  if (!test::testdata_present("COSE examples", "cose")) return;
  for (const char* file : {"sign-pass-01.json", "sign-pass-02.json", "sign-pass-03.json"}) {
    INFO(file);
    auto ex = example(std::string("sign1-tests/") + file);
    auto msg = cose::parse_sign1(*hex_decode(ex["output"]["cbor"].get<std::string>()));
    REQUIRE(msg.ok());
    Bytes aad;
    if (ex["input"]["sign0"].contains("external"))
      aad = *hex_decode(ex["input"]["sign0"]["external"].get<std::string>());
    auto tbs = cose::sig_structure(msg->protected_bytes, aad, msg->payload);
    CHECK(hex_encode(tbs) == hex_encode(*hex_decode(ex["intermediates"]["ToBeSign_hex"].get<std::string>())));
  }
}

TEST_CASE("cose: our own Sign1 round trip and header handling", "[cose]") {
  Seed seed{};
  seed[0] = 7;
  auto key = key_pair_from_seed(seed);
  auto bytes = cose::sign1(key, as_bytes("payload"));
  CHECK(bytes.front() == 0xD2);  // tag 18
  auto msg = cose::parse_sign1(bytes);
  REQUIRE(msg.ok());
  REQUIRE(msg->kid());
  auto kid = kid_of(key.public_key);
  CHECK(msg->kid()->as_byte_view().size() == kid.size());
  CHECK(cose::verify_sign1(*msg, key.public_key).ok());

  // Untagged is accepted.
  auto untagged = cose::parse_sign1(ByteView(bytes).subspan(1));
  REQUIRE(untagged.ok());
  CHECK(cose::verify_sign1(*untagged, key.public_key).ok());

  // Wrong shapes.
  CHECK(cose::parse_sign1(*hex_decode("d28340a04100")).error().code == "format.cose");        // three items
  CHECK(cose::parse_sign1(*hex_decode("d28440a0f64100")).error().code == "format.cose");      // detached payload (nil)
  CHECK(cose::parse_sign1(*hex_decode("d2844101a041004100")).error().code == "format.cose");  // protected is not a map
  CHECK(cose::parse_sign1(*hex_decode("d28440a10401410040")).error().code == "format.cose");  // kid not bytes
  CHECK(cose::parse_sign1(*hex_decode("d284")).error().code == "format.cbor");                // truncated
}
