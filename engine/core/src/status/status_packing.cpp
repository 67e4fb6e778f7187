// Packed status entries (docs/format.md "Packed status entries"):
//   u8 version (1) | u8 prefix bits b (32..64) | u8 Rice parameter k (< b) | u8 statuses present (bit i =
//   ListedStatus i) | u8 q width w (0..64) | varint count | varint q_top | bit stream, most significant bit
//   first: per entry, the gap to the previous key (the first key itself; then key - previous - 1) as a Rice
//   code (gap >> k in unary as ones ended by a zero, then the low k bits), the status as an index into the
//   statuses present (just wide enough), and q_top - q in w bits | zero bits to the byte's end.
// Sorted keys make duplicates unrepresentable; every field is bounded before it is used, so a forged list
// costs at most one pass over its own bytes.
#include "greenlight/status_packing.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "greenlight/encoding.hpp"
#include "greenlight/json_limits.hpp"

namespace greenlight {
namespace {

constexpr std::uint8_t kPackedVersion = 1;
constexpr unsigned kMinPrefixBits = 32;
constexpr unsigned kDeltaPrefixBits = 58;
constexpr std::size_t kListedStatusCount = 5;

Error packing_invalid(std::string message) { return make_error("status.list_invalid", std::move(message)); }

unsigned width_of(std::uint64_t v) { return static_cast<unsigned>(std::bit_width(v)); }
std::uint64_t low_mask(unsigned bits) { return bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1; }
unsigned status_width(std::uint8_t present) {
  auto n = static_cast<unsigned>(std::popcount(present));
  return n <= 1 ? 0 : width_of(n - 1);
}

class BitWriter {
 public:
  Bytes out;
  void put(std::uint64_t value, unsigned width) {
    if (width > 32) {
      put(value >> 32, width - 32);
      width = 32;
      value &= 0xffffffffu;
    }
    acc_ = (acc_ << width) | (value & low_mask(width));
    pending_ += width;
    while (pending_ >= 8) {
      pending_ -= 8;
      out.push_back(static_cast<std::uint8_t>(acc_ >> pending_));
    }
    acc_ &= low_mask(pending_);
  }
  void unary(std::uint64_t ones) {
    for (; ones >= 32; ones -= 32) put(0xffffffffu, 32);
    put(low_mask(static_cast<unsigned>(ones)) << 1, static_cast<unsigned>(ones) + 1);
  }
  void varint(std::uint64_t v) {
    for (; v >= 0x80; v >>= 7) put((v & 0x7f) | 0x80, 8);
    put(v, 8);
  }
  Bytes finish() {
    if (pending_) put(0, 8 - pending_);
    return std::move(out);
  }

 private:
  std::uint64_t acc_ = 0;
  unsigned pending_ = 0;
};

class BitReader {
 public:
  explicit BitReader(ByteView data) : data_(data), total_(data.size() * 8) {}
  std::size_t remaining() const { return total_ - pos_; }
  bool byte_aligned() const { return pos_ % 8 == 0; }

  // The next up-to-56 bits, left-aligned; zeros past the end.
  std::uint64_t peek() const {
    std::size_t byte = pos_ / 8;
    std::uint64_t w = 0;
    if (byte + 8 <= data_.size()) {
      for (int i = 0; i < 8; ++i) w = (w << 8) | data_[byte + i];
    } else {
      for (std::size_t i = 0; i < 8; ++i) w = (w << 8) | (byte + i < data_.size() ? data_[byte + i] : 0);
    }
    return (w << (pos_ % 8)) & ~std::uint64_t{0xff};
  }
  bool get(unsigned width, std::uint64_t& value) {
    if (width > 56) {
      std::uint64_t high = 0, low = 0;
      if (!get(width - 32, high) || !get(32, low)) return false;
      value = (high << 32) | low;
      return true;
    }
    if (width > remaining()) return false;
    value = width ? peek() >> (64 - width) : 0;
    pos_ += width;
    return true;
  }
  // Ones up to the next zero, which is consumed; false past the end or above `limit`.
  bool unary(std::uint64_t limit, std::uint64_t& ones) {
    ones = 0;
    for (;;) {
      auto run = static_cast<unsigned>(std::countl_one(peek() | 0xff));
      if (run > 56) run = 56;
      if (run > remaining()) return false;
      ones += run;
      pos_ += run;
      if (ones > limit) return false;
      if (run < 56) {
        if (remaining() == 0) return false;
        ++pos_;  // the zero that ends the run
        return true;
      }
    }
  }
  bool varint(std::uint64_t& value) {
    value = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      std::uint64_t byte = 0;
      if (!get(8, byte)) return false;
      if (shift == 63 && byte > 1) return false;  // more than 64 bits
      if (shift && byte == 0) return false;       // not the shortest form
      value |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  }

