// Packed status entries: the compact form of a status list's "entries" (docs/format.md "Packed status
// entries"). Entries are sorted prefixes of the subject hashes, Golomb-Rice coded gaps, then a status index
// and a sequence-number offset of fixed widths; a whole list of a million entries is a few megabytes.
//
// A status-list payload takes either form:
//   JSON   {"iss","iat","exp","seq","base"?,"entries":[{"h","s","q"}]}     (h = 16 bytes, base64url)
//   packed {"iss","iat","exp","seq","base"?,"entries":"<base64url of the packed bytes>"}
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "greenlight/bytes.hpp"
#include "greenlight/error.hpp"
#include "greenlight/status_list.hpp"

namespace greenlight {

// One packed entry: `key` is the first `bits` bits of the subject hash as an integer (right-aligned).
struct PackedStatusEntry {
  std::uint64_t key = 0;
  std::uint64_t q = 0;
  ListedStatus s = ListedStatus::green;
};

struct PackedStatusEntries {
  unsigned bits = 64;                      // hash prefix length, 32..64
  std::vector<PackedStatusEntry> entries;  // strictly increasing keys
};

// The prefix length a list of `count` entries is packed with: a look-up of a subject that is not listed
// matches some entry with probability at most count / 2^bits. Snapshots take ceil(log2 count) + 31 bits
// (<= 2^-31 = 4.7e-10 whatever their size: 58 bits at 100 million entries), deltas a fixed 58 (all the
// deltas applied to one snapshot stay below 2^-31 until they add up to 2^27 entries), so a checkpoint's
// look-up is a false match with probability below 1e-9. docs/format.md shows the arithmetic.
unsigned status_prefix_bits(std::size_t count, bool delta);

// The first `bits` bits of h.
std::uint64_t status_hash_prefix(const SubjectHash& h, unsigned bits);

// Packs sorted, unique entries. Precondition: keys strictly increasing and below 2^bits.
Bytes pack_status_entries(const PackedStatusEntries& list);

// Reads packed entries; anything but a well-formed, canonical encoding is status.list_invalid. At most
// max_entries entries are accepted (the bytes themselves bound it too).
Result<PackedStatusEntries> unpack_status_entries(ByteView packed, std::size_t max_entries = SIZE_MAX);

// The documented JSON payload (entries as [{h, s, q}], h the 16-byte hash in base64url) turned into the
// packed payload that is signed and served. Errors: status.list_invalid (shape, duplicate subjects).
Result<nlohmann::json> pack_status_payload(const nlohmann::json& payload);

// A status-list JWS read back as JSON without checking its signature (greenlight status-list inspect):
// {"header":{...},"payload":{... "entries":[{"h","s","q"}]}, "encoding":"packed"|"json", "prefixBits":n}.
// Packed entries show h as the prefix bytes (ceil(bits/8) bytes, unused low bits zero) in base64url.
Result<nlohmann::json> inspect_status_list(std::string_view jws);

}  // namespace greenlight
