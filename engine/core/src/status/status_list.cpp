// Status lists: streaming parse (SAX, no JSON tree per entry) of either entry form, layers of sorted hash
// prefixes, binary search.
#include "greenlight/status_list.hpp"

#include <algorithm>
#include <cstring>

#include "greenlight/encoding.hpp"
#include "greenlight/jws.hpp"
#include "greenlight/status_packing.hpp"

namespace greenlight {
namespace {

constexpr std::string_view kInvalid = "status.list_invalid";

Error invalid(std::string message) { return make_error(std::string(kInvalid), std::move(message)); }

// A delta per layer of another prefix length is the most a list carries; more means alternating forms.
constexpr std::size_t kMaxLayers = 8;

struct JsonEntry {
  SubjectHash h{};
  std::uint64_t q = 0;
  ListedStatus s = ListedStatus::green;
};

// Reads the payload as a stream of SAX events: top-level fields by name, entries straight into the
// packed vector. Any structure other than the documented one stops the parse with a message.
class PayloadReader : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::string problem;
  std::optional<std::string> iss;
  std::optional<std::uint64_t> iat, exp, seq, base;
  bool saw_entries = false;
  std::optional<std::string> packed;  // the packed form's base64url text
  std::vector<JsonEntry> entries;

  bool null() override { return scalar_other("null"); }
  bool boolean(bool) override { return scalar_other("a boolean"); }
  bool number_integer(number_integer_t) override { return scalar_other("a negative number"); }
  bool number_float(number_float_t, const string_t&) override { return scalar_other("a fractional number"); }
  bool binary(binary_t&) override { return fail("binary data"); }

  bool number_unsigned(number_unsigned_t v) override {
    if (entries_depth_ && depth_ == 2) return fail("entries must hold objects");
    if (depth_ == 1) {
      if (key_ == "iat") return iat = v, true;
      if (key_ == "exp") return exp = v, true;
      if (key_ == "seq") return seq = v, true;
      if (key_ == "base") return base = v, true;
      if (key_ == "iss") return fail("iss must be text");
      return true;  // unknown top-level field: ignored
    }
    if (in_entry() && key_ == "q") {
      entry_.q = v;
      return have_q_ = true;
    }
    if (in_entry() && (key_ == "h" || key_ == "s")) return fail(entry_name() + "." + key_ + " must be text");
    return true;
  }

  bool string(string_t& v) override {
    if (depth_ == 1) {
      if (key_ == "entries") {
        if (saw_entries) return fail("entries appears twice");
        saw_entries = true;
        packed = std::move(v);
        return true;
      }
      if (key_ == "iss") return iss = v, true;
      if (key_ == "iat" || key_ == "exp" || key_ == "seq" || key_ == "base")
        return fail(key_ + " must be an unsigned integer");
      return true;
    }
    if (in_entry()) {
      if (key_ == "h") {
        if (!base64url_decode_to(v, entry_.h)) return fail(entry_name() + ".h must be base64url of 16 bytes");
        return have_h_ = true;
      }
      if (key_ == "s") {
        auto s = listed_status_from(v);
        if (!s) return fail(entry_name() + ".s is not a status");
        entry_.s = *s;
        return have_s_ = true;
      }
      if (key_ == "q") return fail(entry_name() + ".q must be an unsigned integer");
      return true;  // unknown entry fields are ignored
    }
    if (entries_depth_ && depth_ == 2) return fail("entries must hold objects");
    return true;
  }

  bool start_object(std::size_t) override {
    ++depth_;
    if (entries_depth_ && depth_ == 3) {
      entry_ = JsonEntry{};
      have_h_ = have_s_ = have_q_ = false;
      return true;
    }
    if (entries_depth_) return fail("entries must hold flat objects");
    return true;
  }
  bool end_object() override {
    if (in_entry()) {
      if (!have_h_ || !have_s_ || !have_q_) return fail(entry_name() + " needs h, s and q");
      entries.push_back(entry_);
    }
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth_;
    if (depth_ == 1) return fail("the payload must be an object");
    if (depth_ == 2 && key_ == "entries") {
      if (saw_entries) return fail("entries appears twice");
      saw_entries = true;
      entries_depth_ = true;
      return true;
    }
    if (entries_depth_) return fail("entries must hold objects");
    return true;
  }
  bool end_array() override {
    if (entries_depth_ && depth_ == 2) entries_depth_ = false;
    --depth_;
    return true;
  }
  bool key(string_t& k) override {
    key_ = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    return fail("malformed JSON near byte " + std::to_string(position));
  }