 private:
  ByteView data_;
  std::size_t total_;
  std::size_t pos_ = 0;
};

// The Rice parameter that packs these gaps smallest, searched around log2 of the mean gap.
unsigned best_rice_parameter(const std::vector<std::uint64_t>& gaps, unsigned bits) {
  if (gaps.empty()) return 0;
  long double sum = 0;
  for (auto g : gaps) sum += static_cast<long double>(g);
  auto mean = static_cast<std::uint64_t>(sum / gaps.size());
  int guess = static_cast<int>(width_of(mean)) - 1;
  unsigned best = 0;
  long double best_size = -1;
  for (int k = std::max(0, guess - 3); k <= std::min<int>(static_cast<int>(bits) - 1, guess + 2); ++k) {
    long double size = 0;
    for (auto g : gaps) size += static_cast<long double>((g >> k) + 1 + k);
    if (best_size < 0 || size < best_size) best = static_cast<unsigned>(k), best_size = size;
  }
  return best;
}

std::uint64_t top64(const SubjectHash& h) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | h[i];
  return v;
}

}  // namespace

unsigned status_prefix_bits(std::size_t count, bool delta) {
  if (delta) return kDeltaPrefixBits;
  unsigned log2_count = count <= 1 ? 0 : width_of(static_cast<std::uint64_t>(count) - 1);  // ceil(log2 count)
  return std::clamp(log2_count + 31, kMinPrefixBits, 64u);
}

std::uint64_t status_hash_prefix(const SubjectHash& h, unsigned bits) {
  return bits >= 64 ? top64(h) : top64(h) >> (64 - bits);
}

Bytes pack_status_entries(const PackedStatusEntries& list) {
  const auto& entries = list.entries;
  std::vector<std::uint64_t> gaps;
  gaps.reserve(entries.size());
  std::uint64_t q_min = ~std::uint64_t{0}, q_top = 0;
  std::uint8_t present = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    gaps.push_back(i ? entries[i].key - entries[i - 1].key - 1 : entries[i].key);
    q_min = std::min(q_min, entries[i].q);
    q_top = std::max(q_top, entries[i].q);
    present |= static_cast<std::uint8_t>(1u << static_cast<unsigned>(entries[i].s));
  }
  unsigned k = best_rice_parameter(gaps, list.bits);
  unsigned q_width = entries.empty() ? 0 : width_of(q_top - q_min);
  unsigned s_width = status_width(present);
  std::uint8_t index_of[kListedStatusCount] = {};
  for (unsigned s = 0, n = 0; s < kListedStatusCount; ++s)
    if (present & (1u << s)) index_of[s] = static_cast<std::uint8_t>(n++);

  BitWriter w;
  w.out.reserve(16 + entries.size() * (2 + (k + s_width + q_width) / 8));
  w.put(kPackedVersion, 8);
  w.put(list.bits, 8);
  w.put(k, 8);
  w.put(present, 8);
  w.put(q_width, 8);
  w.varint(entries.size());
  w.varint(q_top);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    w.unary(gaps[i] >> k);
    w.put(gaps[i], k);
    w.put(index_of[static_cast<unsigned>(entries[i].s)], s_width);
    w.put(q_top - entries[i].q, q_width);
  }
  return w.finish();
}

