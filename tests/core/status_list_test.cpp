// Status lists: snapshots, deltas, gaps, staleness, signer checks and the packed binary search.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "fixture.hpp"

using namespace greenlight;
using greenlight::test::code_of;
using greenlight::test::kNow;
using greenlight::test::World;

TEST_CASE("status list: subject hash is SHA-256(\"gl-status:\" + sub), first 16 bytes", "[status]") {
  auto h = subject_hash("p-1");
  auto digest = sha256(as_bytes("gl-status:p-1"));
  CHECK(std::equal(h.begin(), h.end(), digest.begin()));
}

TEST_CASE("status list: snapshot then deltas — gaps and stale lists refused, loaded list kept", "[status]") {
  World w;
  auto v = w.verifier();
  CHECK(v.status_list() == nullptr);
  CHECK(code_of(v.update_status_list(w.status_list(11, {{"a", "red", 5}}, 10))) == "status.gap");  // no list yet
  REQUIRE(v.update_status_list(w.status_list(10, {{"a", "orange", 5}, {"b", "revoked", 2}})).ok());
  REQUIRE(v.status_list());
  CHECK(v.status_list()->size() == 2);
  CHECK(v.status_list()->find(subject_hash("a"))->s == ListedStatus::orange);
  CHECK(v.status_list()->find(subject_hash("zz")) == nullptr);

  REQUIRE(v.update_status_list(w.status_list(11, {{"a", "green", 6}, {"c", "yellow", 1}}, 10)).ok());
  CHECK(v.status_list()->seq == 11);
  CHECK(v.status_list()->size() == 3);
  CHECK(v.status_list()->find(subject_hash("a"))->s == ListedStatus::green);
  CHECK(v.status_list()->find(subject_hash("a"))->q == 6);

  CHECK(code_of(v.update_status_list(w.status_list(13, {{"a", "red", 7}}, 12))) == "status.gap");
  CHECK(code_of(v.update_status_list(w.status_list(9, {}))) == "status.list_stale");
  CHECK(code_of(v.update_status_list(w.status_list(12, {{"a", "red", 7}}, 11, kNow - 3600))) == "status.list_expired");
  CHECK(v.status_list()->seq == 11);
  REQUIRE(v.update_status_list(w.status_list(20, {{"d", "red", 1}})).ok());  // a new snapshot replaces all
  CHECK(v.status_list()->size() == 1);
  CHECK(v.status_list()->find(subject_hash("a")) == nullptr);
}

TEST_CASE("status list: signer and shape", "[status]") {
  World w;
  auto v = w.verifier();
  nlohmann::json payload = {
      {"iss", w.iss}, {"iat", kNow}, {"exp", kNow + 60}, {"seq", 1}, {"entries", nlohmann::json::array()}};
  auto signed_by = [&](const KeyPair& key, const nlohmann::json& p) {
    return Issuer(key, "x").sign_document(kStatusListTyp, p);
  };
  CHECK(code_of(v.update_status_list(signed_by(w.status_key, payload))) == "");
  CHECK(code_of(v.update_status_list(signed_by(w.person_key, payload))) == "status.list_invalid");  // no "status" use
  CHECK(code_of(v.update_status_list(signed_by(w.root, payload))) == "status.list_invalid");
  auto bad = [&](auto mutate) {
    auto p = payload;
    mutate(p);
    return code_of(v.update_status_list(signed_by(w.status_key, p)));
  };
  CHECK(bad([](auto& p) { p["iss"] = "someone-else"; }) == "status.list_invalid");
  CHECK(bad([](auto& p) { p.erase("entries"); }) == "status.list_invalid");
  CHECK(bad([](auto& p) { p["seq"] = "1"; }) == "status.list_invalid");
  CHECK(bad([](auto& p) {
          p["entries"] = nlohmann::json::array({{{"h", "AAAA"}, {"s", "red"}, {"q", 1}}});
        }) == "status.list_invalid");
  CHECK(
      bad([](auto& p) {
        p["entries"] = nlohmann::json::array({{{"h", base64url_encode(subject_hash("a"))}, {"s", "purple"}, {"q", 1}}});
      }) == "status.list_invalid");
  CHECK(bad([](auto& p) {
          p["entries"] = nlohmann::json::array({{{"h", base64url_encode(subject_hash("a"))}, {"s", "red"}}});
        }) == "status.list_invalid");
  CHECK(bad([](auto& p) {
          p["entries"] = nlohmann::json::array({{{"h", base64url_encode(subject_hash("a"))}, {"s", "red"}, {"q", -1}}});
        }) == "status.list_invalid");
  CHECK(bad([](auto& p) { p["entries"] = {1, 2}; }) == "status.list_invalid");
  CHECK(bad([](auto& p) {
          p["entries"] = nlohmann::json::array({{{"h", {{"x", 1}}}, {"s", "red"}, {"q", 1}}});
        }) == "status.list_invalid");
  auto dup = nlohmann::json{{"h", base64url_encode(subject_hash("a"))}, {"s", "red"}, {"q", 1}};
  CHECK(bad([&](auto& p) { p["entries"] = {dup, dup}; }) == "status.list_invalid");
  CHECK(bad([](auto& p) { p["unknown"] = {{"nested", {1, 2, {{"entries", 3}}}}}; }) == "");  // unknown fields ignored
  CHECK(code_of(v.update_status_list("garbage")) == "status.list_invalid");
}

