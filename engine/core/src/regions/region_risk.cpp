// Region risk lists: verification, parsing, and matching an itinerary against them.
#include "greenlight/region_risk.hpp"

#include <algorithm>
#include <type_traits>

#include "greenlight/jws.hpp"

namespace greenlight {
namespace {

constexpr std::string_view kRegionsInvalid = "regions.list_invalid";
constexpr std::size_t kMaxRegionEntries = 100000;

Error regions_invalid(std::string message) { return make_error(std::string(kRegionsInvalid), std::move(message)); }

Result<RegionRisk> parse_region_entry(const nlohmann::json& entry, std::size_t index) {
  std::string where = "regions[" + std::to_string(index) + "]";
  if (!entry.is_object()) return regions_invalid(where + " must be an object");
  RegionRisk out;
  auto r = json_text(entry, "r");
  if (!r || !is_region_code(*r)) return regions_invalid(where + ".r must be a 6-digit administrative division code");
  out.region = std::move(*r);
  auto level = json_text(entry, "level");
  auto parsed = level ? risk_level_from(*level) : std::nullopt;
  if (!parsed) return regions_invalid(where + ".level must be high or medium");
  out.level = *parsed;
  auto from = json_uint(entry, "from");
  if (!from) return regions_invalid(where + ".from must be epoch seconds");
  out.from = *from;
  if (auto to = entry.find("to"); to != entry.end() && !to->is_null()) {
    auto value = json_uint(entry, "to");
    if (!value) return regions_invalid(where + ".to must be epoch seconds or null");
    if (*value <= out.from) return regions_invalid(where + " ends before it starts");
    out.to = *value;
  }
  return out;
}

// The regions that contain `region`, itself first: the district, its city (xxxx00), its province (xx0000).
int containing_regions(const std::string& region, std::string (&out)[3]) {
  int n = 0;
  out[n++] = region;
  std::string city = region.substr(0, 4) + "00";
  if (city != region) out[n++] = city;
  std::string province = region.substr(0, 2) + "0000";
  if (province != region && province != city) out[n++] = province;
  return n;
}

}  // namespace

std::string_view to_string(RiskLevel level) { return level == RiskLevel::high ? "high" : "medium"; }

std::optional<RiskLevel> risk_level_from(std::string_view text) {
  if (text == "high") return RiskLevel::high;
  if (text == "medium") return RiskLevel::medium;
  return std::nullopt;
}

void RegionRiskList::assign(std::vector<RegionRisk> entries) {
  entries_ = std::move(entries);
  by_region_.resize(entries_.size());
  for (std::size_t i = 0; i < by_region_.size(); ++i) by_region_[i] = i;
  std::stable_sort(by_region_.begin(), by_region_.end(),
                   [&](std::size_t a, std::size_t b) { return entries_[a].region < entries_[b].region; });
}

std::vector<TravelMatch> RegionRiskList::match(const std::vector<RegionVisit>& itinerary, std::uint64_t now) const {
  std::vector<TravelMatch> out;
  if (entries_.empty()) return out;
  auto today = static_cast<std::uint32_t>(std::min<std::uint64_t>(now / 86400, UINT32_MAX));
  std::uint32_t first_day = today >= kItineraryDays - 1 ? today - (kItineraryDays - 1) : 0;
  for (const auto& visit : itinerary) {
    if (visit.day < first_day || visit.day > today) continue;
    std::uint64_t day_start = std::uint64_t{visit.day} * 86400, day_end = day_start + 86400;
    std::optional<RiskLevel> best;
    std::string containing[3];
    int n = containing_regions(visit.region, containing);
    for (int k = 0; k < n; ++k) {
      auto range =
          std::equal_range(by_region_.begin(), by_region_.end(), containing[k], [&](const auto& a, const auto& b) {
            if constexpr (std::is_same_v<std::decay_t<decltype(a)>, std::string>) return a < entries_[b].region;
            else return entries_[a].region < b;
          });
      for (auto it = range.first; it != range.second; ++it) {
        const auto& entry = entries_[*it];
        bool overlaps = day_end > entry.from && (!entry.to || day_start < *entry.to);
        if (overlaps && (!best || entry.level > *best)) best = entry.level;
      }
    }
    if (best) out.push_back(TravelMatch{visit.region, *best, visit.day});
  }
  return out;
}

TravelView travel_view(const Credential& credential, const RegionRiskList* list, std::uint64_t now) {
  TravelView view;
  if (!credential.itinerary) return view;
  view.regions.reserve(credential.itinerary->size());
  for (const auto& visit : *credential.itinerary) view.regions.push_back(visit.region);
  if (!list) return view;
  view.matched = list->match(*credential.itinerary, now);
  for (const auto& m : view.matched)
    if (!view.risk || m.level > *view.risk) view.risk = m.level;
  return view;
}

Result<RegionRiskList> load_region_risk_list(std::string_view jws_text, const RegionRiskCheck& check) {
  std::optional<std::string> signer_iss;
  auto lookup = [&](const Kid& kid) -> std::optional<PublicKey> {
    std::optional<PublicKey> found;
    if (check.trust)
      check.trust->for_each_key(kid, [&](const TrustedKey& k) {
        if (!k.may_sign("regions")) return false;
        signer_iss = k.iss;
        found = k.key;
        return true;
      });
    return found;
  };
  auto doc = jws::verify(jws_text, kRegionRiskTyp, lookup, kRegionsInvalid, 16u << 20);
  if (!doc) return doc.error();
  auto payload = parse_json(doc->payload, JsonLimits{16u << 20, 16}, kRegionsInvalid);
  if (!payload) return payload.error();
  if (!payload->is_object()) return regions_invalid("region-risk payload must be a JSON object");

  RegionRiskList list;
  auto iss = json_text(*payload, "iss");
  auto iat = json_uint(*payload, "iat");
  auto exp = json_uint(*payload, "exp");
  auto seq = json_uint(*payload, "seq");
  if (!iss || !iat || !exp || !seq)
    return regions_invalid("a region-risk list needs iss (text) and iat, exp, seq (unsigned integers)");
  if (signer_iss && *iss != *signer_iss)
    return regions_invalid("region-risk list iss \"" + *iss + "\" is not its key's issuer");
  list.iss = std::move(*iss);
  list.iat = *iat;
  list.exp = *exp;
  list.seq = *seq;
  auto regions = payload->find("regions");
  if (regions == payload->end() || !regions->is_array())
    return regions_invalid("a region-risk list needs a regions array");
  if (regions->size() > kMaxRegionEntries)
    return regions_invalid("a region-risk list holds at most " + std::to_string(kMaxRegionEntries) + " entries");
  std::vector<RegionRisk> entries;
  entries.reserve(regions->size());
  for (std::size_t i = 0; i < regions->size(); ++i) {
    auto entry = parse_region_entry((*regions)[i], i);
    if (!entry) return entry.error();
    entries.push_back(std::move(*entry));
  }
  list.assign(std::move(entries));

  auto skew = static_cast<std::uint64_t>(std::max<std::int64_t>(0, check.skew_seconds));
  if (check.now > skew && list.exp < check.now - skew)
    return make_error("regions.list_expired", "region-risk list expired at " + std::to_string(list.exp));
  if (check.loaded_seq && list.seq < *check.loaded_seq)
    return make_error("regions.list_stale", "region-risk list seq " + std::to_string(list.seq) +
                                                " is older than the loaded " + std::to_string(*check.loaded_seq));
  return list;
}

}  // namespace greenlight
