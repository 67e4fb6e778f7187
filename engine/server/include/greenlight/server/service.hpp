// The server's services (docs/api.md): sign-in, people and their codes, proxies, places and inspectors,
// check-ins, statistics and status publication, over one storage::Database. Transport-neutral: an HTTP
// front (bindings/server) turns requests into Service calls and replies into responses, nothing more.
//
// Every call runs in one database transaction, so a failed call has written nothing (the one deliberate
// exception: a refused sign-in still counts against its rate limit).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "greenlight/server/documents.hpp"
#include "greenlight/error.hpp"
#include "greenlight/server/keyring.hpp"
#include "greenlight/server/storage.hpp"
#include "greenlight/verifier.hpp"

namespace greenlight::service {

// Where one-time codes go: an outbox file in development, a gateway in production.
class SmsSender {
 public:
  virtual ~SmsSender() = default;
  // Errors: sms.unavailable.
  virtual Result<void> send(const std::string& phone, const std::string& text) = 0;
};

// Appends {"at","phone","text"} lines to a file (demo and development; never for production).
class SmsOutbox : public SmsSender {
 public:
  explicit SmsOutbox(std::string path) : path_(std::move(path)) {}
  Result<void> send(const std::string& phone, const std::string& text) override;
  // The last `limit` messages to phone, oldest first.
  std::vector<nlohmann::json> messages_to(const std::string& phone, std::size_t limit = 10) const;

 private:
  std::string path_;
};

// Where the service reports what became of check-ins, for monitoring (greenlight-server's /metrics). Called
// after the call's transaction, from several threads at once.
class MetricsSink {
 public:
  virtual ~MetricsSink() = default;
  // `count` check-in rows were stored, made by `method` (inspector-scan, manual, self-scan).
  virtual void checkins_stored(const std::string& method, std::uint64_t count) = 0;
  // A check-in was not stored: one record of a batch, a self check-in, or a whole batch refused at once.
  virtual void checkin_rejected(const std::string& code) = 0;
};

// What the server publishes to verifiers now (for monitoring): the status sequence number and when each
// signed document it serves expires (unix seconds).
struct Publication {
  std::uint64_t status_seq = 0;
  std::uint64_t trust_list_expires = 0, rules_expires = 0, status_list_expires = 0;
};

struct ServiceOptions {
  std::string public_url = "http://127.0.0.1:8080/";  // base of the pages; place codes point into it
  std::uint64_t session_ttl = 7 * 86400;
  std::uint64_t code_ttl = 300;           // dynamic personal codes
  std::uint64_t proxy_ttl = 180 * 86400;  // printed proxy codes
  std::uint64_t place_code_ttl = 5 * 365 * 86400;
  std::uint64_t otp_ttl = 300;
  std::uint32_t otp_per_address_per_hour = 30;
  std::uint64_t retention_days = 28;  // oldest check-in time accepted
  std::uint64_t future_skew = 300;    // newest check-in time accepted, ahead of now
  std::uint64_t repeat_window = 600;  // statistics: an inspector scan of a subject scanned at the place less than
                                      // this long before is the same visit (0: every scan counts)
  std::uint64_t status_snapshot_resign = 6 * 3600;
  std::size_t delta_max_subjects = 10000;             // beyond this a snapshot is cheaper than a delta
  std::uint64_t green_after_days = 14;                // case-assigned yellow/orange back to green after this long
                                                      // without a new exposure (0: never automatically)
  std::map<std::string, std::int64_t> dwell_minutes;  // overrides of tracing's presence per place category
  Clock clock;                                        // defaults to the system clock
  MetricsSink* metrics = nullptr;                     // none: nothing reported
  // A hot standby taking the heavy reads (tracing previews, place statistics) off the primary; sessions,
  // authorization and audit rows stay on the primary. None: the primary does all. Should it be
  // unreachable, the primary answers instead.
  storage::Database* read_db = nullptr;
};

// What a caller sends, already converted from the transport.
struct Request {
  std::string token;                // bearer token ("" when none)
  std::string address;              // the client's network address (rate limits)
  nlohmann::json body;              // null when there is no body
  std::vector<std::string> params;  // path parameters, in order
  std::map<std::string, std::string> query;
};

// What a call answers: JSON, or a document in another media type (SVG, PNG, HTML, JWS). What that becomes
// in a transport (statuses, caching headers, conditional requests) is the front's business.
struct Reply {
  nlohmann::json body;     // null when the call has nothing to say
  std::string media_type;  // set for raw bodies
  std::string raw;
  bool created = false;    // the call made something new (a session, a place, a check-in, a published set)
  bool unchanged = false;  // nothing new since what the caller said it has (a status list "since" its seq)
  std::string version;     // a document's version: the same version, the same content (quoted, opaque)
};

using Answer = Result<Reply>;

class Service {
 public:
  // Opens the services over a migrated database. Errors: keyring.root, storage.*.
  static Result<std::unique_ptr<Service>> create(storage::Database& db, const Keyring& keys, SmsSender& sms,
                                                 ServiceOptions options);
  ~Service();

  // Sign-in
  Answer request_otp(const Request& r);
  Answer sign_in(const Request& r);
  Answer sign_out(const Request& r);
  Answer sign_out_everywhere(const Request& r);  // every session of the caller's account

