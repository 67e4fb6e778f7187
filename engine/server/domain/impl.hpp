// The service's shared state and the helpers its parts use (one .cpp per area of docs/api.md).
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "greenlight/server/documents.hpp"
#include "greenlight/issuer.hpp"
#include "greenlight/server/privacy.hpp"
#include "greenlight/server/service.hpp"
#include "greenlight/server/storage.hpp"
#include "greenlight/verifier.hpp"
#include "../store/accounts.hpp"
#include "request_fields.hpp"
#include "../store/people.hpp"
#include "../store/sql_sets.hpp"

namespace greenlight::service {

using nlohmann::json;
using storage::Transaction;
using storage::Value;

// The clock difference verifiers tolerate by default (VerifierOptions::skew_seconds): a credential is
// accepted until its exp plus this, so a status entry about it is needed until then.
constexpr std::int64_t kVerifierSkew = 60;

struct Session {
  std::string account_id;
  bool authority = false;
};

// The keys a process signs with, as of one key generation (issuer_keys.cpp).
struct SigningKeys {
  IssuerKeySet set;
  Issuer person, proxy, place, status;  // the active keys (set.rules and set.regions sign through DocumentService)
};

struct Service::Impl {
  Impl(storage::Database& db, const Keyring& keys, SmsSender& sms, ServiceOptions options);

  storage::Database& db;
  const Keyring& keys;
  SmsSender& sms;
  ServiceOptions options;
  PiiVault vault;
  DocumentService documents;

  std::uint64_t now() const { return options.clock ? options.clock() : system_clock_now(); }
  // The oldest check-in time still kept: look-ups ask from here on, so PostgreSQL reads only the day
  // partitions retention keeps.
  std::int64_t retained_since() const {
    return static_cast<std::int64_t>(now()) - static_cast<std::int64_t>(options.retention_days) * 86400;
  }

  // The keys to sign with now (issuer_keys.cpp), re-read whenever a rotation (by any process) moved the
  // key generation. The second form is for the check-in path's verifier, outside any transaction: it asks
  // the database at most once a second (in a transaction of its own), so a rotation elsewhere reaches it
  // within a second and a check-in costs no extra transaction.
  Result<std::shared_ptr<const SigningKeys>> signing_keys(Transaction& tx);
  Result<std::shared_ptr<const SigningKeys>> signing_keys();
  // After a rotation by this process: the next signing_keys() asks the database.
  void recheck_signing_keys();

  // The verifier for codes the server is shown (check-ins), rebuilt when the trust list is re-signed.
  Result<std::shared_ptr<const Verifier>> verifier();

  // Runs work in one transaction. A work result that is an error rolls everything back; `keep` lets a
  // call commit what it wrote and still answer with an error (a failed sign-in's attempt counters).
  Answer run(const std::function<Answer(Transaction&)>& work);
  Answer run_keeping(const std::function<Answer(Transaction&)>& work);
  // run() on the read database (options.read_db), for work that only reads and may be a moment behind the
  // primary; on the primary when there is none or it cannot be reached.
  Answer run_read(const std::function<Answer(Transaction&)>& work);

  // The session behind the request's token. Errors: auth.required.
  Result<Session> authenticate(Transaction& tx, const Request& r);
  // run() for a signed-in caller: auth.required otherwise.
  Answer run_signed_in(const Request& r, const std::function<Answer(Transaction&, const Session&)>& work);

  // Until when a status change is also published under people.subject, which codes issued before per-day
  // pseudonyms carried (0: no such code can be alive). Set at start (start_legacy_subject_window).
  std::int64_t legacy_subject_codes_until = 0;

  // Status documents (status_documents.cpp).
  std::mutex status_mutex;
  std::optional<SignedDocument> status_snapshot;
  std::int64_t status_snapshot_generation = -1;    // the key generation that signed it
  std::uint64_t status_snapshot_period = 0;        // the start of the re-signing period it was signed in
  std::uint64_t status_snapshot_needed_until = 0;  // past this second, one of its entries is no longer needed

