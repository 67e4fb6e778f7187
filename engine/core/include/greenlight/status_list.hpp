// Status lists: signed, offline status updates and revocation for personal and proxy codes.
//
// JWS (typ gl-status-list) signed by a trust-list key whose use includes "status". Payload:
//   {"iss","iat","exp","seq","base"?,"entries":[{"h","s","q"}]}
// h = base64url(first 16 bytes of SHA-256("gl-status:" + sub)) so subject ids never appear in clear;
// s = green|yellow|orange|red|revoked; q = the status sequence number at which it was set. A snapshot has
// no "base"; a delta has base = the seq it applies to.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "greenlight/credential.hpp"
#include "greenlight/error.hpp"
#include "greenlight/trust_list.hpp"

namespace greenlight {

constexpr std::string_view kStatusListTyp = "gl-status-list";

using SubjectHash = std::array<std::uint8_t, 16>;
SubjectHash subject_hash(std::string_view sub);

enum class ListedStatus : std::uint8_t { green, yellow, orange, red, revoked };
std::string_view to_string(ListedStatus status);
std::optional<ListedStatus> listed_status_from(std::string_view text);

// Entries are kept packed and sorted by subject hash; look-ups are a binary search.
struct StatusEntry {
  SubjectHash h{};
  std::uint64_t q = 0;
  ListedStatus s = ListedStatus::green;
};

class StatusList {
 public:
  std::string iss;
  std::uint64_t iat = 0;
  std::uint64_t exp = 0;
  std::uint64_t seq = 0;

  const StatusEntry* find(const SubjectHash& h) const;
  std::size_t size() const { return entries_.size(); }

  // Builds a list from entries in any order; false if a subject appears twice.
  bool assign(std::vector<StatusEntry> entries);
  // Applies a delta's entries (each replaces or adds its subject); false if a subject appears twice in it.
  bool merge(std::vector<StatusEntry> delta);

 private:
  std::vector<StatusEntry> entries_;
};

struct StatusListCheck {
  const TrustList* trust = nullptr;
  std::uint64_t now = 0;
  std::int64_t skew_seconds = 60;
  const StatusList* current = nullptr;  // the list in use, if any (deltas apply to it)
  std::size_t max_bytes = 256u << 20;   // a city-wide snapshot of millions of entries fits
};

// Verifies a status-list JWS and returns the list that results: the snapshot itself, or `current` with the
// delta applied. Errors: status.list_invalid (signature, signer without "status" use, shape, duplicate
// subjects), status.list_expired, status.list_stale (seq not newer than the loaded one; a snapshot may repeat
// it), status.gap (a delta whose base is not the loaded seq: fetch a snapshot).
Result<StatusList> load_status_list(std::string_view jws, const StatusListCheck& check);

}  // namespace greenlight
