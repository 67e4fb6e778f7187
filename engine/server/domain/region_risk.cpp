// Region-risk entries as published, and the itinerary built from dated regions (greenlight/server/region_risk.hpp).
#include "greenlight/server/region_risk.hpp"

namespace greenlight {
namespace {

// Year 9999: anything later is no time anyone means.
constexpr std::uint64_t kLatestRiskTime = 253402300799;

Error region_entry_invalid(const std::string& message) { return make_error("regions.invalid", message); }

std::optional<std::uint64_t> risk_epoch_seconds(const nlohmann::json& v) {
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0)) return std::nullopt;
  auto value = v.get<std::uint64_t>();
  if (value > kLatestRiskTime) return std::nullopt;
  return value;
}

}  // namespace

Result<std::vector<RegionRisk>> read_region_risk_entries(const nlohmann::json& regions) {
  if (!regions.is_array())
    return region_entry_invalid("regions: an array of {r, level, from, to} (empty lifts every risk area)");
  if (regions.size() > kMaxPublishedRegions)
    return region_entry_invalid("regions: at most " + std::to_string(kMaxPublishedRegions) + " entries");
  std::vector<RegionRisk> out;
  out.reserve(regions.size());
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const auto& entry = regions[i];
    auto where = "regions[" + std::to_string(i) + "]";
    if (!entry.is_object()) return region_entry_invalid(where + ": an object {r, level, from, to}");
    for (const auto& [key, _] : entry.items())
      if (key != "r" && key != "level" && key != "from" && key != "to")
        return region_entry_invalid(where + "." + key + ": unknown");
    RegionRisk risk;
    auto r = entry.find("r");
    if (r == entry.end() || !r->is_string() || !is_region_code(r->get<std::string>()))
      return region_entry_invalid(where + ".r: a 6-digit administrative division code");
    risk.region = r->get<std::string>();
    auto level = entry.find("level");
    auto parsed =
        level != entry.end() && level->is_string() ? risk_level_from(level->get<std::string>()) : std::nullopt;
    if (!parsed) return region_entry_invalid(where + ".level: high or medium");
    risk.level = *parsed;
    auto from = entry.find("from");
    auto from_value = from == entry.end() ? std::nullopt : risk_epoch_seconds(*from);
    if (!from_value) return region_entry_invalid(where + ".from: epoch seconds");
    risk.from = *from_value;
    if (auto to = entry.find("to"); to != entry.end() && !to->is_null()) {
      auto to_value = risk_epoch_seconds(*to);
      if (!to_value) return region_entry_invalid(where + ".to: epoch seconds, or null while the risk lasts");
      if (*to_value <= risk.from) return region_entry_invalid(where + ".to: after from");
      risk.to = *to_value;
    }
    out.push_back(std::move(risk));
  }
  return out;
}

nlohmann::json region_risk_entries_json(const std::vector<RegionRisk>& entries) {
  auto out = nlohmann::json::array();
  for (const auto& e : entries)
    out.push_back({{"r", e.region},
                   {"level", to_string(e.level)},
                   {"from", e.from},
                   {"to", e.to ? nlohmann::json(*e.to) : nlohmann::json(nullptr)}});
  return out;
}

std::vector<RegionVisit> build_itinerary(const std::vector<RegionAt>& visits, std::uint64_t now) {
  auto today = static_cast<std::int64_t>(now / 86400);
  auto first_day = today - static_cast<std::int64_t>(kItineraryDays - 1);
  std::vector<RegionVisit> days;
  for (const auto& v : visits) {
    if (v.at < 0) continue;
    auto day = v.at / 86400;
    if (day < first_day || day > today || !is_region_code(v.region)) continue;
    days.push_back(RegionVisit{v.region, static_cast<std::uint32_t>(day)});
  }
  return normalize_itinerary(std::move(days));
}

}  // namespace greenlight