 private:
  bool in_entry() const { return entries_depth_ && depth_ == 3; }
  std::string entry_name() const { return "entries[" + std::to_string(entries.size()) + "]"; }
  bool scalar_other(const char* what) {
    if (depth_ == 0) return fail("the payload must be an object");
    if (depth_ == 1 && (key_ == "iss" || key_ == "iat" || key_ == "exp" || key_ == "seq" || key_ == "base"))
      return fail(key_ + " must not be " + what);
    if (in_entry() && (key_ == "h" || key_ == "s" || key_ == "q"))
      return fail(entry_name() + "." + key_ + " must not be " + what);
    if (entries_depth_ && depth_ == 2) return fail("entries must hold objects");
    return true;
  }
  bool fail(std::string message) {
    if (problem.empty()) problem = std::move(message);
    return false;
  }

  int depth_ = 0;
  bool entries_depth_ = false;
  std::string key_;
  JsonEntry entry_;
  bool have_h_ = false, have_s_ = false, have_q_ = false;
};

}  // namespace

SubjectHash subject_hash(std::string_view sub) {
  std::string input = "gl-status:";
  input += sub;
  auto digest = sha256(as_bytes(input));
  SubjectHash h;
  std::memcpy(h.data(), digest.data(), h.size());
  return h;
}

std::string_view to_string(ListedStatus status) {
  switch (status) {
    case ListedStatus::green:
      return "green";
    case ListedStatus::yellow:
      return "yellow";
    case ListedStatus::orange:
      return "orange";
    case ListedStatus::red:
      return "red";
    case ListedStatus::revoked:
      return "revoked";
  }
  return "revoked";
}

std::optional<ListedStatus> listed_status_from(std::string_view text) {
  if (text == "revoked") return ListedStatus::revoked;
  if (auto s = health_status_from(text)) return static_cast<ListedStatus>(*s);
  return std::nullopt;
}

const StatusEntry* StatusList::find(const SubjectHash& h) const {
  for (auto layer = layers_.rbegin(); layer != layers_.rend(); ++layer) {
    const auto& keys = (*layer)->keys;
    auto key = status_hash_prefix(h, (*layer)->bits);
    auto it = std::lower_bound(keys.begin(), keys.end(), key);
    if (it != keys.end() && *it == key) return &(*layer)->values[static_cast<std::size_t>(it - keys.begin())];
  }
  return nullptr;
}

bool StatusList::holds(std::uint64_t key, unsigned bits) const {
  for (const auto& layer : layers_) {
    const auto& keys = layer->keys;
    if (layer->bits <= bits) {
      if (std::binary_search(keys.begin(), keys.end(), key >> (bits - layer->bits))) return true;
    } else {  // the layer's keys are longer: any key that starts with this one
      auto shift = layer->bits - bits;
      auto it = std::lower_bound(keys.begin(), keys.end(), key << shift);
      if (it != keys.end() && (*it >> shift) == key) return true;
    }
  }
  return false;
}

std::shared_ptr<const StatusList::Layer> StatusList::make_layer(PackedStatusEntries&& packed) {
  auto layer = std::make_shared<StatusList::Layer>();
  layer->bits = packed.bits;
  layer->keys.reserve(packed.entries.size());
  layer->values.reserve(packed.entries.size());
  for (const auto& e : packed.entries) {
    layer->keys.push_back(e.key);
    layer->values.push_back({e.q, e.s});
  }
  return layer;
}

void StatusList::assign(PackedStatusEntries&& entries) {
  layers_.clear();
  size_ = entries.entries.size();
  layers_.push_back(make_layer(std::move(entries)));
}

bool StatusList::merge(PackedStatusEntries&& delta) {
  bool own_layer = layers_.empty() || layers_.back()->bits != delta.bits;
  if (own_layer && layers_.size() >= kMaxLayers) return false;
  for (const auto& e : delta.entries) size_ += !holds(e.key, delta.bits);
  if (own_layer) {
    layers_.push_back(make_layer(std::move(delta)));
    return true;
  }
  const auto& top = *layers_.back();
  auto merged = std::make_shared<Layer>();
  merged->bits = top.bits;
  merged->keys.reserve(top.keys.size() + delta.entries.size());
  merged->values.reserve(top.keys.size() + delta.entries.size());
  std::size_t a = 0;
  auto b = delta.entries.begin();
  while (a < top.keys.size() || b != delta.entries.end()) {
    if (b == delta.entries.end() || (a < top.keys.size() && top.keys[a] < b->key)) {
      merged->keys.push_back(top.keys[a]);
      merged->values.push_back(top.values[a++]);
    } else {
      if (a < top.keys.size() && top.keys[a] == b->key) ++a;  // the delta's entry replaces it
      merged->keys.push_back(b->key);
      merged->values.push_back({b->q, b->s});
      ++b;
    }
  }
  layers_.back() = std::move(merged);
  return true;
}

