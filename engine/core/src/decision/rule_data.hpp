// The JSON a rule sees, kept as one skeleton per thread whose leaves are overwritten for each decision:
// building a fresh tree per scan cost more than all the rules together.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "greenlight/credential.hpp"
#include "greenlight/decision.hpp"

namespace greenlight::detail {

class RuleData {
 public:
  RuleData();
  // Fills every field and returns the whole document (valid until the next fill on this thread).
  const nlohmann::json& fill(const Credential& credential, const std::optional<std::string>& status, std::uint64_t now,
                             const std::optional<PlaceContext>& place, const std::optional<double>& temperature,
                             const Freshness& freshness, const TravelView& travel);

 private:
  nlohmann::json root_;
  // Leaves of root_ (std::map nodes do not move, so these stay valid).
  nlohmann::json *type_, *cstatus_, *iss_, *sub_, *iat_, *exp_, *seq_, *name_, *phone_, *contact_, *cplace_;
  nlohmann::json *itinerary_, *declaration_, *travel_;
  nlohmann::json *status_, *now_, *now_iso_, *place_, *temperature_, *trust_age_, *rules_age_, *status_age_,
      *regions_age_;
  std::uint64_t iso_for_ = UINT64_MAX;  // the epoch second now_iso_ holds
};

// RFC 3339 UTC ("2026-01-01T00:00:00Z") from epoch seconds.
std::string iso_utc(std::uint64_t epoch);

}  // namespace greenlight::detail