TEST_CASE("status list: 100 000 entries load, merge and look up", "[status]") {
  World w;
  auto v = w.verifier();
  std::vector<std::tuple<std::string, std::string, std::uint64_t>> entries;
  for (int i = 0; i < 100000; ++i) entries.emplace_back("s-" + std::to_string(i), i % 7 == 0 ? "red" : "green", i);
  REQUIRE(v.update_status_list(w.status_list(1, entries)).ok());
  CHECK(v.status_list()->size() == 100000);
  for (int i = 0; i < 100000; i += 997) {
    const auto* e = v.status_list()->find(subject_hash("s-" + std::to_string(i)));
    REQUIRE(e);
    CHECK(e->q == static_cast<std::uint64_t>(i));
    CHECK(e->s == (i % 7 == 0 ? ListedStatus::red : ListedStatus::green));
  }
  REQUIRE(v.update_status_list(w.status_list(2, {{"s-5", "orange", 200000}, {"new", "yellow", 1}}, 1)).ok());
  CHECK(v.status_list()->size() == 100001);
  CHECK(v.status_list()->find(subject_hash("s-5"))->s == ListedStatus::orange);
}

// ---- Packed entries (docs/format.md "Packed status entries")

namespace {
PackedStatusEntries packed_of(unsigned bits, std::vector<PackedStatusEntry> entries) {
  PackedStatusEntries p;
  p.bits = bits;
  p.entries = std::move(entries);
  return p;
}
std::string unpack_code(const Bytes& bytes) {
  auto r = unpack_status_entries(bytes);
  return r ? "" : r.error().code;
}
}  // namespace

TEST_CASE("status packing: prefix length keeps a false match below 1e-9 per look-up", "[status][packing]") {
  CHECK(status_prefix_bits(0, false) == 32);
  CHECK(status_prefix_bits(2, false) == 32);
  CHECK(status_prefix_bits(1000000, false) == 51);    // ceil(log2 1e6) = 20, + 31
  CHECK(status_prefix_bits(100000000, false) == 58);  // 1e8 / 2^58 = 3.5e-10
  CHECK(status_prefix_bits(5, true) == 58);
  for (std::size_t n : {std::size_t{1}, std::size_t{1000}, std::size_t{1} << 20, std::size_t{100000000}}) {
    double p = static_cast<double>(n) / std::ldexp(1.0, static_cast<int>(status_prefix_bits(n, false)));
    CHECK(p < 5e-10);
  }
  CHECK(status_hash_prefix(subject_hash("a"), 64) >> 13 == status_hash_prefix(subject_hash("a"), 51));
}

TEST_CASE("status packing: round trip at the edges of the prefix range and of q", "[status][packing]") {
  std::vector<PackedStatusEntries> lists = {
      packed_of(32, {}),
      packed_of(32, {{0, 0, ListedStatus::green}}),
      packed_of(32, {{0, 1, ListedStatus::red}, {1, 1, ListedStatus::revoked}, {0xffffffffu, 9, ListedStatus::yellow}}),
      packed_of(64, {{1ull << 63, ~0ull, ListedStatus::orange}, {~0ull, 0, ListedStatus::green}}),
      packed_of(51, {{12345, 7, ListedStatus::green}, {(1ull << 51) - 1, 7, ListedStatus::green}}),
  };
  for (const auto& list : lists) {
    auto bytes = pack_status_entries(list);
    auto back = unpack_status_entries(bytes);
    REQUIRE(back);
    CHECK(back->bits == list.bits);
    REQUIRE(back->entries.size() == list.entries.size());
    for (std::size_t i = 0; i < list.entries.size(); ++i) {
      CHECK(back->entries[i].key == list.entries[i].key);
      CHECK(back->entries[i].q == list.entries[i].q);
      CHECK(back->entries[i].s == list.entries[i].s);
    }
  }
}

