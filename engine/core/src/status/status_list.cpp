// Status lists: streaming parse (SAX, no JSON tree per entry), packed sorted storage, binary search.
#include "greenlight/status_list.hpp"

#include <algorithm>
#include <cstring>

#include "greenlight/encoding.hpp"
#include "greenlight/jws.hpp"

namespace greenlight {
namespace {

constexpr std::string_view kInvalid = "status.list_invalid";

Error invalid(std::string message) { return make_error(std::string(kInvalid), std::move(message)); }

bool hash_less(const StatusEntry& a, const StatusEntry& b) {
  return std::memcmp(a.h.data(), b.h.data(), a.h.size()) < 0;
}
bool hash_equal(const StatusEntry& a, const StatusEntry& b) { return a.h == b.h; }

// Reads the payload as a stream of SAX events: top-level fields by name, entries straight into the
// packed vector. Any structure other than the documented one stops the parse with a message.
class PayloadReader : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::string problem;
  std::optional<std::string> iss;
  std::optional<std::uint64_t> iat, exp, seq, base;
  bool saw_entries = false;
  std::vector<StatusEntry> entries;

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
      entry_ = StatusEntry{};
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
  StatusEntry entry_;
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
  StatusEntry probe;
  probe.h = h;
  auto it = std::lower_bound(entries_.begin(), entries_.end(), probe, hash_less);
  return it != entries_.end() && it->h == h ? &*it : nullptr;
}

bool StatusList::assign(std::vector<StatusEntry> entries) {
  std::sort(entries.begin(), entries.end(), hash_less);
  if (std::adjacent_find(entries.begin(), entries.end(), hash_equal) != entries.end()) return false;
  entries_ = std::move(entries);
  return true;
}

bool StatusList::merge(std::vector<StatusEntry> delta) {
  std::sort(delta.begin(), delta.end(), hash_less);
  if (std::adjacent_find(delta.begin(), delta.end(), hash_equal) != delta.end()) return false;
  std::vector<StatusEntry> merged;
  merged.reserve(entries_.size() + delta.size());
  auto a = entries_.begin();
  auto b = delta.begin();
  while (a != entries_.end() || b != delta.end()) {
    if (b == delta.end() || (a != entries_.end() && hash_less(*a, *b))) {
      merged.push_back(*a++);
    } else {
      if (a != entries_.end() && a->h == b->h) ++a;  // the delta's entry replaces it
      merged.push_back(*b++);
    }
  }
  entries_ = std::move(merged);
  return true;
}

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

  StatusList list;
  if (reader.base) {
    if (!check.current || check.current->seq != *reader.base)
      return make_error("status.gap", "delta applies to seq " + std::to_string(*reader.base) + " but " +
                                          (check.current ? "seq " + std::to_string(check.current->seq) + " is loaded"
                                                         : "no list is loaded") +
                                          ": fetch a snapshot");
    if (*reader.seq <= *reader.base) return invalid("a delta's seq must be above its base");
    list = *check.current;
    if (!list.merge(std::move(reader.entries))) return invalid("a subject appears twice in the delta");
  } else {
    if (check.current && *reader.seq < check.current->seq)
      return make_error("status.list_stale", "status list seq " + std::to_string(*reader.seq) +
                                                 " is older than the loaded " + std::to_string(check.current->seq));
    if (!list.assign(std::move(reader.entries))) return invalid("a subject appears twice in the snapshot");
  }
  list.iss = std::move(*reader.iss);
  list.iat = *reader.iat;
  list.exp = *reader.exp;
  list.seq = *reader.seq;
  return list;
}

}  // namespace greenlight
