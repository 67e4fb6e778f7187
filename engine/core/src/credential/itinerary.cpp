// The itinerary claim ("tr") built from raw visits: the issuer's side of what decode_claims checks.
#include <algorithm>

#include "greenlight/credential.hpp"

namespace greenlight {

std::vector<RegionVisit> normalize_itinerary(std::vector<RegionVisit> visits) {
  // Newest first; among equal days keep the order given (the caller's order is the tie-break).
  std::stable_sort(visits.begin(), visits.end(),
                   [](const RegionVisit& a, const RegionVisit& b) { return a.day > b.day; });
  std::vector<RegionVisit> out;
  out.reserve(std::min(visits.size(), kMaxItinerary));
  for (auto& visit : visits) {
    if (out.size() == kMaxItinerary) break;
    bool seen = std::any_of(out.begin(), out.end(), [&](const RegionVisit& v) { return v.region == visit.region; });
    if (!seen) out.push_back(std::move(visit));  // the first seen is the latest day there
  }
  return out;
}

}  // namespace greenlight
