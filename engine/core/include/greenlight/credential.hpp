// What a GL1 code says once verified: the credential view shown to staff and fed to rules.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "greenlight/bytes.hpp"
#include "greenlight/error.hpp"

namespace greenlight {

enum class CredentialType { person, proxy, place };
enum class HealthStatus { green, yellow, orange, red };

std::string_view to_string(CredentialType type);
std::string_view to_string(HealthStatus status);
std::optional<CredentialType> credential_type_from(std::string_view text);
std::optional<HealthStatus> health_status_from(std::string_view text);

// The place categories of the GL1 format (docs/format.md).
std::span<const std::string_view> place_categories();
bool is_place_category(std::string_view category);
// A 6-digit administrative division code.
bool is_region_code(std::string_view region);

struct PlaceInfo {
  std::string name;
  std::string category;
  std::string region;
  std::optional<std::string> address;
};

// One region of the holder's itinerary (claim "tr"): where, and the UTC epoch day of the last visit there.
struct RegionVisit {
  std::string region;  // 6-digit administrative division code
  std::uint32_t day = 0;
};
constexpr std::size_t kMaxItinerary = 20;
constexpr std::uint32_t kItineraryDays = 14;  // an itinerary covers today and the 13 days before

// The latest health declaration's summary (claim "dc"): nothing more personal than four facts.
struct DeclarationSummary {
  std::uint64_t declared_at = 0;  // epoch seconds
  bool symptoms = false;
  bool fever = false;
  bool contact = false;  // contact with a case
};

struct Credential {
  CredentialType type = CredentialType::person;
  std::string iss;        // issuer id
  std::string sub;        // pseudonymous subject id (a place id for place codes)
  std::uint64_t iat = 0;  // issued at, epoch seconds
  std::uint64_t exp = 0;  // expires at, epoch seconds
  // person and proxy
  std::optional<HealthStatus> status;
  std::optional<std::string> name;     // masked, e.g. 张*
  std::optional<std::string> phone;    // masked, e.g. 138****1234
  std::optional<std::uint64_t> seq;    // status sequence number q at issuance
  std::optional<std::string> contact;  // proxy only: masked emergency-contact phone
  // Absent when the code carries none (no itinerary known); newest first, regions unique, at most 20.
  std::optional<std::vector<RegionVisit>> itinerary;
  std::optional<DeclarationSummary> declaration;
  // place
  std::optional<PlaceInfo> place;
};

// CWT claims <-> Credential. Decoding errors are format.claims (missing or mistyped fields, unknown
// type, status or category) or format.cbor. Encoding checks the same rules and fails with format.claims.
Result<Credential> decode_claims(ByteView cbor_claims);
Result<Bytes> encode_claims(const Credential& credential);

// An itinerary as the claim holds it: one visit per region (its latest day), newest first, the 20 newest.
std::vector<RegionVisit> normalize_itinerary(std::vector<RegionVisit> visits);

// Checks a credential against the format's rules (what decode_claims enforces).
Result<void> check_credential(const Credential& credential);

}  // namespace greenlight