TEST_CASE("status packing: a million random entries take under 7 bytes each", "[status][packing]") {
  std::mt19937_64 rng(7);
  std::vector<PackedStatusEntry> entries;
  for (std::uint64_t i = 0; i < 1000000; ++i)
    entries.push_back({rng() >> 13, 2000000 - i, static_cast<ListedStatus>(i % 5)});
  std::sort(entries.begin(), entries.end(), [](auto& a, auto& b) { return a.key < b.key; });
  entries.erase(std::unique(entries.begin(), entries.end(), [](auto& a, auto& b) { return a.key == b.key; }),
                entries.end());
  auto bytes = pack_status_entries(packed_of(51, entries));
  CHECK(static_cast<double>(bytes.size()) / entries.size() < 7.0);
  auto back = unpack_status_entries(bytes);
  REQUIRE(back);
  CHECK(back->entries.size() == entries.size());
  CHECK(back->entries[123456].key == entries[123456].key);
  CHECK(back->entries[123456].q == entries[123456].q);
}

TEST_CASE("status packing: malformed packed entries are status.list_invalid", "[status][packing]") {
  auto good = pack_status_entries(
      packed_of(40, {{5, 3, ListedStatus::red}, {900, 4, ListedStatus::green}, {70000, 9, ListedStatus::revoked}}));
  REQUIRE(unpack_code(good) == "");
  auto with = [&](std::size_t at, std::uint8_t value) {
    auto b = good;
    b[at] = value;
    return unpack_code(b);
  };
  CHECK(with(0, 2) == "status.list_invalid");   // version
  CHECK(with(1, 31) == "status.list_invalid");  // prefix bits
  CHECK(with(1, 65) == "status.list_invalid");
  CHECK(with(2, 40) == "status.list_invalid");    // Rice parameter >= bits
  CHECK(with(3, 0x20) == "status.list_invalid");  // a sixth status
  CHECK(with(4, 65) == "status.list_invalid");    // q width
  CHECK(with(5, 0x7f) == "status.list_invalid");  // count beyond the data
  auto longer = good;
  longer.push_back(0);
  CHECK(unpack_code(longer) == "status.list_invalid");  // bytes after the last entry
  for (std::size_t n = 0; n < good.size(); ++n)
    CHECK(unpack_code(Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n))) == "status.list_invalid");
  // One entry of key 0 ("0": a 1-bit Rice code with k = 0, one status, no q bits), then 7 bits of padding.
  CHECK(unpack_code({1, 32, 0, 1, 0, 1, 0, 0x00}) == "");
  CHECK(unpack_code({1, 32, 0, 1, 0, 1, 0, 0x01}) == "status.list_invalid");  // padding bits must be zero
  // Keys past the prefix range: one 32-bit list whose second gap overflows.
  CHECK(unpack_code(pack_status_entries(packed_of(32, {{0xffffffffu, 1, ListedStatus::red}}))) == "");
  Bytes overflow = {1, 32, 31, 1, 0, 2, 0};  // two entries, k = 31, one status, q width 0
  // entry 0: unary 1 (gap >> 31 = 1), then 31 low bits of ones: key 2^32 - 1; entry 1: gap 0 -> past the range
  overflow.insert(overflow.end(), {0xbf, 0xff, 0xff, 0xff, 0x80, 0x00, 0x00, 0x00, 0x00});
  CHECK(unpack_code(overflow) == "status.list_invalid");
  Bytes over_long_varint = {1, 32, 0, 1, 0, 0x80, 0x00, 0};
  CHECK(unpack_code(over_long_varint) == "status.list_invalid");
  Bytes q_below_zero = {1, 32, 0, 1, 8, 1, 3, 0x02, 0x00};  // q_top 3, one entry: gap 0 ("0"), offset 4
  CHECK(unpack_code(q_below_zero) == "status.list_invalid");
}

