// Health-authority staff: password accounts (argon2id), audited person look-ups, a person's record and status
// history, and the audit log itself (docs/api.md "Authority").
#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "greenlight/server/privacy.hpp"
#include "../store/audit.hpp"
#include "../store/authority_queries.hpp"
#include "impl.hpp"

namespace greenlight::service {
namespace {

// Wrong passwords back off per (username, address) pair (rate_limit.cpp), so nobody can lock a colleague's
// account by failing on purpose; every address together gets at most this many wrong passwords per username
// an hour (far above what a person needs), on top of each address's own hourly limit over all usernames.
// Passwords are at least 12 bytes and each guess costs an argon2id hash.
constexpr std::uint32_t kWrongPasswordsPerUserPerHour = 50;
constexpr std::uint32_t kPasswordSignInPerAddressPerHour = 60;
constexpr std::size_t kMinPasswordBytes = 12;
constexpr std::size_t kMaxPasswordBytes = 256;

bool valid_username(const std::string& u) {
  if (u.size() < 3 || u.size() > 32) return false;
  return std::all_of(u.begin(), u.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '.' || c == '-' || c == '_';
  });
}

Result<std::string> hash_password(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  // libsodium's "interactive" argon2id cost (64 MiB, 2 passes): ~0.1 s per sign-in on one core.
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return make_error("server.internal", "argon2id: out of memory");
  return std::string(out);
}

bool password_matches(const std::string& stored, const std::string& password) {
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

// A decoy hash, verified when the username is unknown so both failures cost the same time.
const std::string& decoy_hash() {
  static const std::string decoy = *hash_password("greenlight-decoy-password");
  return decoy;
}

json json_text_or_null(const std::optional<std::string>& text) { return text ? json(*text) : json(nullptr); }

// A staff member as an actor: id and display name (null when the actor has no staff credential).
json actor_json(const std::optional<std::string>& id, const std::optional<std::string>& name) {
  return id ? json{{"id", *id}, {"name", json_text_or_null(name)}} : json(nullptr);
}

json entry_json(const store::AuditEntry& e) {
  auto detail = json::parse(e.detail, nullptr, false);
  return {{"id", e.id},
          {"at", e.at},
          {"actor", actor_json(e.actor_id, e.actor_name)},
          {"action", e.action},
          {"target", json_text_or_null(e.target)},
          {"reason", e.reason},
          {"detail", detail.is_discarded() ? json::object() : detail}};
}

}  // namespace

std::optional<std::string> stated_reason(Fields& f) {
  if (!f.has("reason")) {
    f.fail("audit.reason", "reason: state why (1 to 200 characters); it goes into the audit log");
    return std::nullopt;
  }
  auto reason = f.text("reason", 200, true, "audit.reason");
  if (reason && reason->find_first_not_of(" \t") == std::string::npos) {
    f.fail("audit.reason", "reason: state why (1 to 200 characters); it goes into the audit log");
    return std::nullopt;
  }
  return reason;
}

Result<std::string> stated_reason(const Request& r) {
  auto it = r.query.find("reason");
  json body = json::object();
  if (it != r.query.end()) body["reason"] = it->second;
  Fields f(body);
  auto reason = stated_reason(f);
  if (auto done = f.finish(); !done) return done.error();
  return *reason;
}

Result<void> require_authority(const Session& who) {
  if (!who.authority) return make_error("auth.forbidden", "health-authority staff only (password sign-in)");
  return {};
}

Result<json> Service::add_authority(const std::string& username, const std::string& display_name,
                                    const std::string& password) {
  auto& s = *impl_;
  if (!valid_username(username))
    return make_error("authority.username", "a username is 3 to 32 characters: a-z, 0-9, '.', '-', '_'");
  auto name_length = printable_length(display_name);
  if (!name_length || *name_length == 0 || *name_length > 64)
    return make_error("authority.display_name", "a display name is 1 to 64 characters without control characters");
  if (password.size() < kMinPasswordBytes || password.size() > kMaxPasswordBytes)
    return make_error("authority.password", "a password is 12 to 256 bytes");
  auto hashed = hash_password(password);
  if (!hashed) return hashed.error();
  auto now = static_cast<std::int64_t>(s.now());
  auto done = s.run([&](Transaction& tx) -> Answer {
    auto taken = store::authority_username_taken(tx, username);
    if (!taken) return taken.error();
    if (*taken) return make_error("authority.exists", "that username is taken");
    auto id = new_id("a-");
    // Staff accounts have no phone: the unique phone_hash column holds a marker no phone hash can equal.
    auto account = store::insert_staff_account(tx, id, "staff:" + username, s.vault.seal(""), now);
    if (!account) return account.error();
    auto credential = store::insert_authority_credential(tx, id, username, display_name, *hashed, now);
    if (!credential) return credential.error();
    if (auto a = write_audit(s, tx, std::nullopt, "authority.add", id, "server command", {{"username", username}}); !a)
      return a.error();
    return json_reply({{"id", id}, {"username", username}, {"displayName", display_name}});
  });
  if (!done) return done.error();
  return done->body;
}

Result<json> Service::disable_authority(const std::string& username) {
  auto& s = *impl_;
  auto now = static_cast<std::int64_t>(s.now());
  auto done = s.run([&](Transaction& tx) -> Answer {
    auto state = store::authority_state(tx, username);
    if (!state) return state.error();
    if (!*state) return make_error("authority.not_found", "no authority account with that username");
    auto id = (*state)->account_id;
    bool already = (*state)->disabled_at.has_value();
    if (!already) {
      auto d = store::disable_authority_credential(tx, id, now);
      if (!d) return d.error();
    }
    // authenticate() refuses them anyway; deleting keeps the table to live sessions.
    auto ended = store::delete_password_sessions(tx, id);
    if (!ended) return ended.error();
    if (!already) {
      if (auto a = write_audit(s, tx, std::nullopt, "authority.disable", id, "server command",
                               {{"username", username}, {"sessions", *ended}});
          !a)
        return a.error();
    }
    return json_reply({{"id", id}, {"username", username}, {"disabledAt", already ? *(*state)->disabled_at : now}});
  });
  if (!done) return done.error();
  return done->body;
}

Result<void> set_authority_credential(Service::Impl& s, Transaction& tx, const std::string& account_id,
                                      const std::string& username, const std::string& display_name,
                                      const std::string& password) {
  auto hashed = hash_password(password);
  if (!hashed) return hashed.error();
  auto upsert = store::upsert_authority_credential(tx, account_id, username, display_name, *hashed,
                                                   static_cast<std::int64_t>(s.now()));
  if (!upsert) return upsert.error();
  return store::mark_account_authority(tx, account_id);
}

Answer Service::authority_sign_in(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto username = f.text("username", 32);
  auto password = f.text("password", kMaxPasswordBytes);
  if (auto done = f.finish(); !done) return done.error();
  auto now = static_cast<std::int64_t>(s.now());
  const std::string pair = "password:" + *username + ":" + r.address,
                    wrong_for_user = "password-wrong-user:" + *username;
  return s.run_keeping([&](Transaction& tx) -> Answer {
    if (auto counted = count_event(tx, "password-address:" + r.address, kPasswordSignInPerAddressPerHour, 3600, now);
        !counted)
      return counted.error();
    auto throttle = read_throttle(tx, pair, now);
    if (!throttle) return throttle.error();
    if (auto waited = check_backoff(*throttle, now); !waited) return waited.error();
    if (auto under = under_limit(tx, wrong_for_user, kWrongPasswordsPerUserPerHour, 3600, now); !under)
      return under.error();
    auto credential = store::authority_credential(tx, *username);
    if (!credential) return credential.error();
    const auto& found = *credential;
    bool known = found.has_value();
    bool ok = password_matches(known ? found->password_hash : decoy_hash(), *password);
    bool disabled = known && (found->disabled_at || found->authority == 0);
    if (!known || !ok || disabled) {
      // Committed with the error answer (run_keeping): the back-off and the audit row of the failure.
      throttle->failures += 1;
      throttle->last_failure_at = now;
      if (auto saved = save_throttle(tx, pair, *throttle); !saved) return saved.error();
      if (auto added = add_event(tx, wrong_for_user, 3600, now); !added) return added.error();
      // The username as typed (never the password) and the address; the target is the account when one matches.
      auto target = known ? std::optional<std::string>(found->account_id) : std::nullopt;
      json detail = {{"username", *username}, {"address", r.address}};
      if (disabled && ok) detail["disabled"] = true;
      if (auto a = write_audit(s, tx, std::nullopt, "authority.sign_in_failed", target, "sign-in", detail); !a)
        return a.error();
      return make_error("auth.password", "wrong username or password, or the account is disabled");
    }
    if (throttle->exists) {
      if (auto d = store::delete_throttle(tx, pair); !d) return d.error();
    }
    auto account_id = found->account_id;
    auto token = new_token();
    // Staff sessions are a working day, not a week.
    auto expires = now + static_cast<std::int64_t>(std::min<std::uint64_t>(s.options.session_ttl, 12 * 3600));
    auto pruned = store::delete_expired_sessions(tx, account_id, now);
    if (!pruned) return pruned.error();
    auto session = store::insert_password_session(tx, token_hash(token), account_id, now, expires);
    if (!session) return session.error();
    if (auto a = write_audit(s, tx, account_id, "authority.sign_in", account_id, "sign-in", {{"address", r.address}});
        !a)
      return a.error();
    return json_reply({{"token", token},
                       {"expiresAt", expires},
                       {"account",
                        {{"id", account_id},
                         {"username", *username},
                         {"displayName", found->display_name},
                         {"roles", {"authority"}}}}},
                      true);
  });
}

Answer Service::lookup_person(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto id_number = f.text("idNumber", 18, false, "person.id_number");
  auto phone = f.text("phone", 20, false, "person.phone");
  auto reason = stated_reason(f);
  if (auto done = f.finish(); !done) return done.error();
  if (!id_number == !phone) return make_error("request.invalid", "give exactly one of idNumber and phone");
  if (auto ok = id_number ? check_id_number(*id_number) : check_phone(*phone); !ok) return ok.error();
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    auto by = id_number ? "idNumber" : "phone";
    auto hash = id_number ? s.vault.lookup_hash("id", *id_number) : s.vault.lookup_hash("phone", *phone);
    auto key = id_number ? store::LookupKey::id_number : store::LookupKey::phone;
    auto matches = store::person_ids_by(tx, key, hash);
    if (!matches) return matches.error();
    json people = json::array(), ids = json::array();
    for (const auto& id : *matches) {
      auto person = person_by_id(tx, id);
      if (!person) return person.error();
      auto out = masked_person(s, **person);
      out["statusQ"] = (*person)->status_q;
      out["kind"] = (*person)->account_id ? "account" : "proxy";
      people.push_back(out);
      ids.push_back(id);
    }
    // Hand-registered visitors who have no person record: counted, so staff know to look at check-ins.
    auto manual = store::manual_checkin_count(tx, key, hash, s.retained_since());
    if (!manual) return manual.error();
    auto target = matches->empty() ? std::optional<std::string>() : std::optional<std::string>(matches->front());
    if (auto a = write_audit(s, tx, who.account_id, "person.lookup", target, *reason, {{"by", by}, {"matches", ids}});
        !a)
      return a.error();
    return json_reply({{"people", people}, {"manualCheckins", *manual}});
  });
}

