// Status lists: the same entries as today's JSON and packed (docs/format.md), for 100 000 and 1 000 000
// entries: signed document bytes, load (signature check + parse + sort or unpack), look-up. Prints one JSON
// object per size. Built natively and for node.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

#include "fixture.hpp"
#include "greenlight/status_packing.hpp"
#include "rate.hpp"

using namespace greenlight;
using SteadyClock = std::chrono::steady_clock;

namespace {

double since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

const char* const kStatuses[] = {"green", "yellow", "orange", "red", "revoked"};

// Entry i: subject "s-<i>", status i % 5, q = i: a million distinct sequence numbers, as a province whose
// million listed subjects each changed once.
std::string header_for(const test::World& w) {
  nlohmann::json header = {
      {"alg", "EdDSA"}, {"kid", base64url_encode(kid_of(w.status_key.public_key))}, {"typ", "gl-status-list"}};
  return base64url_encode(as_bytes(header.dump()));
}

std::string signed_with(const test::World& w, const std::string& payload) {
  std::string signing_input = header_for(w) + "." + base64url_encode(as_bytes(payload));
  return signing_input + "." + base64url_encode(sign(w.status_key, as_bytes(signing_input)));
}

std::string payload_head(const test::World& w) {
  return "{\"iss\":\"" + w.iss + "\",\"iat\":" + std::to_string(test::kNow - 60) +
         ",\"exp\":" + std::to_string(test::kNow + 86400) + ",\"seq\":1,\"entries\":";
}

// Today's JSON form, built as text (a JSON tree of a million entries would dominate the run).
std::string json_snapshot(const test::World& w, std::size_t n) {
  std::string payload = payload_head(w) + "[";
  payload.reserve(n * 60 + 200);
  for (std::size_t i = 0; i < n; ++i) {
    if (i) payload += ',';
    payload += "{\"h\":\"" + base64url_encode(subject_hash("s-" + std::to_string(i))) + "\",\"s\":\"" +
               kStatuses[i % 5] + "\",\"q\":" + std::to_string(i) + "}";
  }
  payload += "]}";
  return signed_with(w, payload);
}

// The packed form of the same entries, as pack_status_payload makes it (prefix length by the rule).
std::string packed_snapshot(const test::World& w, std::size_t n, std::size_t& packed_bytes) {
  PackedStatusEntries list;
  list.bits = status_prefix_bits(n, false);
  for (std::size_t i = 0; i < n; ++i)
    list.entries.push_back(
        {status_hash_prefix(subject_hash("s-" + std::to_string(i)), list.bits), i, static_cast<ListedStatus>(i % 5)});
  std::sort(list.entries.begin(), list.entries.end(), [](auto& a, auto& b) { return a.key < b.key; });
  auto bytes = pack_status_entries(list);
  packed_bytes = bytes.size();
  return signed_with(w, payload_head(w) + "\"" + base64url_encode(bytes) + "\"}");
}

struct Measured {
  double load_ms = 0, lookup_ns = 0, hit_rate = 0;
};

Measured measure(const test::World& w, const std::string& jws, std::size_t n) {
  auto v = w.verifier();
  auto start = SteadyClock::now();
  if (!v.update_status_list(jws).ok()) std::fprintf(stderr, "status list refused\n"), std::exit(1);
  Measured m;
  m.load_ms = since(start) * 1000;
  std::vector<SubjectHash> probes;
  std::mt19937 rng(42);
  for (int i = 0; i < 100000; ++i) probes.push_back(subject_hash("s-" + std::to_string(rng() % (2 * n))));  // half miss
  std::size_t hits = 0;
  start = SteadyClock::now();
  for (int round = 0; round < 10; ++round)
    for (const auto& h : probes) hits += v.status_list()->find(h) != nullptr;
  m.lookup_ns = since(start) / (10.0 * probes.size()) * 1e9;
  m.hit_rate = hits / (10.0 * probes.size());
  return m;
}

}  // namespace

int main() {
  test::World w;
  const char* platform = bench::kPlatform;
  for (std::size_t n : {std::size_t{100000}, std::size_t{1000000}}) {
    std::size_t packed_bytes = 0;
    auto json_jws = json_snapshot(w, n);
    auto packed_jws = packed_snapshot(w, n, packed_bytes);
    // Alternate, best of three: the two forms see the same machine state.
    Measured json_m, packed_m;
    for (int round = 0; round < 3; ++round) {
      auto a = measure(w, json_jws, n);
      auto b = measure(w, packed_jws, n);
      if (round == 0 || a.load_ms < json_m.load_ms) json_m = a;
      if (round == 0 || b.load_ms < packed_m.load_ms) packed_m = b;
    }
    if (json_m.hit_rate != packed_m.hit_rate) std::fprintf(stderr, "the two forms disagree\n"), std::exit(1);
    nlohmann::json out = {{"platform", platform},
                          {"entries", n},
                          {"jws_bytes", json_jws.size()},
                          {"load_ms", json_m.load_ms},
                          {"lookup_ns", json_m.lookup_ns},
                          {"lookups_per_s", 1e9 / json_m.lookup_ns},
                          {"hit_rate", json_m.hit_rate},
                          {"packed_jws_bytes", packed_jws.size()},
                          {"packed_bytes", packed_bytes},
                          {"packed_prefix_bits", status_prefix_bits(n, false)},
                          {"packed_load_ms", packed_m.load_ms},
                          {"packed_lookup_ns", packed_m.lookup_ns}};
    std::printf("%s\n", out.dump().c_str());
  }
  return 0;
}
