// The data a rule sees (decision.hpp), filled in place.
#include "rule_data.hpp"

#include <cstdio>

namespace greenlight::detail {
namespace {

template <typename T>
void set_optional(nlohmann::json& slot, const std::optional<T>& value) {
  if (value) slot = *value;
  else slot = nullptr;
}

}  // namespace

std::string iso_utc(std::uint64_t epoch) {
  std::int64_t days = static_cast<std::int64_t>(epoch / 86400);
  unsigned secs = static_cast<unsigned>(epoch % 86400);
  // Howard Hinnant's civil_from_days: no time-zone state, same result natively and in wasm.
  days += 719468;
  std::int64_t era = days / 146097;
  unsigned doe = static_cast<unsigned>(days - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned day = doy - (153 * mp + 2) / 5 + 1;
  unsigned month = mp < 10 ? mp + 3 : mp - 9;
  if (month <= 2) ++year;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02u:%02u:%02uZ", static_cast<long long>(year), month, day,
                secs / 3600, secs / 60 % 60, secs % 60);
  return buffer;
}

RuleData::RuleData() {
  root_ = {
      {"credential",
       {{"type", nullptr},
        {"status", nullptr},
        {"iss", nullptr},
        {"sub", nullptr},
        {"iat", nullptr},
        {"exp", nullptr},
        {"seq", nullptr},
        {"name", nullptr},
        {"phone", nullptr},
        {"contact", nullptr},
        {"itinerary", nullptr},
        {"declaration", nullptr},
        {"place", nullptr}}},
      {"status", nullptr},
      {"now", nullptr},
      {"nowISO", nullptr},
      {"place", nullptr},
      {"temperature", nullptr},
      {"travel", nullptr},
      {"freshness",
       {{"trustListAge", nullptr}, {"rulesAge", nullptr}, {"statusListAge", nullptr}, {"regionRiskAge", nullptr}}}};
  auto& c = root_["credential"];
  type_ = &c["type"], cstatus_ = &c["status"], iss_ = &c["iss"], sub_ = &c["sub"], iat_ = &c["iat"], exp_ = &c["exp"];
  seq_ = &c["seq"], name_ = &c["name"], phone_ = &c["phone"], contact_ = &c["contact"], cplace_ = &c["place"];
  itinerary_ = &c["itinerary"], declaration_ = &c["declaration"], travel_ = &root_["travel"];
  status_ = &root_["status"], now_ = &root_["now"], now_iso_ = &root_["nowISO"], place_ = &root_["place"];
  temperature_ = &root_["temperature"];
  auto& f = root_["freshness"];
  trust_age_ = &f["trustListAge"], rules_age_ = &f["rulesAge"], status_age_ = &f["statusListAge"];
  regions_age_ = &f["regionRiskAge"];
}

const nlohmann::json& RuleData::fill(const Credential& c, const std::optional<std::string>& status, std::uint64_t now,
                                     const std::optional<PlaceContext>& place, const std::optional<double>& temperature,
                                     const Freshness& freshness, const TravelView& travel) {
  *type_ = to_string(c.type);
  if (c.status) *cstatus_ = to_string(*c.status);
  else *cstatus_ = nullptr;
  *iss_ = c.iss;
  *sub_ = c.sub;
  *iat_ = c.iat;
  *exp_ = c.exp;
  set_optional(*seq_, c.seq);
  set_optional(*name_, c.name);
  set_optional(*phone_, c.phone);
  set_optional(*contact_, c.contact);
  if (c.place) {
    *cplace_ = {
        {"name", c.place->name}, {"category", c.place->category}, {"region", c.place->region}, {"address", nullptr}};
    set_optional((*cplace_)["address"], c.place->address);
  } else {
    *cplace_ = nullptr;
  }
  if (c.itinerary) {
    *itinerary_ = nlohmann::json::array();
    for (const auto& visit : *c.itinerary) itinerary_->push_back({{"region", visit.region}, {"day", visit.day}});
  } else {
    *itinerary_ = nullptr;
  }
  if (c.declaration) {
    const auto& d = *c.declaration;
    *declaration_ = {
        {"declaredAt", d.declared_at}, {"symptoms", d.symptoms}, {"fever", d.fever}, {"contact", d.contact}};
  } else {
    *declaration_ = nullptr;
  }
  if (!travel_->is_object())
    *travel_ = {{"regions", nlohmann::json::array()}, {"risk", nullptr}, {"matched", nlohmann::json::array()}};
  auto& regions = (*travel_)["regions"];
  regions.clear();
  for (const auto& r : travel.regions) regions.push_back(r);
  if (travel.risk) (*travel_)["risk"] = std::string(to_string(*travel.risk));
  else (*travel_)["risk"] = nullptr;
  auto& matched = (*travel_)["matched"];
  matched.clear();
  for (const auto& m : travel.matched)
    matched.push_back({{"region", m.region}, {"level", std::string(to_string(m.level))}, {"day", m.day}});
  set_optional(*status_, status);
  *now_ = now;
  if (iso_for_ != now) {
    *now_iso_ = iso_utc(now);
    iso_for_ = now;
  }
  if (place) {
    if (!place_->is_object()) *place_ = {{"id", nullptr}, {"category", nullptr}, {"region", nullptr}};
    (*place_)["id"] = place->id;
    (*place_)["category"] = place->category;
    (*place_)["region"] = place->region;
  } else {
    *place_ = nullptr;
  }
  set_optional(*temperature_, temperature);
  set_optional(*trust_age_, freshness.trust_list_age);
  set_optional(*rules_age_, freshness.rules_age);
  set_optional(*status_age_, freshness.status_list_age);
  set_optional(*regions_age_, freshness.region_risk_age);
  return root_;
}

}  // namespace greenlight::detail
