// Names of credential types, statuses and place categories as they appear in codes and JSON.
#include <algorithm>
#include <array>

#include "greenlight/credential.hpp"

namespace greenlight {
namespace {

// From the seed systems' venue notices; "other" catches the rest.
constexpr std::array<std::string_view, 25> kCategories = {
    "mall",     "market",  "supermarket", "shop",         "restaurant", "hotel",   "school",
    "training", "bank",    "hospital",    "elderly-care", "transport",  "station", "vehicle",
    "office",   "factory", "residential", "government",   "religious",  "tourism", "entertainment",
    "sports",   "bath",    "beauty",      "other"};

}  // namespace

std::string_view to_string(CredentialType type) {
  switch (type) {
    case CredentialType::person:
      return "person";
    case CredentialType::proxy:
      return "proxy";
    case CredentialType::place:
      return "place";
  }
  return "person";
}

std::string_view to_string(HealthStatus status) {
  switch (status) {
    case HealthStatus::green:
      return "green";
    case HealthStatus::yellow:
      return "yellow";
    case HealthStatus::orange:
      return "orange";
    case HealthStatus::red:
      return "red";
  }
  return "red";
}

std::optional<CredentialType> credential_type_from(std::string_view text) {
  if (text == "person") return CredentialType::person;
  if (text == "proxy") return CredentialType::proxy;
  if (text == "place") return CredentialType::place;
  return std::nullopt;
}

std::optional<HealthStatus> health_status_from(std::string_view text) {
  if (text == "green") return HealthStatus::green;
  if (text == "yellow") return HealthStatus::yellow;
  if (text == "orange") return HealthStatus::orange;
  if (text == "red") return HealthStatus::red;
  return std::nullopt;
}

std::span<const std::string_view> place_categories() { return kCategories; }

bool is_place_category(std::string_view category) {
  return std::find(kCategories.begin(), kCategories.end(), category) != kCategories.end();
}

bool is_region_code(std::string_view region) {
  return region.size() == 6 && std::all_of(region.begin(), region.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace greenlight