namespace {
// JSON entries as one layer of 64-bit prefixes; nullopt if a subject appears twice.
std::optional<PackedStatusEntries> layer_of_json(std::vector<JsonEntry>& entries) {
  PackedStatusEntries out;
  out.bits = 64;
  out.entries.reserve(entries.size());
  for (const auto& e : entries) out.entries.push_back({status_hash_prefix(e.h, 64), e.q, e.s});
  std::sort(out.entries.begin(), out.entries.end(),
            [](const PackedStatusEntry& a, const PackedStatusEntry& b) { return a.key < b.key; });
  for (std::size_t i = 1; i < out.entries.size(); ++i)
    if (out.entries[i].key == out.entries[i - 1].key) return std::nullopt;
  return out;
}
}  // namespace

Result<StatusList> load_status_list(std::string_view jws_text, const StatusListCheck& check) {
  const TrustedKey* signer = nullptr;
  auto lookup = [&](const Kid& kid) -> std::optional<PublicKey> {
    if (!check.trust) return std::nullopt;
    std::optional<PublicKey> found;
    check.trust->for_each_key(kid, [&](const TrustedKey& k) {
      if (!k.may_sign("status")) return false;
      signer = &k;
      found = k.key;
      return true;
    });
    return found;
  };
  auto doc = jws::verify(jws_text, kStatusListTyp, lookup, kInvalid, check.max_bytes);
  if (!doc) return doc.error();

  PayloadReader reader;
  // Pointer iterators, like parse_json: one lexer instantiation in the binary instead of two.
  const char* begin = doc->payload.data();
  bool parsed = nlohmann::json::sax_parse(begin, begin + doc->payload.size(), &reader,
                                          nlohmann::json::input_format_t::json, /*strict=*/true);
  if (!parsed) return invalid(reader.problem.empty() ? "malformed status-list payload" : reader.problem);
  if (!reader.iss || !reader.iat || !reader.exp || !reader.seq || !reader.saw_entries)
    return invalid("status list needs iss, iat, exp, seq and entries");
  if (*reader.iss != signer->iss) return invalid("status list iss \"" + *reader.iss + "\" is not its key's issuer");

  auto skew = static_cast<std::uint64_t>(std::max<std::int64_t>(0, check.skew_seconds));
  if (check.now > skew && *reader.exp < check.now - skew)
    return make_error("status.list_expired", "status list expired at " + std::to_string(*reader.exp));

  PackedStatusEntries entries;
  if (reader.packed) {
    auto bytes = base64url_decode(*reader.packed);
    if (!bytes) return invalid("packed entries are not base64url");
    reader.packed.reset();
    auto unpacked = unpack_status_entries(*bytes);
    if (!unpacked) return unpacked.error();
    entries = std::move(*unpacked);
  } else {
    auto layer = layer_of_json(reader.entries);
    if (!layer) return invalid(std::string("a subject appears twice in the ") + (reader.base ? "delta" : "snapshot"));
    entries = std::move(*layer);
  }

  StatusList list;
  if (reader.base) {
    if (!check.current || check.current->seq != *reader.base)
      return make_error("status.gap", "delta applies to seq " + std::to_string(*reader.base) + " but " +
                                          (check.current ? "seq " + std::to_string(check.current->seq) + " is loaded"
                                                         : "no list is loaded") +
                                          ": fetch a snapshot");
    if (*reader.seq <= *reader.base) return invalid("a delta's seq must be above its base");
    list = *check.current;
    if (!list.merge(std::move(entries)))
      return make_error("status.gap", "too many deltas of mixed encodings on one snapshot: fetch a snapshot");
  } else {
    if (check.current && *reader.seq < check.current->seq)
      return make_error("status.list_stale", "status list seq " + std::to_string(*reader.seq) +
                                                 " is older than the loaded " + std::to_string(check.current->seq));
    list.assign(std::move(entries));
  }
  list.iss = std::move(*reader.iss);
  list.iat = *reader.iat;
  list.exp = *reader.exp;
  list.seq = *reader.seq;
  return list;
}

}  // namespace greenlight
