// Region risk lists: verification, parsing, and matching an itinerary against them.
#include "greenlight/region_risk.hpp"

#include <algorithm>

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

// A 6-digit region code as a number (is_region_code has checked it).
std::uint32_t region_number(std::string_view region) {
  std::uint32_t n = 0;
  for (char c : region) n = n * 10 + static_cast<std::uint32_t>(c - '0');
  return n;
}

// The regions that contain `region`, itself first: the district, its city (xxxx00), its province (xx0000).
int containing_regions(std::uint32_t region, std::uint32_t (&out)[3]) {
  int n = 0;
  out[n++] = region;
  if (region % 100 != 0) out[n++] = region / 100 * 100;
  if (region % 10000 != 0) out[n++] = region / 10000 * 10000;
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
  // Region in the high 32 bits, the entry's index in the low: sorted, equal regions keep the document's order.
  by_region_.resize(entries_.size());
  for (std::size_t i = 0; i < entries_.size(); ++i)
    by_region_[i] = std::uint64_t{region_number(entries_[i].region)} << 32 | i;
  std::sort(by_region_.begin(), by_region_.end());
}

std::vector<TravelMatch> RegionRiskList::match(const std::vector<RegionVisit>& itinerary, std::uint64_t now) const {
  std::vector<TravelMatch> out;
  if (entries_.empty()) return out;
  auto today = static_cast<std::uint32_t>(std::min<std::uint64_t>(now / 86400, UINT32_MAX));
  std::uint32_t first_day = today >= kItineraryDays - 1 ? today - (kItineraryDays - 1) : 0;
  for (const auto& visit : itinerary) {
    if (visit.day < first_day || visit.day > today || !is_region_code(visit.region)) continue;
    std::uint64_t day_start = std::uint64_t{visit.day} * 86400, day_end = day_start + 86400;
    std::optional<RiskLevel> best;
    std::uint32_t containing[3];
    int n = containing_regions(region_number(visit.region), containing);
    for (int k = 0; k < n; ++k) {
      std::uint64_t first = std::uint64_t{containing[k]} << 32;
      for (auto it = std::lower_bound(by_region_.begin(), by_region_.end(), first);
           it != by_region_.end() && (*it >> 32) == containing[k]; ++it) {
        const auto& entry = entries_[static_cast<std::size_t>(*it & 0xffffffffu)];
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