TEST_CASE("status packing: packed and JSON lists give the same look-ups, deltas of either form apply",
          "[status][packing]") {
  World w;
  std::vector<std::tuple<std::string, std::string, std::uint64_t>> entries;
  for (int i = 0; i < 5000; ++i)
    entries.emplace_back("s-" + std::to_string(i), i % 3 ? "orange" : "revoked",
                         100000 + static_cast<std::uint64_t>(i));
  auto json_v = w.verifier();
  auto packed_v = w.verifier();
  REQUIRE(json_v.update_status_list(w.status_list(10, entries)).ok());
  REQUIRE(packed_v.update_status_list(w.packed_status_list(10, entries)).ok());
  CHECK(packed_v.status_list()->size() == 5000);
  for (int i = 0; i < 10000; i += 7) {
    auto h = subject_hash("s-" + std::to_string(i));
    const auto* a = json_v.status_list()->find(h);
    const auto* b = packed_v.status_list()->find(h);
    REQUIRE((a == nullptr) == (b == nullptr));
    if (a) CHECK((a->q == b->q && a->s == b->s));
  }
  // A packed delta on a packed snapshot, then a JSON delta on top, then a packed one again.
  REQUIRE(packed_v.update_status_list(w.packed_status_list(11, {{"s-1", "green", 200000}, {"n-1", "red", 200001}}, 10))
              .ok());
  REQUIRE(packed_v.update_status_list(w.status_list(12, {{"s-2", "yellow", 200002}}, 11)).ok());
  REQUIRE(packed_v.update_status_list(w.packed_status_list(13, {{"s-1", "red", 200003}}, 12)).ok());
  const auto& list = *packed_v.status_list();
  CHECK(list.seq == 13);
  CHECK(list.size() == 5001);  // s-1 and s-2 replaced, n-1 added
  CHECK(list.find(subject_hash("s-1"))->s == ListedStatus::red);
  CHECK(list.find(subject_hash("s-1"))->q == 200003);
  CHECK(list.find(subject_hash("s-2"))->s == ListedStatus::yellow);
  CHECK(list.find(subject_hash("n-1"))->q == 200001);
  CHECK(list.find(subject_hash("s-4"))->s == ListedStatus::orange);
  CHECK(list.find(subject_hash("nobody")) == nullptr);
  // A packed delta on a JSON snapshot.
  REQUIRE(json_v.update_status_list(w.packed_status_list(11, {{"s-3", "green", 300000}}, 10)).ok());
  CHECK(json_v.status_list()->find(subject_hash("s-3"))->s == ListedStatus::green);
  CHECK(json_v.status_list()->size() == 5000);
}

TEST_CASE("status packing: the documented JSON payload packs; bad payloads are status.list_invalid",
          "[status][packing]") {
  World w;
  nlohmann::json payload = {{"iss", w.iss}, {"iat", kNow}, {"exp", kNow + 60}, {"seq", 4}, {"base", 3}};
  auto entry = [](const char* sub, const char* s, std::uint64_t q) {
    return nlohmann::json{{"h", base64url_encode(subject_hash(sub))}, {"s", s}, {"q", q}};
  };
  payload["entries"] = {entry("a", "red", 4), entry("b", "green", 3)};
  auto packed = pack_status_payload(payload);
  REQUIRE(packed);
  CHECK((*packed)["base"] == 3);
  CHECK((*packed)["entries"].is_string());
  auto again = pack_status_payload(*packed);  // already packed: kept
  REQUIRE(again);
  CHECK(*again == *packed);
  auto shown = inspect_status_list(Issuer(w.status_key, w.iss).sign_document(kStatusListTyp, *packed));
  REQUIRE(shown);
  CHECK((*shown)["encoding"] == "packed");
  CHECK((*shown)["prefixBits"] == 58);  // a delta
  CHECK((*shown)["seq"] == 4);
  REQUIRE((*shown)["entries"].size() == 2);
  for (const auto& e : (*shown)["entries"]) {
    auto h = base64url_decode(e["h"].get<std::string>());
    REQUIRE(h);
    REQUIRE(h->size() == 8);
    auto sub = e["s"] == "red" ? "a" : "b";
    CHECK(std::equal(h->begin(), h->begin() + 7, subject_hash(sub).begin()));
  }
  auto code = [&](nlohmann::json p) {
    auto r = pack_status_payload(p);
    return r ? "" : r.error().code;
  };
  CHECK(code(nlohmann::json::array()) == "status.list_invalid");
  CHECK(code({{"seq", 1}}) == "status.list_invalid");
  auto p = payload;
  p["entries"] = {entry("a", "red", 4), entry("a", "green", 5)};
  CHECK(code(p) == "status.list_invalid");
  p["entries"] = {{{"h", "AAAA"}, {"s", "red"}, {"q", 1}}};
  CHECK(code(p) == "status.list_invalid");
  p["entries"] = {{{"h", base64url_encode(subject_hash("a"))}, {"s", "blue"}, {"q", 1}}};
  CHECK(code(p) == "status.list_invalid");
  p["entries"] = "not base64url!";
  CHECK(code(p) == "status.list_invalid");
  CHECK(!inspect_status_list("a.b"));
}
