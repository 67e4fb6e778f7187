// Issuer keys kept in the database, so every server process signs with the same ones and an authority can
// rotate them (docs/api.md "Issuer keys"). Each use has an active key, which signs, and a next key that the
// trust list already publishes: checkpoints learn it on any sync, so after a rotation the codes it signs
// verify even at a checkpoint that has been offline since. A compromised key is revoked instead.
#include <map>
#include <set>

#include "greenlight/cose.hpp"
#include "greenlight/credential.hpp"
#include "greenlight/encoding.hpp"
#include "greenlight/gl1_text.hpp"
#include "../store/keys.hpp"
#include "impl.hpp"

namespace greenlight::service {
namespace {

constexpr const char* kUses[] = {"person", "proxy", "place", "rules", "status", "regions"};

std::string kid_text(const KeyPair& key) { return base64url_encode(kid_of(key.public_key)); }

// Stores a key of `use` in `state`; its seed sealed with the PII master key.
Result<void> insert_key(Service::Impl& s, Transaction& tx, const KeyPair& key, const std::string& use,
                        const std::string& state, std::int64_t now, std::int64_t not_before) {
  auto seed = key.seed();
  store::IssuerKeyRecord record{kid_text(key), use, base64url_encode(key.public_key),
                                s.vault.seal(base64url_encode(seed)), state};
  record.created_at = now;
  record.not_before = not_before;
  if (state == "active") record.activated_at = now;
  return store::insert_issuer_key(tx, record);
}

Result<std::int64_t> key_generation(Transaction& tx) {
  auto generation = store::key_generation(tx);
  if (!generation) return generation.error();
  if (!*generation) return make_error("storage.error", "the key_generation counter is missing");
  return **generation;
}

Result<std::shared_ptr<const SigningKeys>> load_signing_keys(Service::Impl& s, Transaction& tx,
                                                             std::int64_t generation) {
  auto rows = store::unrevoked_issuer_keys(tx);
  if (!rows) return rows.error();
  auto changed = store::newest_issuer_key_at(tx);  // every rotation makes a key
  if (!changed) return changed.error();
  IssuerKeySet set;
  set.generation = generation;
  set.changed_at = *changed ? static_cast<std::uint64_t>(**changed) : 0;
  std::map<std::string, KeyPair*> active = {{"person", &set.person}, {"proxy", &set.proxy},
                                            {"place", &set.place},   {"rules", &set.rules},
                                            {"status", &set.status}, {"regions", &set.regions}};
  std::set<std::string> found;
  for (const auto& row : *rows) {
    auto public_key = public_key_from_text(row.public_key);
    if (!public_key) return make_error("keyring.invalid", "issuer key " + row.kid + ": bad public key");
    const auto& use = row.use;
    PublishedKey published{*public_key, use, static_cast<std::uint64_t>(row.not_before), std::nullopt};
    if (row.retired_at) published.retired_at = static_cast<std::uint64_t>(*row.retired_at);
    set.published.push_back(published);
    if (row.state != "active") continue;
    auto seed_text = s.vault.open(row.secret_enc);
    auto seed = seed_text ? seed_from_text(*seed_text) : std::nullopt;
    if (!seed)
      return make_error("keyring.invalid", "issuer key " + row.kid + ": the secret does not open with keys/pii.key");
    auto pair = key_pair_from_seed(*seed);
    if (pair.public_key != *public_key)
      return make_error("keyring.invalid", "issuer key " + row.kid + ": secret and public key differ");
    auto slot = active.find(use);
    if (slot == active.end() || !found.insert(use).second)
      return make_error("keyring.invalid", "issuer keys: more than one active " + use + " key");
    *slot->second = pair;
  }
  for (const char* use : kUses)
    if (!found.count(use)) return make_error("keyring.invalid", std::string("issuer keys: no active ") + use + " key");
  const auto& iss = s.keys.issuer_id;
  return std::make_shared<const SigningKeys>(SigningKeys{set, Issuer(set.person, iss), Issuer(set.proxy, iss),
                                                         Issuer(set.place, iss), Issuer(set.status, iss)});
}

// A stored code (GL1 text, or a place code's URL) signed again by `issuer`: the same claims, issued now.
Result<std::string> reissue(Service::Impl& s, const Issuer& issuer, const std::string& stored, std::uint64_t now) {
  auto cose = decode_gl1_text(stored);
  if (!cose) return cose.error();
  auto sign1 = cose::parse_sign1(*cose);
  if (!sign1) return sign1.error();
  auto credential = decode_claims(sign1->payload);
  if (!credential) return credential.error();
  credential->iat = now;
  auto text = issuer.issue(*credential);
  if (!text) return text.error();
  if (stored.rfind(kGl1Prefix, 0) == 0) return *text;
  return gl1_url(s.options.public_url + "citizen/", *text);
}

// After a compromised place or proxy key: the posters and printed proxy cards the server keeps, signed by
// the new key, for their owners to print again. Returns how many.
Result<std::int64_t> resign_stored_codes(Service::Impl& s, Transaction& tx, const std::string& use, const KeyPair& key,
                                         std::int64_t now) {
  if (use != "place" && use != "proxy") return 0;
  Issuer issuer(key, s.keys.issuer_id);
  auto rows = use == "place" ? store::place_codes(tx) : store::live_proxy_codes(tx, now);
  if (!rows) return rows.error();
  for (const auto& row : *rows) {
    auto text = reissue(s, issuer, row.code_text, static_cast<std::uint64_t>(now));
    if (!text)
      return make_error("keyring.invalid",
                        use + " " + row.id + ": its stored code cannot be signed again: " + text.error().message);
    auto saved = use == "place" ? store::save_place_code(tx, row.id, *text) : store::save_proxy_code(tx, row.id, *text);
    if (!saved) return saved.error();
  }
  return static_cast<std::int64_t>(rows->size());
}

json optional_json(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

json key_json(const store::IssuerKeyRecord& k) {
  return {{"kid", k.kid},
          {"use", k.use},
          {"state", k.state},
          {"createdAt", k.created_at},
          {"activatedAt", optional_json(k.activated_at)},
          {"retiredAt", optional_json(k.retired_at)},
          {"revokedAt", optional_json(k.revoked_at)}};
}

Result<json> all_keys(Transaction& tx) {
  auto rows = store::all_issuer_keys(tx);
  if (!rows) return rows.error();
  json keys = json::array();
  for (const auto& k : *rows) keys.push_back(key_json(k));
  return keys;
}

}  // namespace

Result<void> import_file_keys(Service::Impl& s, Transaction& tx) {
  // Only the first process to start on an empty table imports (the others see generation 1 and skip).
  auto claimed = store::claim_first_key_generation(tx);
  if (!claimed) return claimed.error();
  auto now = static_cast<std::int64_t>(s.now());
  const std::pair<const KeyPair*, const char*> file_keys[] = {{&s.keys.person, "person"}, {&s.keys.proxy, "proxy"},
                                                              {&s.keys.place, "place"},   {&s.keys.rules, "rules"},
                                                              {&s.keys.status, "status"}, {&s.keys.regions, "regions"}};
  if (*claimed) {
    for (auto [key, use] : file_keys) {
      if (auto done = insert_key(s, tx, *key, use, "active", now, 0); !done) return done.error();
      if (auto done = insert_key(s, tx, generate_key_pair(), use, "next", now, now); !done) return done.error();
    }
    return {};
  }
  // A database whose keys were imported before a use existed (the regions key came with region-risk lists)
  // gets that use's file key as its active key, and a next key, once; moving the generation on makes every
  // process publish them. The generation's row lock orders processes starting at once: the second finds
  // the keys the first made.
  for (auto [key, use] : file_keys) {
    auto current = store::current_issuer_keys(tx, use);
    if (!current) return current.error();
    if (!current->empty()) continue;
    auto generation = store::next_key_generation(tx);
    if (!generation) return generation.error();
    current = store::current_issuer_keys(tx, use);
    if (!current) return current.error();
    if (!current->empty()) continue;
    if (auto done = insert_key(s, tx, *key, use, "active", now, 0); !done) return done.error();
    if (auto done = insert_key(s, tx, generate_key_pair(), use, "next", now, now); !done) return done.error();
  }
  return {};
}

Result<std::shared_ptr<const SigningKeys>> Service::Impl::signing_keys(Transaction& tx) {
  auto generation = key_generation(tx);
  if (!generation) return generation.error();
  auto checked = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(signing_keys_mutex_);
    if (signing_keys_ && signing_keys_->set.generation == *generation) {
      signing_keys_checked_ = checked;
      return signing_keys_;
    }
  }
  auto loaded = load_signing_keys(*this, tx, *generation);
  if (!loaded) return loaded.error();
  std::lock_guard lock(signing_keys_mutex_);
  // Another thread may have loaded a newer generation meanwhile: never go back.
  if (!signing_keys_ || signing_keys_->set.generation < *generation) {
    signing_keys_ = *loaded;
    signing_keys_checked_ = checked;
  }
  return *loaded;
}

void Service::Impl::recheck_signing_keys() {
  std::lock_guard lock(signing_keys_mutex_);
  signing_keys_checked_ = {};
}

Result<std::shared_ptr<const SigningKeys>> Service::Impl::signing_keys() {
  {
    std::lock_guard lock(signing_keys_mutex_);
    if (signing_keys_ && std::chrono::steady_clock::now() - signing_keys_checked_ < std::chrono::seconds(1))
      return signing_keys_;
  }
  std::shared_ptr<const SigningKeys> current;
  auto done = db.transact([&](Transaction& tx) -> Result<void> {
    auto loaded = signing_keys(tx);
    if (!loaded) return loaded.error();
    current = *loaded;
    return {};
  });
  if (!done) return done.error();
  return current;
}

Result<KeyPair> Service::active_issuer_key(const std::string& use) {
  auto keys = impl_->signing_keys();
  if (!keys) return keys.error();
  const auto& set = (*keys)->set;
  for (auto [name, key] :
       {std::pair{"person", &set.person}, std::pair{"proxy", &set.proxy}, std::pair{"place", &set.place},
        std::pair{"rules", &set.rules}, std::pair{"status", &set.status}, std::pair{"regions", &set.regions}})
    if (use == name) return *key;
  return make_error("request.invalid", "use: one of person, proxy, place, rules, status, regions");
}

Answer Service::list_issuer_keys(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    auto generation = key_generation(tx);
    if (!generation) return generation.error();
    auto keys = all_keys(tx);
    if (!keys) return keys.error();
    return json_reply({{"generation", *generation}, {"offlineRoot", s.keys.offline_root()}, {"keys", *keys}});
  });
}