Result<PackedStatusEntries> unpack_status_entries(ByteView packed, std::size_t max_entries) {
  BitReader r(packed);
  std::uint64_t version = 0, bits = 0, k = 0, present = 0, q_width = 0, count = 0, q_top = 0;
  if (!r.get(8, version) || !r.get(8, bits) || !r.get(8, k) || !r.get(8, present) || !r.get(8, q_width) ||
      !r.varint(count) || !r.varint(q_top))
    return packing_invalid("packed entries: truncated or malformed header");
  if (version != kPackedVersion) return packing_invalid("packed entries: unknown version " + std::to_string(version));
  if (bits < kMinPrefixBits || bits > 64) return packing_invalid("packed entries: hash prefix must be 32 to 64 bits");
  if (k >= bits) return packing_invalid("packed entries: Rice parameter must be below the prefix length");
  if (present >= (1u << kListedStatusCount)) return packing_invalid("packed entries: unknown status in the status set");
  if (q_width > 64) return packing_invalid("packed entries: q width above 64 bits");
  if (count && !present) return packing_invalid("packed entries: entries without statuses");
  auto s_width = status_width(static_cast<std::uint8_t>(present));
  // Each entry takes at least its unary stop bit and its fixed-width fields: this bounds the allocation.
  std::size_t least = 1 + k + s_width + q_width;
  if (count > r.remaining() / least || count > max_entries)
    return packing_invalid("packed entries: count " + std::to_string(count) + " does not fit the data");
  ListedStatus status_at[kListedStatusCount] = {};
  unsigned n_present = 0;
  for (unsigned s = 0; s < kListedStatusCount; ++s)
    if (present & (1u << s)) status_at[n_present++] = static_cast<ListedStatus>(s);

  PackedStatusEntries out;
  out.bits = static_cast<unsigned>(bits);
  out.entries.resize(count);
  const std::uint64_t key_max = low_mask(out.bits);
  const std::uint64_t quotient_max = key_max >> k;
  std::uint64_t key = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::uint64_t quotient = 0, low = 0, index = 0, offset = 0;
    if (!r.unary(quotient_max, quotient) || !r.get(static_cast<unsigned>(k), low) || !r.get(s_width, index) ||
        !r.get(static_cast<unsigned>(q_width), offset))
      return packing_invalid("packed entries: entry " + std::to_string(i) + " is truncated or out of range");
    std::uint64_t gap = (quotient << k) | low;
    // Keys stay below 2^bits and strictly increase.
    if (i == 0) {
      key = gap;
    } else {
      if (key == key_max || gap > key_max - key - 1)
        return packing_invalid("packed entries: keys past the prefix range");
      key += 1 + gap;
    }
    if (index >= n_present)
      return packing_invalid("packed entries: entry " + std::to_string(i) + " has no such status");
    if (offset > q_top) return packing_invalid("packed entries: entry " + std::to_string(i) + " has q below zero");
    out.entries[i] = {key, q_top - offset, status_at[index]};
  }
  if (r.remaining() >= 8) return packing_invalid("packed entries: bytes after the last entry");
  std::uint64_t padding = 0;
  if (!r.get(static_cast<unsigned>(r.remaining()), padding) || padding != 0)
    return packing_invalid("packed entries: padding bits must be zero");
  return out;
}

