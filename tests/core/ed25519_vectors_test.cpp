// Ed25519 through the engine's crypto layer against Wycheproof, RFC 8032, SUPERCOP sign.input and CCTV.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "greenlight/crypto.hpp"
#include "greenlight/encoding.hpp"
#include "testdata.hpp"

using namespace greenlight;

namespace {

PublicKey pk_from_hex(const std::string& hex) {
  auto b = hex_decode(hex);
  PublicKey pk{};
  REQUIRE(b);
  // Wycheproof has groups with malformed key lengths? No: all are 32 bytes; guard anyway.
  REQUIRE(b->size() == pk.size());
  std::copy(b->begin(), b->end(), pk.begin());
  return pk;
}

// Every verdict of a Wycheproof EddsaVerify file; the public key lives in key.pk (v0) or publicKey.pk (v1).
void run_wycheproof(const std::string& rel, const char* key_field, int expected_tests) {
  auto doc = nlohmann::json::parse(test::read_file(test::testdata_path(rel)));
  int tests = 0, agree = 0;
  for (const auto& group : doc["testGroups"]) {
    auto pk = pk_from_hex(group[key_field]["pk"].get<std::string>());
    for (const auto& t : group["tests"]) {
      auto msg = *hex_decode(t["msg"].get<std::string>());
      auto sig = *hex_decode(t["sig"].get<std::string>());
      bool expected = t["result"].get<std::string>() == "valid";
      INFO(rel << " tcId " << t["tcId"].get<int>() << ": " << t["comment"].get<std::string>());
      bool got = verify_signature(pk, msg, sig);
      CHECK(got == expected);
      agree += got == expected;
      ++tests;
    }
  }
  CHECK(tests == expected_tests);
  CHECK(agree == tests);
}

}  // namespace

TEST_CASE("ed25519: Wycheproof v0 eddsa_test.json, every verdict", "[ed25519]") {
  if (!test::testdata_present("Wycheproof Ed25519", "ed25519/wycheproof")) return;
  run_wycheproof("ed25519/wycheproof/testvectors/eddsa_test.json", "key", 145);
}

TEST_CASE("ed25519: Wycheproof v1 ed25519_test.json, every verdict", "[ed25519]") {
  if (!test::testdata_present("Wycheproof Ed25519", "ed25519/wycheproof")) return;
  run_wycheproof("ed25519/wycheproof/testvectors_v1/ed25519_test.json", "publicKey", 150);
}

TEST_CASE("ed25519: RFC 8032 section 7.1 vectors sign and verify", "[ed25519]") {
  if (!test::testdata_present("RFC 8032 Ed25519 vectors", "ed25519/rfc8032_ed25519.json")) return;
  auto doc = nlohmann::json::parse(test::read_file(test::testdata_path("ed25519/rfc8032_ed25519.json")));
  int n = 0;
  for (const auto& v : doc["vectors"]) {
    INFO(v["name"].get<std::string>());
    auto seed_bytes = *hex_decode(v["secretKey"].get<std::string>());
    Seed seed;
    std::copy(seed_bytes.begin(), seed_bytes.end(), seed.begin());
    auto kp = key_pair_from_seed(seed);
    CHECK(hex_encode(kp.public_key) == v["publicKey"].get<std::string>());
    auto msg = *hex_decode(v["message"].get<std::string>());
    auto sig = sign(kp, msg);
    CHECK(hex_encode(sig) == v["signature"].get<std::string>());
    CHECK(verify_signature(kp.public_key, msg, sig));
    ++n;
  }
  CHECK(n == 5);
}

TEST_CASE("ed25519: SUPERCOP sign.input, all 1024 lines", "[ed25519]") {
  // Debian's python3-cryptography-vectors ships the same file (byte for byte), so a clone without the
  // third-party folder still runs this suite when that package is installed (scripts/setup installs it).
  const std::string debian = "/usr/lib/python3/dist-packages/cryptography_vectors/asymmetric/Ed25519/sign.input";
  const bool from_debian =
      !std::filesystem::exists(test::testdata_path("ed25519/sign.input")) && std::filesystem::exists(debian);
  if (!from_debian && !test::testdata_present("SUPERCOP Ed25519 sign.input", "ed25519/sign.input")) return;
  const std::string path = from_debian ? debian : test::testdata_path("ed25519/sign.input");
  INFO("read from " << path);
  std::istringstream in(test::read_file(path));
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::size_t start = 0, colon;
    while ((colon = line.find(':', start)) != std::string::npos) {
      f.push_back(line.substr(start, colon - start));
      start = colon + 1;
    }
    REQUIRE(f.size() == 4);
    auto sk = *hex_decode(f[0]);
    Seed seed;
    std::copy(sk.begin(), sk.begin() + 32, seed.begin());
    auto kp = key_pair_from_seed(seed);
    REQUIRE(hex_encode(kp.public_key) == f[1]);
    auto msg = *hex_decode(f[2]);
    auto sm = *hex_decode(f[3]);
    auto sig = sign(kp, msg);
    CHECK(Bytes(sig.begin(), sig.end()) == Bytes(sm.begin(), sm.begin() + 64));
    CHECK(verify_signature(kp.public_key, msg, sig));
    ++n;
  }
  CHECK(n == 1024);
}

TEST_CASE("ed25519: CCTV edge cases follow libsodium's rule", "[ed25519]") {
  // libsodium accepts exactly the vectors whose flags are a subset of the low-order-component flags
  // (SOURCES.md: 43 accepted, 871 rejected).
  if (!test::testdata_present("C2SP CCTV Ed25519", "ed25519/cctv")) return;
  auto doc = nlohmann::json::parse(test::read_file(test::testdata_path("ed25519/cctv/ed25519vectors.json")));
  const std::set<std::string> tolerated = {"low_order_component_A", "low_order_component_R"};
  int accepted = 0, total = 0;
  for (const auto& v : doc) {
    bool expected = true;
    if (v["flags"].is_array())
      for (const auto& flag : v["flags"]) expected = expected && tolerated.count(flag.get<std::string>());
    auto key = *hex_decode(v["key"].get<std::string>());
    auto sig = *hex_decode(v["sig"].get<std::string>());
    PublicKey pk{};
    bool got = false;
    if (key.size() == pk.size()) {
      std::copy(key.begin(), key.end(), pk.begin());
      got = verify_signature(pk, as_bytes(v["msg"].get<std::string>()), sig);
    }
    INFO("CCTV vector " << v["number"].get<int>());
    CHECK(got == expected);
    accepted += got;
    ++total;
  }
  CHECK(total == 914);
  CHECK(accepted == 43);
}

TEST_CASE("ed25519: kid is the first 8 bytes of SHA-256 of the key", "[ed25519]") {
  auto pk = pk_from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto digest = sha256(pk);
  CHECK(hex_encode(kid_of(pk)) == hex_encode(ByteView(digest.data(), 8)));
  CHECK(hex_encode(sha256(as_bytes("abc"))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