Answer Service::rotate_issuer_key(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto use = f.choice("use", {"person", "proxy", "place", "rules", "status", "regions"});
  auto compromised = f.boolean("compromised", false);
  auto reason = stated_reason(f);
  if (auto done = f.finish(); !done) return done.error();
  auto rotated = s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    if (s.keys.offline_root())
      return make_error(
          "keys.offline_root",
          "the root key is offline: sign a trust list with the new key elsewhere (greenlight sign-doc) and "
          "replace trust-list.jws");
    // Moving the generation on also puts concurrent rotations (of any process) one after another.
    auto generation = store::next_key_generation(tx);
    if (!generation) return generation.error();
    auto now = static_cast<std::int64_t>(s.now());
    auto current = store::current_issuer_keys(tx, *use);
    if (!current) return current.error();
    std::string old_active, old_next;
    for (const auto& k : *current) (k.state == "active" ? old_active : old_next) = k.kid;
    if (old_active.empty() || old_next.empty())
      return make_error("keyring.invalid", "issuer keys: no active or next " + *use + " key");

    json detail = {{"use", *use}, {"compromised", compromised.value_or(false)}};
    std::string active_kid;
    if (compromised.value_or(false)) {
      // The next key lay beside the compromised one: neither signs or verifies again.
      auto revoked = store::revoke_issuer_keys(tx, old_active, old_next, now);
      if (!revoked) return revoked.error();
      auto fresh = generate_key_pair();
      if (auto done = insert_key(s, tx, fresh, *use, "active", now, now); !done) return done.error();
      active_kid = kid_text(fresh);
      detail["revoked"] = json::array({old_active, old_next});
      auto resigned = resign_stored_codes(s, tx, *use, fresh, now);
      if (!resigned) return resigned.error();
      detail["resigned"] = *resigned;
    } else {
      auto retired = store::retire_issuer_key(tx, old_active, now);
      if (!retired) return retired.error();
      auto activated = store::activate_issuer_key(tx, old_next, now);
      if (!activated) return activated.error();
      active_kid = old_next;
      detail["retired"] = old_active;
    }
    auto next = generate_key_pair();
    if (auto done = insert_key(s, tx, next, *use, "next", now, now); !done) return done.error();
    detail["active"] = active_kid;
    detail["next"] = kid_text(next);
    detail["generation"] = *generation;
    if (auto a = write_audit(s, tx, who.account_id, "keys.rotate", "key:" + active_kid, *reason, detail); !a)
      return a.error();
    auto keys = all_keys(tx);
    if (!keys) return keys.error();
    json out = detail;
    out["keys"] = *keys;
    return json_reply(out);
  });
  if (rotated) s.recheck_signing_keys();
  return rotated;
}

}  // namespace greenlight::service
