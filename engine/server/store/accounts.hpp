// Who may sign in and how often: accounts, sessions, one-time codes, sign-in throttles, rate counters and
// the health-authority password credentials. Sealed values and hashes pass through as stored; times are
// given by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

using storage::Transaction;

// Rate counters (fixed windows, keyed by what is counted and the window's start).
// Adds one event to the window and returns the window's count including it.
Result<std::int64_t> count_rate_event(Transaction& tx, const std::string& key, std::int64_t window_start);
// The window's count, or nothing when no event was counted in it.
Result<std::optional<std::int64_t>> rate_count(Transaction& tx, const std::string& key, std::int64_t window_start);
Result<void> add_rate_events(Transaction& tx, const std::string& key, std::int64_t window_start, std::int64_t delta);
Result<void> delete_rate_counts_before(Transaction& tx, std::int64_t before);

// A sign-in back-off pair (phone or username, client address).
struct Throttle {
  bool exists = false;
  std::int64_t failures = 0, last_failure_at = 0;
  std::int64_t challenge_at = 0, challenge_failures = 0;  // OTP: wrong codes against the pending code
  std::int64_t last_sent_at = 0;                          // OTP: the last code sent at this pair's request
};
// The stored row (exists = true), or a fresh Throttle when there is none.
Result<Throttle> throttle_by_key(Transaction& tx, const std::string& key);
Result<void> upsert_throttle(Transaction& tx, const std::string& key, const Throttle& t);
Result<void> delete_throttle(Transaction& tx, const std::string& key);
// Pairs with neither a failure nor a code sent since `before`.
Result<void> delete_idle_throttles(Transaction& tx, std::int64_t before);

// The pending one-time code of a phone (one at a time).
struct OtpChallenge {
  std::string code_hash;
  std::int64_t expires_at = 0, created_at = 0;
};
Result<std::optional<OtpChallenge>> otp_challenge(Transaction& tx, const std::string& phone_hash);
Result<void> save_otp_challenge(Transaction& tx, const std::string& phone_hash, const std::string& code_hash,
                                std::int64_t expires_at, std::int64_t created_at);
Result<void> delete_otp_challenge(Transaction& tx, const std::string& phone_hash);
// Only if it is still this code (a newer request may have replaced it).
Result<void> delete_otp_challenge_code(Transaction& tx, const std::string& phone_hash, const std::string& code_hash);

// Accounts.
Result<std::optional<std::string>> account_id_by_phone_hash(Transaction& tx, const std::string& phone_hash);
// A phone account, unless one already signs in with that phone.
Result<void> insert_phone_account_if_new(Transaction& tx, const std::string& id, const std::string& phone_hash,
                                         const std::string& phone_enc, std::int64_t created_at);
// A staff account (authority = 1); phone_hash is the caller's marker.
Result<void> insert_staff_account(Transaction& tx, const std::string& id, const std::string& phone_hash,
                                  const std::string& phone_enc, std::int64_t created_at);
Result<void> mark_account_authority(Transaction& tx, const std::string& account_id);

// Sessions (tokens stored as hashes).
Result<void> insert_session(Transaction& tx, const std::string& token_hash, const std::string& account_id,
                            std::int64_t created_at, std::int64_t expires_at);
Result<void> insert_password_session(Transaction& tx, const std::string& token_hash, const std::string& account_id,
                                     std::int64_t created_at, std::int64_t expires_at);
Result<void> delete_expired_sessions(Transaction& tx, const std::string& account_id, std::int64_t now);
Result<void> delete_session(Transaction& tx, const std::string& token_hash);
// Both return how many sessions ended.
Result<std::int64_t> delete_account_sessions(Transaction& tx, const std::string& account_id);
Result<std::int64_t> delete_password_sessions(Transaction& tx, const std::string& account_id);

// Health-authority password credentials.
struct AuthorityCredential {
  std::string account_id, password_hash, display_name;
  std::optional<std::int64_t> disabled_at;
  std::int64_t authority = 0;  // the account's flag
};
Result<std::optional<AuthorityCredential>> authority_credential(Transaction& tx, const std::string& username);
// The account and whether (since when) it is disabled, without the account join.
struct AuthorityState {
  std::string account_id;
  std::optional<std::int64_t> disabled_at;
};
Result<std::optional<AuthorityState>> authority_state(Transaction& tx, const std::string& username);
Result<bool> authority_username_taken(Transaction& tx, const std::string& username);
Result<void> insert_authority_credential(Transaction& tx, const std::string& account_id, const std::string& username,
                                         const std::string& display_name, const std::string& password_hash,
                                         std::int64_t created_at);
// Sets a new password and re-enables, or adds the credential.
Result<void> upsert_authority_credential(Transaction& tx, const std::string& account_id, const std::string& username,
                                         const std::string& display_name, const std::string& password_hash,
                                         std::int64_t created_at);
Result<void> disable_authority_credential(Transaction& tx, const std::string& account_id, std::int64_t at);

}  // namespace greenlight::store
