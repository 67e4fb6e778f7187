// A deterministic little world for tests: a root, one issuer key per use, a signed trust list and
// credentials of every type. Seeds are fixed so codes (and the shared case file) are reproducible.
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "greenlight/greenlight.hpp"

namespace greenlight::test {

constexpr std::uint64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

// The error code of a failed step, "" when it succeeded.
inline std::string code_of(const Result<void>& r) { return r ? "" : r.error().code; }

inline KeyPair seeded_key(std::uint8_t n) {
  Seed seed{};
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(n * 31 + i);
  return key_pair_from_seed(seed);
}

inline nlohmann::json key_entry(const KeyPair& key, const std::string& iss, nlohmann::json use,
                                std::uint64_t nbf = kNow - 86400 * 365, std::uint64_t exp = kNow + 86400 * 365) {
  return {{"kid", base64url_encode(kid_of(key.public_key))},
          {"x", base64url_encode(key.public_key)},
          {"iss", iss},
          {"use", std::move(use)},
          {"nbf", nbf},
          {"exp", exp}};
}

struct World {
  KeyPair root = seeded_key(1);
  KeyPair person_key = seeded_key(2);
  KeyPair proxy_key = seeded_key(3);
  KeyPair place_key = seeded_key(4);
  KeyPair retired_key = seeded_key(5);  // valid only in 2024
  KeyPair status_key = seeded_key(6);   // signs status lists
  KeyPair rules_key = seeded_key(7);    // signs rule sets
  KeyPair regions_key = seeded_key(8);  // signs region-risk lists
  KeyPair stranger = seeded_key(9);     // not in the trust list
  std::string iss = "gl:cn-310000";

  nlohmann::json trust_payload(std::uint64_t seq = 1, std::uint64_t exp = kNow + 86400 * 30) const {
    return {{"iss", "gl-root"},
            {"iat", kNow - 3600},
            {"exp", exp},
            {"seq", seq},
            {"keys",
             {key_entry(person_key, iss, {"person"}), key_entry(proxy_key, iss, {"proxy"}),
              key_entry(place_key, iss, {"place"}), key_entry(retired_key, iss, {"person"}, 1704067200, 1735689599),
              key_entry(status_key, iss, {"status"}), key_entry(rules_key, iss, {"rules"}),
              key_entry(regions_key, iss, {"regions"})}}};
  }
  std::string trust_list(std::uint64_t seq = 1, std::uint64_t exp = kNow + 86400 * 30) const {
    return Issuer(root, "gl-root").sign_document(kTrustListTyp, trust_payload(seq, exp));
  }
  VerifierOptions options() const {
    VerifierOptions o;
    o.roots = {root.public_key};
    o.clock = [] { return kNow; };
    return o;
  }
  Verifier verifier() const { return std::move(*Verifier::create(options(), trust_list())); }

  Credential person(HealthStatus status = HealthStatus::green) const {
    Credential c;
    c.type = CredentialType::person;
    c.sub = "p-7f3a9c";
    c.iat = kNow - 60;
    c.exp = kNow + 240;
    c.status = status;
    c.name = "张*";
    c.phone = "138****1234";
    c.seq = 4;
    return c;
  }
  Credential proxy() const {
    Credential c = person();
    c.type = CredentialType::proxy;
    c.sub = "x-51be02";
    c.exp = kNow + 86400 * 365;
    c.phone.reset();
    c.contact = "139****8888";
    c.name = "李*华";
    return c;
  }
  Credential place() const {
    Credential c;
    c.type = CredentialType::place;
    c.sub = "pl-0042";
    c.iat = kNow - 86400;
    c.exp = kNow + 86400 * 365;
    c.place = PlaceInfo{"静安寺商场", "mall", "310106", std::string("南京西路1618号")};
    return c;
  }
  std::string issue(const KeyPair& key, const Credential& c) const { return *Issuer(key, iss).issue(c); }

  // A status list: entries are {sub, status, q}; base makes it a delta.
  // packed: the entries packed (greenlight/status_packing.hpp), as the server serves them.
  std::string status_list(std::uint64_t seq,
                          const std::vector<std::tuple<std::string, std::string, std::uint64_t>>& entries,
                          std::optional<std::uint64_t> base = std::nullopt, std::uint64_t exp = kNow + 86400,
                          bool packed = false) const {
    nlohmann::json payload = {
        {"iss", iss}, {"iat", kNow - 600}, {"exp", exp}, {"seq", seq}, {"entries", nlohmann::json::array()}};
    if (base) payload["base"] = *base;
    for (const auto& [sub, s, q] : entries)
      payload["entries"].push_back({{"h", base64url_encode(subject_hash(sub))}, {"s", s}, {"q", q}});
    if (packed) payload = *pack_status_payload(payload);
    return Issuer(status_key, iss).sign_document(kStatusListTyp, payload);
  }
  std::string packed_status_list(std::uint64_t seq,
                                 const std::vector<std::tuple<std::string, std::string, std::uint64_t>>& entries,
                                 std::optional<std::uint64_t> base = std::nullopt) const {
    return status_list(seq, entries, base, kNow + 86400, true);
  }

  // A region-risk list: entries are {region, level, from, to (0: open)}.
  std::string region_risk(
      std::uint64_t seq, const std::vector<std::tuple<std::string, std::string, std::uint64_t, std::uint64_t>>& entries,
      std::uint64_t exp = kNow + 86400) const {
    nlohmann::json payload = {
        {"iss", iss}, {"iat", kNow - 1800}, {"exp", exp}, {"seq", seq}, {"regions", nlohmann::json::array()}};
    for (const auto& [r, level, from, to] : entries)
      payload["regions"].push_back(
          {{"r", r}, {"level", level}, {"from", from}, {"to", to ? nlohmann::json(to) : nlohmann::json(nullptr)}});
    return Issuer(regions_key, iss).sign_document(kRegionRiskTyp, payload);
  }

  // A rule set from a payload (defaults filled in), signed by the rules key.
  std::string rule_set(nlohmann::json rules, std::uint64_t seq = 1, std::uint64_t exp = kNow + 86400 * 30) const {
    nlohmann::json payload = {
        {"iss", iss}, {"iat", kNow - 3600}, {"exp", exp}, {"seq", seq}, {"rules", std::move(rules)}};
    return Issuer(rules_key, iss).sign_document(kRulesTyp, payload);
  }
};

}  // namespace greenlight::test
