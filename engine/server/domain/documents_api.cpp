// Documents for verifiers: the trust list and rules (signed by DocumentService) and the status list, a
// snapshot or a delta built from status_entries and signed by the status key.
#include "greenlight/encoding.hpp"
#include "greenlight/status_list.hpp"
#include "greenlight/status_packing.hpp"
#include "../store/documents.hpp"
#include "impl.hpp"

namespace greenlight::service {
namespace {

constexpr std::uint64_t kStatusListLifetime = 2 * 86400;

Reply document_reply(const SignedDocument& doc) {
  Reply reply;
  reply.version = doc.version;
  reply.raw = doc.jws;
  reply.media_type = "application/jose";
  return reply;
}

// Latest entry per subject with q > after, when it can still change a decision at needed_at (docs/rules.md
// "Only what can still change a decision").
// needed_until, when given, becomes the earliest second past which one of them stops being needed.
Result<json> entries_after(Transaction& tx, std::int64_t after, std::uint64_t needed_at,
                           std::uint64_t* needed_until = nullptr) {
  auto rows = store::latest_status_entries_after(tx, after, static_cast<std::int64_t>(needed_at));
  if (!rows) return rows.error();
  json entries = json::array();
  if (needed_until) *needed_until = ~std::uint64_t{0};
  for (const auto& e : *rows) {
    entries.push_back({{"h", e.subject_hash}, {"s", e.status}, {"q", e.q}});
    if (needed_until)
      *needed_until = std::min(*needed_until, static_cast<std::uint64_t>(std::max<std::int64_t>(0, e.needed_until)));
  }
  return entries;
}

Result<std::int64_t> changed_subjects_after(Transaction& tx, std::int64_t after, std::uint64_t needed_at) {
  return store::count_subjects_changed_after(tx, after, static_cast<std::int64_t>(needed_at));
}

Result<SignedDocument> sign_status_list(Service::Impl& s, const SigningKeys& keys, json entries, std::int64_t seq,
                                        std::optional<std::int64_t> base, std::uint64_t iat) {
  json payload = {{"iss", s.keys.issuer_id},
                  {"iat", iat},
                  {"exp", iat + kStatusListLifetime},
                  {"seq", seq},
                  {"entries", std::move(entries)}};
  if (base) payload["base"] = *base;
  // Served packed (docs/format.md "Packed status entries"): a few bytes an entry instead of ~70. The entries
  // come from our own table (one row per subject), so packing them fails only on a bug.
  auto packed = pack_status_payload(payload);
  if (!packed) return make_error("server.internal", "status list: " + packed.error().message);
  auto jws = keys.status.sign_document(kStatusListTyp, *packed);
  auto digest = sha256(as_bytes(jws));
  return SignedDocument{jws, "\"" + base64url_encode(ByteView(digest.data(), 12)) + "\"",
                        static_cast<std::uint64_t>(seq), iat};
}

// When the status reached sequence number seq (0 before any change).
Result<std::uint64_t> changed_at(Transaction& tx, std::int64_t seq) {
  auto at = store::status_changed_at(tx, seq);
  if (!at) return at.error();
  return *at ? static_cast<std::uint64_t>(**at) : 0;
}

}  // namespace

Answer Service::trust_list(const Request& r) {
  auto& s = *impl_;
  std::shared_ptr<const SigningKeys> keys;
  auto read = s.run([&](Transaction& tx) -> Answer {
    auto current = s.signing_keys(tx);
    if (!current) return current.error();
    keys = *current;
    return Reply{};
  });
  if (!read) return read;
  auto doc = s.documents.trust_list(keys->set, s.now());
  if (!doc) {
    auto e = doc.error();
    e.retry_after = 60;
    return e;
  }
  return document_reply(*doc);
}

Answer Service::rules(const Request& r) {
  auto& s = *impl_;
  // The newest published rule set, if any (another server process may have published it).
  std::shared_ptr<const SigningKeys> keys;
  auto latest = s.run([&](Transaction& tx) -> Answer {
    auto signing = s.signing_keys(tx);
    if (!signing) return signing.error();
    keys = *signing;
    auto newest = store::latest_rule_set(tx);
    if (!newest) return newest.error();
    if (!*newest) return json_reply(nullptr);
    return json_reply({{"seq", (*newest)->seq}, {"payload", (*newest)->payload}});
  });
  if (!latest) return latest;
  if (!latest->body.is_null()) {
    auto seq = latest->body["seq"].get<std::uint64_t>();
    if (seq != s.documents.rules_seq())
      s.documents.use_rules(json::parse(latest->body["payload"].get<std::string>()), seq);
  }
  return document_reply(s.documents.rules(keys->set, s.now()));
}

Answer Service::status_list(const Request& r) {
  auto& s = *impl_;
  auto since_given = query_number(r.query, "since", "request.invalid", "since: a status sequence number");
  if (!since_given) return since_given.error();
  std::optional<std::int64_t> since = *since_given;
  return s.run([&](Transaction& tx) -> Answer {
    auto keys = s.signing_keys(tx);
    if (!keys) return keys.error();
    auto seq = current_status_seq(tx);
    if (!seq) return seq.error();
    if (since && *since == *seq) {
      Reply reply;
      reply.unchanged = true;
      return reply;
    }
    if (since && *since < *seq) {
      // A delta is signed for one caller: it holds what is still needed now.
      auto now = s.now();
      auto changed = changed_subjects_after(tx, *since, now);
      if (!changed) return changed.error();
      if (static_cast<std::size_t>(*changed) <= s.options.delta_max_subjects) {
        auto entries = entries_after(tx, *since, now);
        if (!entries) return entries.error();
        auto delta = sign_status_list(s, **keys, std::move(*entries), *seq, *since, now);
        if (!delta) return delta.error();
        return json_reply({{"seq", *seq}, {"snapshot", false}, {"lists", json::array({delta->jws})}});
      }
    }
    // A snapshot: cached until the sequence or the keys move, or the re-signing period turns. Its iat is the
    // period's start or the time of the last change, whichever is later, so every server process on the
    // database signs the same bytes (Ed25519 is deterministic) and any replica tells a checkpoint that
    // already has the snapshot that it is current. It holds the entries still needed now, and is made again
    // the second after the first of them stops being needed: every process then drops the same entry, so
    // the bytes differ between processes only for that second, and an entry leaves exactly when it expires.
    std::lock_guard lock(s.status_mutex);
    auto& cached = s.status_snapshot;
    auto now = s.now();
    auto period = std::max<std::uint64_t>(s.options.status_snapshot_resign, 1);
    auto period_start = now - now % period;
    if (!cached || static_cast<std::int64_t>(cached->seq) != *seq || s.status_snapshot_period != period_start ||
        s.status_snapshot_generation != (*keys)->set.generation || now > s.status_snapshot_needed_until) {
      auto entries = entries_after(tx, 0, now, &s.status_snapshot_needed_until);
      if (!entries) return entries.error();
      auto last_change = changed_at(tx, *seq);
      if (!last_change) return last_change.error();
      auto signed_list = sign_status_list(s, **keys, std::move(*entries), *seq, std::nullopt,
                                          std::min(now, std::max(period_start, *last_change)));
      if (!signed_list) return signed_list.error();
      cached = std::move(*signed_list);
      s.status_snapshot_generation = (*keys)->set.generation;
      s.status_snapshot_period = period_start;
    }
    auto reply = json_reply({{"seq", *seq}, {"snapshot", true}, {"lists", json::array({cached->jws})}});
    reply.version = cached->version;
    return reply;
  });
}

namespace {

// The exp of a signed document we made (or were given: an offline root's trust list); 0 when it has none.
std::uint64_t expiry_of(const std::string& jws) {
  auto first = jws.find('.');
  auto second = first == std::string::npos ? first : jws.find('.', first + 1);
  if (second == std::string::npos) return 0;
  auto payload = base64url_decode(std::string_view(jws).substr(first + 1, second - first - 1));
  if (!payload) return 0;
  auto parsed = json::parse(payload->begin(), payload->end(), nullptr, false);
  if (!parsed.is_object() || !parsed.contains("exp") || !parsed["exp"].is_number_unsigned()) return 0;
  return parsed["exp"].get<std::uint64_t>();
}

}  // namespace

Result<Publication> Service::publication() {
  auto& s = *impl_;
  Publication out;
  Request none;
  auto trust = trust_list(none);
  if (!trust) return trust.error();
  out.trust_list_expires = expiry_of(trust->raw);
  auto rule_set = rules(none);
  if (!rule_set) return rule_set.error();
  out.rules_expires = expiry_of(rule_set->raw);
  // The snapshot a checkpoint starting afresh gets (signed now if the cached one is stale); read from the
  // cache rather than parsed back, as it holds every subject.
  auto status = status_list(none);
  if (!status) return status.error();
  out.status_seq = status->body["seq"].get<std::uint64_t>();
  std::lock_guard lock(s.status_mutex);
  if (s.status_snapshot) out.status_list_expires = s.status_snapshot->iat + kStatusListLifetime;
  return out;
}

Answer Service::set_status(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto person_id = f.text("personId", 64, false);
  auto id_number = f.text("idNumber", 18, false, "person.id_number");
  auto phone = f.text("phone", 20, false, "person.phone");
  auto status = f.choice("status", {"green", "yellow", "orange", "red"});
  auto reason = stated_reason(f);
  if (auto done = f.finish(); !done) return done.error();
  if (int{!!person_id} + int{!!id_number} + int{!!phone} != 1)
    return make_error("request.invalid", "give exactly one of personId, idNumber and phone");
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    // By ID number or phone only when exactly one person matches (person.ambiguous names them otherwise).
    Result<Person> target = make_error("person.not_found", "no person with these details");
    if (person_id) {
      auto found = person_by_id(tx, *person_id);
      if (!found) return found.error();
      if (*found) target = std::move(**found);
    } else {
      target = id_number ? one_person_by(s, tx, "id_number_hash", s.vault.lookup_hash("id", *id_number))
                         : one_person_by(s, tx, "phone_hash", s.vault.lookup_hash("phone", *phone));
    }
    if (!target) return target.error();
    auto q = publish_status(s, tx, target->id, *status, {"authority", *reason, who.account_id, std::nullopt});
    if (!q) return q.error();
    if (auto a =
            write_audit(s, tx, who.account_id, "status.set", target->id, *reason, {{"status", *status}, {"seq", *q}});
        !a)
      return a.error();
    auto person = person_by_id(tx, target->id);
    if (!person) return person.error();
    auto out = masked_person(s, **person);
    out["seq"] = *q;
    return json_reply({{"person", out}});
  });
}

}  // namespace greenlight::service