 private:
  std::mutex verifier_mutex_;
  std::shared_ptr<const Verifier> verifier_;
  std::string verifier_version_;
  std::mutex signing_keys_mutex_;
  std::shared_ptr<const SigningKeys> signing_keys_;
  std::chrono::steady_clock::time_point signing_keys_checked_{};
};

// issuer_keys.cpp: on the first start against a database, its active keys are the data directory's key
// files and a next key is made for each use (a no-op once done, by whichever process started first).
Result<void> import_file_keys(Service::Impl& s, Transaction& tx);

// Queries over a set of values (store/sql_sets.hpp).
using store::kSqlSetSize;
using store::padded_set_size;
using store::sql_in_list;

// ids.cpp
std::string new_id(std::string_view prefix);     // "pl-" + 16 base32 characters (80 bits)
std::string new_token();                         // 256 bits, base64url (43 characters)
std::string token_hash(std::string_view token);  // base64url(SHA-256(token))
std::string new_subject();                       // pseudonymous subject for codes (128 bits)
std::string new_declaration_code();              // "XXXX-XXXX-XXXX"
std::string normalize_declaration_code(std::string_view input);
std::string new_otp();  // 6 digits
// Claim codes, printed on a proxy card for the person it is for, share the declaration codes' readable format.
inline std::string new_claim_code() { return new_declaration_code(); }
inline std::string normalize_claim_code(std::string_view input) { return normalize_declaration_code(input); }

// rate_limit.cpp: counts one more event for key in the current window; auth.rate_limited past limit.
Result<void> count_event(Transaction& tx, const std::string& key, std::uint32_t limit, std::uint64_t window,
                         std::uint64_t now);
// auth.rate_limited when key's current window already holds `limit` events (counts nothing).
Result<void> under_limit(Transaction& tx, const std::string& key, std::uint32_t limit, std::uint64_t window,
                         std::uint64_t now);
// Adds delta events to key's current window (only what happened is counted: a code sent, a wrong code).
Result<void> add_event(Transaction& tx, const std::string& key, std::uint64_t window, std::uint64_t now, int delta = 1);

// Sign-in back-off per (phone or username, client address) pair: a stranger's failures slow the stranger,
// never the owner at another address. After kFreeFailures consecutive failures the pair waits
// 2^(failures - kFreeFailures + 1) s after its last failure (2, 4, 8, ... s), at most kMaxBackoff; a success
// or a day without failures forgets them.
constexpr std::int64_t kFreeFailures = 5;
constexpr std::int64_t kMaxBackoff = 3600;
constexpr std::int64_t kForgetFailuresAfter = 86400;
using store::Throttle;  // the stored pair (store/accounts.hpp)
std::int64_t backoff_delay(std::int64_t failures);
Result<Throttle> read_throttle(Transaction& tx, const std::string& key, std::uint64_t now);
// auth.rate_limited (retry_after: the rest of the delay) while the pair backs off.
Result<void> check_backoff(const Throttle& t, std::uint64_t now);
Result<void> save_throttle(Transaction& tx, const std::string& key, const Throttle& t);
// Now and then drops counters and throttles older than a day (not on every request).
Result<void> prune_sign_in_limits(Transaction& tx, std::uint64_t now);

// people.cpp (their records and statements: store/people.hpp)
using store::current_status_seq;
using store::people_by_id_number;
using store::people_by_ids;
using store::Person;
using store::person_by_id;
using store::person_of_account;
// The one person an authority action by ID number or phone is about: person.not_found when none,
// person.ambiguous (naming the candidates, masked) when more than one: staff then act by person id.
Result<Person> one_person_by(Service::Impl& s, Transaction& tx, const std::string& column, const std::string& hash);
// Counts one claim-code attempt by the signed-in account, in a transaction of its own so that failed
// attempts count too (auth.rate_limited past 10 an hour). Claim codes have 60 bits; this bounds guessing.
Result<void> count_claim_attempt(Service::Impl& s, const Request& r);
// Whether `code` (as typed: case and dashes are free) is the claim code whose keyed hash a record holds.
bool claim_code_matches(const Service::Impl& s, const std::optional<std::string>& claim_hash, const std::string& code);
json masked_person(const Service::Impl& s, const Person& p);
// The opened text of a sealed field, or "" when there is none or it does not open.
std::string open_or_empty(const PiiVault& vault, const std::optional<std::string>& sealed);
// GET /api/v1/me's body for an account.
Result<json> me_json(Service::Impl& s, Transaction& tx, const std::string& account_id);
Result<std::string> account_phone(Service::Impl& s, Transaction& tx, const std::string& account_id);
// Declarations keep their answers and matched rule ids sealed (health data, like other PII); rows written
// in plaintext by older servers are sealed once, at start-up (a no-op when none are left).
Result<void> seal_plaintext_declarations(Service::Impl& s, Transaction& tx);
// Why a status changed, kept in status_changes (the person's status history).
struct StatusChange {
  std::string source;                   // declaration | authority | case | auto-green
  std::string reason;                   // the authority's stated reason, or the server's own words
  std::optional<std::string> actor_id;  // the account that made the change (none for the server itself)
  std::optional<std::string> case_id;   // source "case"
};
// The subject a person's dynamic code issued at `at` carries: the pseudonym of that UTC day, recorded in
// subject_pseudonyms (once per person and day; concurrent calls agree, as it is derived, not drawn) so that
// check-ins of a scanned code find the person.
Result<std::string> day_pseudonym_for(Service::Impl& s, Transaction& tx, const Person& person, std::uint64_t at);
// Service::create: the first start after migration 0006 on a database with people fixes the time until
// which codes carrying people.subject may still be shown; every start reads it.
Result<void> start_legacy_subject_window(Service::Impl& s, Transaction& tx);
// Sets a person's status at the next status sequence number, publishes it for every subject a code that a
// verifier would still accept may carry (the day pseudonyms around now, people.subject while legacy codes
// may live, every live proxy subject), and records it in the person's status history. Returns that number.
Result<std::int64_t> publish_status(Service::Impl& s, Transaction& tx, const std::string& person_id,
                                    const std::string& status, const StatusChange& why);
// Publishes "revoked" for one subject (a replaced or deleted proxy code), needed until that code, which
// expires at credential_expires_at, is no longer accepted.
Result<std::int64_t> publish_revocation(Service::Impl& s, Transaction& tx, const std::string& subject,
                                        std::int64_t credential_expires_at);

// audit.cpp: one row of the audit trail (who, when, what, why). actor_id none = the server itself; target is
// an id, never personal data in clear; detail is a JSON object.
Result<void> write_audit(Service::Impl& s, Transaction& tx, const std::optional<std::string>& actor_id,
                         const std::string& action, const std::optional<std::string>& target, const std::string& reason,
                         const json& detail = json::object());

// authority.cpp: an authority credential (argon2id) for an account, which becomes an authority account.
Result<void> set_authority_credential(Service::Impl& s, Transaction& tx, const std::string& account_id,
                                      const std::string& username, const std::string& display_name,
                                      const std::string& password);
// The stated reason of a look-up or tracing query (body field or query parameter "reason"): audit.reason
// when missing, blank or over 200 characters.
std::optional<std::string> stated_reason(Fields& f);
Result<std::string> stated_reason(const Request& r);
// auth.forbidden unless the session is an authority's password session.
Result<void> require_authority(const Session& who);
// A status's severity: green 0 < yellow < orange < red.
int status_severity(const std::string& status);
// ServiceOptions::dwell_minutes applied to tracing's table.
std::int64_t place_dwell_seconds(const Service::Impl& s, const std::string& category);

// Validation shared by identity, proxies, manual registrations and companions (errors person.*).
Result<void> check_name(const std::string& name);
Result<void> check_id_number(const std::string& id_number);
Result<void> check_phone(const std::string& phone);

// region_risk_api.cpp: what a person's codes carry besides their status, at `now`: the itinerary (claim
// "tr": the regions of their check-ins, as /me/checkins counts them, and of their declarations' travel, over
// the last 14 days) and their latest declaration's summary (claim "dc"; none without a declaration).
struct CodeTravel {
  std::vector<greenlight::RegionVisit> itinerary;
  std::optional<DeclarationSummary> declaration;
};
Result<CodeTravel> code_travel(Service::Impl& s, Transaction& tx, const Person& person, std::uint64_t now);

// places.cpp
struct PlaceRoles {
  bool exists = false;
  bool admin = false;
  bool inspector = false;
};
Result<PlaceRoles> place_roles(Transaction& tx, const std::string& place_id, const std::string& account_id);

inline Reply json_reply(json body, bool created = false) {
  Reply r;
  r.body = std::move(body);
  r.created = created;
  return r;
}
// A reply that reports something the call made (a new session, place, check-in, ...).
inline Reply created_reply(json body) { return json_reply(std::move(body), true); }

}  // namespace greenlight::service
