// Region-risk lists as authorities publish them, and the itinerary a person's codes carry (docs/api.md
// "Region risk"). Plain values in and out: the service stores, signs and serves what these produce.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "greenlight/credential.hpp"
#include "greenlight/error.hpp"
#include "greenlight/region_risk.hpp"

namespace greenlight {

// The most entries one published list may hold.
constexpr std::size_t kMaxPublishedRegions = 10000;

// Reads a published list's entries ([{"r","level","from","to"}]; an empty array lifts every risk area).
// Errors: regions.invalid, naming the entry (not an array, over kMaxPublishedRegions entries, an entry that
// is not an object or has another field, r not a 6-digit region code, level not high or medium, from not
// epoch seconds, to neither absent, null nor epoch seconds after from).
Result<std::vector<RegionRisk>> read_region_risk_entries(const nlohmann::json& regions);
// The entries as stored and served: [{"r","level","from","to"}], to null when open-ended.
nlohmann::json region_risk_entries_json(const std::vector<RegionRisk>& entries);

// Where a person was (a region) and when (epoch seconds).
struct RegionAt {
  std::string region;
  std::int64_t at = 0;
};
// The itinerary claim ("tr") at `now`: each region at its UTC day, only the days of the last 14 (today and the
// 13 before), through normalize_itinerary (one visit per region, its latest day, newest first, the 20 newest).
std::vector<RegionVisit> build_itinerary(const std::vector<RegionAt>& visits, std::uint64_t now);

}  // namespace greenlight