Result<nlohmann::json> pack_status_payload(const nlohmann::json& payload) {
  if (!payload.is_object()) return packing_invalid("the payload must be an object");
  auto entries_it = payload.find("entries");
  if (entries_it == payload.end()) return packing_invalid("the payload needs entries");
  nlohmann::json out = payload;
  if (entries_it->is_string()) {  // already packed: checked, kept as it is
    auto bytes = base64url_decode(entries_it->get_ref<const std::string&>());
    if (!bytes) return packing_invalid("entries is not base64url");
    if (auto unpacked = unpack_status_entries(*bytes); !unpacked) return unpacked.error();
    return out;
  }
  if (!entries_it->is_array()) return packing_invalid("entries must be an array of {h, s, q} or packed text");
  struct Full {
    SubjectHash h;
    std::uint64_t q;
    ListedStatus s;
  };
  std::vector<Full> full;
  full.reserve(entries_it->size());
  for (std::size_t i = 0; i < entries_it->size(); ++i) {
    const auto& e = (*entries_it)[i];
    std::string name = "entries[" + std::to_string(i) + "]";
    if (!e.is_object()) return packing_invalid(name + " must be an object");
    auto h = e.find("h");
    auto s = e.find("s");
    auto q = e.find("q");
    if (h == e.end() || s == e.end() || q == e.end()) return packing_invalid(name + " needs h, s and q");
    Full f{};
    if (!h->is_string() || !base64url_decode_to(h->get_ref<const std::string&>(), f.h))
      return packing_invalid(name + ".h must be base64url of 16 bytes");
    auto status = s->is_string() ? listed_status_from(s->get_ref<const std::string&>()) : std::nullopt;
    if (!status) return packing_invalid(name + ".s is not a status");
    auto q_value = json_uint(e, "q");
    if (!q_value) return packing_invalid(name + ".q must be an unsigned integer");
    f.s = *status;
    f.q = *q_value;
    full.push_back(f);
  }
  std::sort(full.begin(), full.end(), [](const Full& a, const Full& b) { return a.h < b.h; });
  for (std::size_t i = 1; i < full.size(); ++i)
    if (full[i].h == full[i - 1].h) return packing_invalid("a subject appears twice");
  // The rule's prefix length, longer if two subjects happen to share a prefix (each subject needs its own key).
  unsigned bits = status_prefix_bits(full.size(), payload.contains("base"));
  for (std::size_t i = 1; i < full.size(); ++i)
    while (bits < 64 && status_hash_prefix(full[i].h, bits) == status_hash_prefix(full[i - 1].h, bits)) ++bits;
  PackedStatusEntries list;
  list.bits = bits;
  list.entries.reserve(full.size());
  for (const auto& f : full) {
    auto key = status_hash_prefix(f.h, bits);
    if (!list.entries.empty() && list.entries.back().key == key)
      return packing_invalid("two subjects share the first 64 bits of their hash");
    list.entries.push_back({key, f.q, f.s});
  }
  out["entries"] = base64url_encode(pack_status_entries(list));
  return out;
}

Result<nlohmann::json> inspect_status_list(std::string_view jws) {
  auto first = jws.find('.');
  auto second = first == std::string_view::npos ? first : jws.find('.', first + 1);
  if (second == std::string_view::npos || jws.find('.', second + 1) != std::string_view::npos)
    return packing_invalid("not a JWS in compact form (three base64url parts)");
  auto header_bytes = base64url_decode(jws.substr(0, first));
  auto payload_bytes = base64url_decode(jws.substr(first + 1, second - first - 1));
  if (!header_bytes || !payload_bytes) return packing_invalid("the header or payload is not base64url");
  auto header = nlohmann::json::parse(header_bytes->begin(), header_bytes->end(), nullptr, false);
  auto payload = nlohmann::json::parse(payload_bytes->begin(), payload_bytes->end(), nullptr, false);
  if (!header.is_object() || !payload.is_object()) return packing_invalid("the header or payload is not a JSON object");
  if (header.value("typ", "") != kStatusListTyp) return packing_invalid("typ is not gl-status-list");
  auto entries = payload.find("entries");
  if (entries == payload.end()) return packing_invalid("the payload has no entries");
  nlohmann::json out = payload;
  out["header"] = header;
  if (!entries->is_string()) {
    out["encoding"] = "json";
    return out;
  }
  auto bytes = base64url_decode(entries->get_ref<const std::string&>());
  if (!bytes) return packing_invalid("entries is not base64url");
  auto list = unpack_status_entries(*bytes);
  if (!list) return list.error();
  nlohmann::json shown = nlohmann::json::array();
  std::size_t prefix_bytes = (list->bits + 7) / 8;
  for (const auto& e : list->entries) {
    std::uint64_t aligned = list->bits >= 64 ? e.key : e.key << (64 - list->bits);
    std::uint8_t b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<std::uint8_t>(aligned >> (56 - 8 * i));
    shown.push_back({{"h", base64url_encode(ByteView(b, prefix_bytes))}, {"s", to_string(e.s)}, {"q", e.q}});
  }
  out["entries"] = std::move(shown);
  out["encoding"] = "packed";
  out["prefixBits"] = list->bits;
  out["packedBytes"] = bytes->size();
  return out;
}

}  // namespace greenlight
