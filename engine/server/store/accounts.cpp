// Accounts, sessions, one-time codes, throttles, rate counters and staff credentials (accounts.hpp).
#include "accounts.hpp"

namespace greenlight::store {
namespace {

Result<void> accounts_exec(Transaction& tx, std::string_view sql, const std::vector<storage::Value>& params) {
  auto done = tx.query(sql, params);
  if (!done) return done.error();
  return {};
}

Result<std::int64_t> accounts_changed(Transaction& tx, std::string_view sql,
                                      const std::vector<storage::Value>& params) {
  auto done = tx.query(sql, params);
  if (!done) return done.error();
  return done->affected;
}

}  // namespace

Result<std::int64_t> count_rate_event(Transaction& tx, const std::string& key, std::int64_t window_start) {
  auto rows = tx.query(
      "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1) "
      "ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1 RETURNING count",
      {key, window_start});
  if (!rows) return rows.error();
  if (rows->empty()) return make_error("storage.error", "rate_limits: RETURNING gave no row");
  return rows->front().get<std::int64_t>(0);
}

Result<std::optional<std::int64_t>> rate_count(Transaction& tx, const std::string& key, std::int64_t window_start) {
  auto rows = tx.query("SELECT count FROM rate_limits WHERE key = $1 AND window_start = $2", {key, window_start});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<std::int64_t>();
  auto count = rows->front().get<std::int64_t>(0);
  if (!count) return count.error();
  return std::optional<std::int64_t>(*count);
}

Result<void> add_rate_events(Transaction& tx, const std::string& key, std::int64_t window_start, std::int64_t delta) {
  return accounts_exec(tx,
                       "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, $3) "
                       "ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + $3",
                       {key, window_start, delta});
}

Result<void> delete_rate_counts_before(Transaction& tx, std::int64_t before) {
  return accounts_exec(tx, "DELETE FROM rate_limits WHERE window_start < $1", {before});
}

Result<Throttle> throttle_by_key(Transaction& tx, const std::string& key) {
  auto rows = tx.query(
      "SELECT failures, last_failure_at, challenge_at, challenge_failures, last_sent_at FROM sign_in_throttles WHERE "
      "key = $1",
      {key});
  if (!rows) return rows.error();
  Throttle t;
  if (rows->empty()) return t;
  auto cols = rows->front().as<std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::int64_t>();
  if (!cols) return cols.error();
  t.exists = true;
  std::tie(t.failures, t.last_failure_at, t.challenge_at, t.challenge_failures, t.last_sent_at) = *cols;
  return t;
}

Result<void> upsert_throttle(Transaction& tx, const std::string& key, const Throttle& t) {
  return accounts_exec(
      tx,
      "INSERT INTO sign_in_throttles (key, failures, last_failure_at, challenge_at, challenge_failures, last_sent_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO UPDATE SET failures = $2, last_failure_at = $3, "
      "challenge_at = $4, challenge_failures = $5, last_sent_at = $6",
      {key, t.failures, t.last_failure_at, t.challenge_at, t.challenge_failures, t.last_sent_at});
}

Result<void> delete_throttle(Transaction& tx, const std::string& key) {
  return accounts_exec(tx, "DELETE FROM sign_in_throttles WHERE key = $1", {key});
}

Result<void> delete_idle_throttles(Transaction& tx, std::int64_t before) {
  return accounts_exec(tx, "DELETE FROM sign_in_throttles WHERE last_failure_at < $1 AND last_sent_at < $1", {before});
}

Result<std::optional<OtpChallenge>> otp_challenge(Transaction& tx, const std::string& phone_hash) {
  auto rows =
      tx.query("SELECT code_hash, expires_at, created_at FROM otp_challenges WHERE phone_hash = $1", {phone_hash});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<OtpChallenge>();
  auto cols = rows->front().as<std::string, std::int64_t, std::int64_t>();
  if (!cols) return cols.error();
  auto& [code_hash, expires_at, created_at] = *cols;
  return std::optional<OtpChallenge>(OtpChallenge{code_hash, expires_at, created_at});
}

Result<void> save_otp_challenge(Transaction& tx, const std::string& phone_hash, const std::string& code_hash,
                                std::int64_t expires_at, std::int64_t created_at) {
  return accounts_exec(
      tx,
      "INSERT INTO otp_challenges (phone_hash, code_hash, expires_at, attempts, created_at) VALUES ($1, $2, $3, 0, $4) "
      "ON CONFLICT (phone_hash) DO UPDATE SET code_hash = $2, expires_at = $3, attempts = 0, created_at = $4",
      {phone_hash, code_hash, expires_at, created_at});
}

Result<void> delete_otp_challenge(Transaction& tx, const std::string& phone_hash) {
  return accounts_exec(tx, "DELETE FROM otp_challenges WHERE phone_hash = $1", {phone_hash});
}

Result<void> delete_otp_challenge_code(Transaction& tx, const std::string& phone_hash, const std::string& code_hash) {
  return accounts_exec(tx, "DELETE FROM otp_challenges WHERE phone_hash = $1 AND code_hash = $2",
                       {phone_hash, code_hash});
}

Result<std::optional<std::string>> account_id_by_phone_hash(Transaction& tx, const std::string& phone_hash) {
  auto rows = tx.query("SELECT id FROM accounts WHERE phone_hash = $1", {phone_hash});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<std::string>();
  auto id = rows->front().get<std::string>(0);
  if (!id) return id.error();
  return std::optional<std::string>(*id);
}

Result<void> insert_phone_account_if_new(Transaction& tx, const std::string& id, const std::string& phone_hash,
                                         const std::string& phone_enc, std::int64_t created_at) {
  return accounts_exec(
      tx,
      "INSERT INTO accounts (id, phone_hash, phone_enc, authority, created_at) VALUES ($1, $2, $3, 0, $4) "
      "ON CONFLICT (phone_hash) DO NOTHING",
      {id, phone_hash, phone_enc, created_at});
}

Result<void> insert_staff_account(Transaction& tx, const std::string& id, const std::string& phone_hash,
                                  const std::string& phone_enc, std::int64_t created_at) {
  return accounts_exec(
      tx, "INSERT INTO accounts (id, phone_hash, phone_enc, authority, created_at) VALUES ($1, $2, $3, 1, $4)",
      {id, phone_hash, phone_enc, created_at});
}

Result<void> mark_account_authority(Transaction& tx, const std::string& account_id) {
  return accounts_exec(tx, "UPDATE accounts SET authority = 1 WHERE id = $1", {account_id});
}

Result<void> insert_session(Transaction& tx, const std::string& token_hash, const std::string& account_id,
                            std::int64_t created_at, std::int64_t expires_at) {
  return accounts_exec(tx,
                       "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                       {token_hash, account_id, created_at, expires_at});
}

Result<void> insert_password_session(Transaction& tx, const std::string& token_hash, const std::string& account_id,
                                     std::int64_t created_at, std::int64_t expires_at) {
  return accounts_exec(tx,
                       "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, method) VALUES ($1, $2, "
                       "$3, $4, 'password')",
                       {token_hash, account_id, created_at, expires_at});
}

Result<void> delete_expired_sessions(Transaction& tx, const std::string& account_id, std::int64_t now) {
  return accounts_exec(tx, "DELETE FROM sessions WHERE account_id = $1 AND expires_at <= $2", {account_id, now});
}

Result<void> delete_session(Transaction& tx, const std::string& token_hash) {
  return accounts_exec(tx, "DELETE FROM sessions WHERE token_hash = $1", {token_hash});
}

Result<std::int64_t> delete_account_sessions(Transaction& tx, const std::string& account_id) {
  return accounts_changed(tx, "DELETE FROM sessions WHERE account_id = $1", {account_id});
}

Result<std::int64_t> delete_password_sessions(Transaction& tx, const std::string& account_id) {
  return accounts_changed(tx, "DELETE FROM sessions WHERE account_id = $1 AND method = 'password'", {account_id});
}

Result<std::optional<AuthorityCredential>> authority_credential(Transaction& tx, const std::string& username) {
  auto rows = tx.query(
      "SELECT c.account_id, c.password_hash, c.display_name, c.disabled_at, a.authority FROM authority_credentials c "
      "JOIN accounts a ON a.id = c.account_id WHERE c.username = $1",
      {username});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<AuthorityCredential>();
  auto cols = rows->front().as<std::string, std::string, std::string, std::optional<std::int64_t>, std::int64_t>();
  if (!cols) return cols.error();
  auto& [account_id, password_hash, display_name, disabled_at, authority] = *cols;
  return std::optional<AuthorityCredential>(
      AuthorityCredential{account_id, password_hash, display_name, disabled_at, authority});
}

Result<std::optional<AuthorityState>> authority_state(Transaction& tx, const std::string& username) {
  auto rows = tx.query("SELECT account_id, disabled_at FROM authority_credentials WHERE username = $1", {username});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<AuthorityState>();
  auto cols = rows->front().as<std::string, std::optional<std::int64_t>>();
  if (!cols) return cols.error();
  auto& [account_id, disabled_at] = *cols;
  return std::optional<AuthorityState>(AuthorityState{account_id, disabled_at});
}

Result<bool> authority_username_taken(Transaction& tx, const std::string& username) {
  auto rows = tx.query("SELECT 1 FROM authority_credentials WHERE username = $1", {username});
  if (!rows) return rows.error();
  return !rows->empty();
}

Result<void> insert_authority_credential(Transaction& tx, const std::string& account_id, const std::string& username,
                                         const std::string& display_name, const std::string& password_hash,
                                         std::int64_t created_at) {
  return accounts_exec(tx,
                       "INSERT INTO authority_credentials (account_id, username, display_name, password_hash, "
                       "created_at) VALUES ($1, $2, $3, $4, $5)",
                       {account_id, username, display_name, password_hash, created_at});
}

Result<void> upsert_authority_credential(Transaction& tx, const std::string& account_id, const std::string& username,
                                         const std::string& display_name, const std::string& password_hash,
                                         std::int64_t created_at) {
  return accounts_exec(tx,
                       "INSERT INTO authority_credentials (account_id, username, display_name, password_hash, "
                       "created_at) VALUES ($1, $2, $3, $4, $5) "
                       "ON CONFLICT (account_id) DO UPDATE SET password_hash = $4, disabled_at = NULL",
                       {account_id, username, display_name, password_hash, created_at});
}

Result<void> disable_authority_credential(Transaction& tx, const std::string& account_id, std::int64_t at) {
  return accounts_exec(tx, "UPDATE authority_credentials SET disabled_at = $2 WHERE account_id = $1", {account_id, at});
}

}  // namespace greenlight::store