  // Me
  Answer me(const Request& r);
  Answer set_identity(const Request& r);
  Answer declare(const Request& r);
  Answer my_code(const Request& r);
  Answer my_checkins(const Request& r);
  Answer self_checkin(const Request& r);
  // The itinerary the caller's codes carry, matched against the published region-risk list.
  Answer my_itinerary(const Request& r);

  // Proxies: params {proxy id}
  Answer create_proxy(const Request& r);
  Answer list_proxies(const Request& r);
  Answer proxy_card(const Request& r);
  Answer regenerate_proxy(const Request& r);
  Answer revoke_proxy(const Request& r);

  // Places: params {place id[, sub id]}
  Answer create_place(const Request& r);
  Answer get_place(const Request& r);
  Answer place_poster_svg(const Request& r);
  Answer place_poster_png(const Request& r);
  Answer rotate_declaration_code(const Request& r);
  // A transfer is an offer to a phone; the place moves when that phone's account accepts it.
  Answer transfer_place(const Request& r);
  Answer place_offer(const Request& r);          // the place's pending offer, for its admin
  Answer cancel_place_offer(const Request& r);   // params {place id}
  Answer my_place_offers(const Request& r);      // offers to the caller's phone
  Answer accept_place_offer(const Request& r);   // params {offer id}
  Answer decline_place_offer(const Request& r);  // params {offer id}
  Answer list_inspectors(const Request& r);
  Answer unbind_inspector(const Request& r);
  Answer list_checkpoints(const Request& r);
  Answer add_checkpoint(const Request& r);
  Answer remove_checkpoint(const Request& r);
  Answer place_statistics(const Request& r);

  // Inspectors
  Answer bind_inspector(const Request& r);
  Answer inspector_places(const Request& r);
  Answer leave_place(const Request& r);
  Answer ingest_checkins(const Request& r);

  // Authority staff (password sessions): params {person id} / {case id}. Look-ups and tracing queries need
  // a stated reason and write an audit row.
  Answer authority_sign_in(const Request& r);
  Answer lookup_person(const Request& r);
  Answer authority_person(const Request& r);
  Answer set_status(const Request& r);
  // A service counter checked an ID card: the account with that phone becomes the verified holder of the ID
  // number (the only way to take an ID number over from an account that squatted it).
  Answer verify_identity(const Request& r);
  Answer audit_log(const Request& r);
  Answer create_case(const Request& r);
  Answer list_cases(const Request& r);
  Answer get_case(const Request& r);
  Answer preview_case(const Request& r);
  Answer confirm_case(const Request& r);
  Answer run_maintenance(const Request& r);
  // Rule sets: publish one that passes its example cases (then served to verifiers); the history.
  Answer publish_rules(const Request& r);
  Answer list_rule_sets(const Request& r);
  Answer get_rule_set(const Request& r);  // params {seq}: the set and its example cases
  // Region-risk lists: publish one (served to verifiers from then on, replacing the one before); the history.
  Answer publish_region_risk(const Request& r);
  Answer list_region_risk(const Request& r);
  // Issuer keys: every key and its state; rotate one use's key (docs/api.md "Issuer keys").
  Answer list_issuer_keys(const Request& r);
  Answer rotate_issuer_key(const Request& r);
  // The active issuer key of a use (greenlight-server keys export), for offline tools that issue codes the
  // server's verifiers accept, such as the demo's printed codes. Errors: request.invalid (not a use).
  Result<KeyPair> active_issuer_key(const std::string& use);

  // Creates an authority account with a password (greenlight-server authority add). Errors:
  // authority.username, authority.display_name, authority.password, authority.exists.
  Result<nlohmann::json> add_authority(const std::string& username, const std::string& display_name,
                                       const std::string& password);
  // Disables an authority account (greenlight-server authority disable): its password sessions end at once
  // and it can no longer sign in. Errors: authority.not_found.
  Result<nlohmann::json> disable_authority(const std::string& username);
  // The daily maintenance: purges check-ins older than retention_days and returns case-assigned statuses to
  // green after green_after_days without a new exposure; both in the audit log. Returns what it did.
  // On PostgreSQL it also makes the check-in day partitions ahead and drops the ones retention let go.
  Result<nlohmann::json> maintain();
  // PostgreSQL: the check-in day partitions from the retention cutoff to a week ahead, on every shard (at
  // start, before the first request; maintain() too). Nothing on SQLite.
  Result<void> prepare_checkin_days();

  // Documents for verifiers (no sign-in); query "since" for the status list.
  Answer trust_list(const Request& r);
  Answer rules(const Request& r);
  Answer status_list(const Request& r);
  Answer risk_notices(const Request& r);
  Answer region_risk(const Request& r);
  Answer health(const Request& r);
  // The documents' state for monitoring, without a request. Errors: storage.*, keyring.root.
  Result<Publication> publication();

  // Demo data (places, inspectors, citizens, proxies, check-ins) when the database has no accounts yet.
  // Returns what a person trying the demo needs to know (phones and roles), or null when data existed.
  Result<nlohmann::json> seed_demo();

  struct Impl;

 private:
  explicit Service(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace greenlight::service
