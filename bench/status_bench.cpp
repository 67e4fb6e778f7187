// Status lists: load (signature check + parse + sort) and look-up for 100 000 and 1 000 000 entries.
// Prints one JSON object per size. Built natively and for node.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

#include "fixture.hpp"
#include "rate.hpp"

using namespace greenlight;
using SteadyClock = std::chrono::steady_clock;

namespace {

double since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// A snapshot JWS of n entries, built as text (a JSON tree of a million entries would dominate the run).
std::string snapshot(const test::World& w, std::size_t n) {
  std::string payload = "{\"iss\":\"" + w.iss + "\",\"iat\":" + std::to_string(test::kNow - 60) +
                        ",\"exp\":" + std::to_string(test::kNow + 86400) + ",\"seq\":1,\"entries\":[";
  payload.reserve(n * 60 + 200);
  static const char* kStatuses[] = {"green", "yellow", "orange", "red", "revoked"};
  for (std::size_t i = 0; i < n; ++i) {
    if (i) payload += ',';
    payload += "{\"h\":\"" + base64url_encode(subject_hash("s-" + std::to_string(i))) + "\",\"s\":\"" +
               kStatuses[i % 5] + "\",\"q\":" + std::to_string(i) + "}";
  }
  payload += "]}";
  nlohmann::json header = {
      {"alg", "EdDSA"}, {"kid", base64url_encode(kid_of(w.status_key.public_key))}, {"typ", "gl-status-list"}};
  std::string signing_input = base64url_encode(as_bytes(header.dump())) + "." + base64url_encode(as_bytes(payload));
  return signing_input + "." + base64url_encode(sign(w.status_key, as_bytes(signing_input)));
}

}  // namespace

int main() {
  test::World w;
  const char* platform = bench::kPlatform;
  for (std::size_t n : {std::size_t{100000}, std::size_t{1000000}}) {
    auto jws = snapshot(w, n);
    auto v = w.verifier();
    auto start = SteadyClock::now();
    if (!v.update_status_list(jws).ok()) return std::fprintf(stderr, "status list refused\n"), 1;
    double load = since(start);

    std::vector<SubjectHash> probes;
    std::mt19937 rng(42);
    for (int i = 0; i < 100000; ++i)
      probes.push_back(subject_hash("s-" + std::to_string(rng() % (2 * n))));  // half miss
    std::size_t hits = 0;
    start = SteadyClock::now();
    for (int round = 0; round < 10; ++round)
      for (const auto& h : probes) hits += v.status_list()->find(h) != nullptr;
    double lookup = since(start) / (10.0 * probes.size());
    nlohmann::json out = {{"platform", platform},
                          {"entries", n},
                          {"jws_bytes", jws.size()},
                          {"load_ms", load * 1000},
                          {"lookup_ns", lookup * 1e9},
                          {"lookups_per_s", 1 / lookup},
                          {"hit_rate", hits / (10.0 * probes.size())}};
    std::printf("%s\n", out.dump().c_str());
  }
  return 0;
}