Answer Service::authority_person(const Request& r) {
  auto& s = *impl_;
  auto reason = stated_reason(r);
  if (!reason) return reason.error();
  const auto& person_id = r.params.at(0);
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    auto person = person_by_id(tx, person_id);
    if (!person) return person.error();
    if (!*person) return make_error("person.not_found", "no such person");
    auto out = masked_person(s, **person);
    out["statusQ"] = (*person)->status_q;
    out["kind"] = (*person)->account_id ? "account" : "proxy";
    // The full phone: staff call contacts. This read is in the audit log like the rest of the record.
    std::string phone;
    if ((*person)->phone_enc) {
      if (auto p = s.vault.open(*(*person)->phone_enc)) phone = *p;
    } else if ((*person)->account_id) {
      if (auto p = account_phone(s, tx, *(*person)->account_id)) phone = *p;
    }
    out["phone"] = phone.empty() ? json(nullptr) : json(phone);

    auto history = store::status_history(tx, person_id);
    if (!history) return history.error();
    json changes = json::array();
    for (const auto& h : *history)
      changes.push_back({{"q", h.q},
                         {"status", h.status},
                         {"previous", h.previous},
                         {"source", h.source},
                         {"caseId", json_text_or_null(h.case_id)},
                         {"reason", h.reason},
                         {"changedAt", h.changed_at},
                         {"actor", actor_json(h.actor_id, h.actor_name)}});

    auto visits = store::person_visits(tx, person_id, s.retained_since());
    if (!visits) return visits.error();
    json checkins = json::array();
    for (const auto& v : *visits)
      checkins.push_back({{"id", v.client_id},
                          {"placeId", v.place_id},
                          {"placeName", v.place_name},
                          {"category", v.category},
                          {"time", v.time},
                          {"method", v.method},
                          {"decision", json_text_or_null(v.decision)},
                          {"provenance", json_text_or_null(v.provenance)}});

    auto cases = store::person_cases(tx, person_id);
    if (!cases) return cases.error();
    json involved = json::array();
    for (const auto& c : *cases)
      involved.push_back({{"caseId", c.case_id},
                          {"role", c.role},
                          {"state", c.state},
                          {"windowStart", c.window_start},
                          {"windowEnd", c.window_end}});

    if (auto a = write_audit(s, tx, who.account_id, "person.view", person_id, *reason); !a) return a.error();
    return json_reply({{"person", out}, {"history", changes}, {"checkins", checkins}, {"cases", involved}});
  });
}

Answer Service::audit_log(const Request& r) {
  auto& s = *impl_;
  // Whole numbers only: "10abc" is refused, not read as 10.
  auto limit_given = query_number(r.query, "limit", "request.invalid", "limit, before: whole numbers");
  if (!limit_given) return limit_given.error();
  auto before = query_number(r.query, "before", "request.invalid", "limit, before: whole numbers");
  if (!before) return before.error();
  std::int64_t limit = limit_given->value_or(100);
  if (limit < 1 || limit > 500) return make_error("request.invalid", "limit: 1 to 500");
  auto given = [&](const char* name) -> std::optional<std::string> {
    if (auto it = r.query.find(name); it != r.query.end()) return it->second;
    return std::nullopt;
  };
  store::AuditFilter filter{given("actor"), given("target"), given("action"), *before, limit};
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    auto found = store::audit_entries(tx, filter);
    if (!found) return found.error();
    json entries = json::array();
    for (const auto& e : *found) entries.push_back(entry_json(e));
    return json_reply({{"entries", entries}});
  });
}

}  // namespace greenlight::service
