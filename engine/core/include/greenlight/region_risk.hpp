// Region risk lists: which administrative divisions an authority marked high or medium risk, and when.
//
// JWS (typ gl-region-risk) signed by a trust-list key whose use includes "regions". Payload:
//   {"iss","iat","exp","seq","regions":[{"r":"440902","level":"high"|"medium","from":<epoch>,"to":<epoch>|null}]}
// r ending in 00 covers its whole city, in 0000 its whole province. An itinerary visit (credential.hpp)
// matches an entry when its region equals or lies inside the entry's and its UTC day overlaps [from, to).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "greenlight/credential.hpp"
#include "greenlight/error.hpp"
#include "greenlight/trust_list.hpp"

namespace greenlight {

constexpr std::string_view kRegionRiskTyp = "gl-region-risk";

enum class RiskLevel : std::uint8_t { medium, high };
std::string_view to_string(RiskLevel level);
std::optional<RiskLevel> risk_level_from(std::string_view text);

struct RegionRisk {
  std::string region;
  RiskLevel level = RiskLevel::high;
  std::uint64_t from = 0;
  std::optional<std::uint64_t> to;  // exclusive; open-ended when absent
};

// A visit that matched, with the highest level among the entries it matched.
struct TravelMatch {
  std::string region;
  RiskLevel level = RiskLevel::high;
  std::uint32_t day = 0;
};

// What the rules see as "travel": the itinerary's regions, the highest matched level, the matches.
struct TravelView {
  std::vector<std::string> regions;
  std::optional<RiskLevel> risk;
  std::vector<TravelMatch> matched;
};

class RegionRiskList {
 public:
  std::string iss;
  std::uint64_t iat = 0;
  std::uint64_t exp = 0;
  std::uint64_t seq = 0;

  // Entries in the order the document gave them.
  const std::vector<RegionRisk>& entries() const { return entries_; }
  void assign(std::vector<RegionRisk> entries);

  // The visits of the last 14 days (kItineraryDays, counted back from now's UTC day) that match an entry,
  // in the itinerary's order (newest first).
  std::vector<TravelMatch> match(const std::vector<RegionVisit>& itinerary, std::uint64_t now) const;

 private:
  std::vector<RegionRisk> entries_;
  std::vector<std::uint64_t> by_region_;  // sorted (region as a number) << 32 | index into entries_
};

// The travel view of a credential against a list (which may be absent: no matches, risk null).
TravelView travel_view(const Credential& credential, const RegionRiskList* list, std::uint64_t now);

struct RegionRiskCheck {
  const TrustList* trust = nullptr;
  std::uint64_t now = 0;
  std::int64_t skew_seconds = 60;
  std::optional<std::uint64_t> loaded_seq;  // the seq of the list in use, if any
};

// Verifies and parses a region-risk JWS. Errors: regions.list_invalid (signature, signer without "regions"
// use, iss not the key's issuer, shape), regions.list_expired (exp before now - skew), regions.list_stale (seq
// lower than the loaded one; the same seq may be loaded again).
Result<RegionRiskList> load_region_risk_list(std::string_view jws, const RegionRiskCheck& check);

}  // namespace greenlight
