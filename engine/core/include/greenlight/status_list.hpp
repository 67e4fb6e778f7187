// Status lists: signed, offline status updates and revocation for personal and proxy codes.
//
// JWS (typ gl-status-list) signed by a trust-list key whose use includes "status". Payload:
//   {"iss","iat","exp","seq","base"?,"entries":[{"h","s","q"}]}   or, packed, "entries":"<base64url>"
// h = base64url(first 16 bytes of SHA-256("gl-status:" + sub)) so subject ids never appear in clear;
// s = green|yellow|orange|red|revoked; q = the status sequence number at which it was set. A snapshot has
// no "base"; a delta has base = the seq it applies to.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
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

// What a look-up finds: the status and the sequence number it was set at.
struct StatusEntry {
  std::uint64_t q = 0;
  ListedStatus s = ListedStatus::green;
};

struct PackedStatusEntries;  // greenlight/status_packing.hpp

// A snapshot and the deltas applied on it. Entries are sorted layers of hash prefixes, one per prefix length
// (64 bits for the JSON form; docs/format.md for the packed form); a look-up searches the newest layer
// first. A delta merges into the newest layer when their prefixes have the same length (JSON on JSON, as
// before packing) and otherwise starts a layer of its own, so packed deltas never copy the snapshot's
// entries; copies of a list share its layers.
class StatusList {
 public:
  std::string iss;
  std::uint64_t iat = 0;
  std::uint64_t exp = 0;
  std::uint64_t seq = 0;

  const StatusEntry* find(const SubjectHash& h) const;
  std::size_t size() const { return size_; }  // subjects listed (one a delta replaced counts once)
  std::size_t layers() const { return layers_.size(); }

  // Replaces everything with a snapshot's entries (strictly increasing keys).
  void assign(PackedStatusEntries&& entries);
  // Applies a delta's entries (each replaces or adds its subject); false if the list already holds as many
  // layers as it may (deltas of alternating forms): fetch a snapshot.
  bool merge(PackedStatusEntries&& delta);

 private:
  struct Layer {
    unsigned bits = 64;
    std::vector<std::uint64_t> keys;  // sorted, unique
    std::vector<StatusEntry> values;
  };
  static std::shared_ptr<const Layer> make_layer(PackedStatusEntries&& packed);
  bool holds(std::uint64_t key, unsigned bits) const;  // a subject with this prefix is listed
  std::size_t size_ = 0;
  std::vector<std::shared_ptr<const Layer>> layers_;  // oldest (the snapshot) first
};

struct StatusListCheck {
  const TrustList* trust = nullptr;
  std::uint64_t now = 0;
  std::int64_t skew_seconds = 60;
  const StatusList* current = nullptr;  // the list in use, if any (deltas apply to it)
  std::size_t max_bytes = 256u << 20;   // a city-wide snapshot of millions of entries fits
};

// Verifies a status-list JWS and returns the list that results: the snapshot itself, or `current` with the
// delta applied. Its entries may be JSON or packed (greenlight/status_packing.hpp). Errors:
// status.list_invalid (signature, signer without "status" use, shape, duplicate subjects, malformed packing),
// status.list_expired, status.list_stale (seq not newer than the loaded one; a snapshot may repeat it), status.gap (a
// delta whose base is not the loaded seq: fetch a snapshot).
Result<StatusList> load_status_list(std::string_view jws, const StatusListCheck& check);

}  // namespace greenlight
