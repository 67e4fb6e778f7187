// Issuer keys and the key generation (store/keys.hpp).
#include "keys.hpp"

namespace greenlight::store {
namespace {

using storage::Value;

Result<void> done(Result<storage::Rows> rows) {
  if (!rows) return rows.error();
  return {};
}

Result<std::vector<StoredCode>> codes(Result<storage::Rows> rows) {
  if (!rows) return rows.error();
  std::vector<StoredCode> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string>();
    if (!cols) return cols.error();
    out.push_back({std::get<0>(*cols), std::get<1>(*cols)});
  }
  return out;
}

}  // namespace

Result<void> insert_issuer_key(Transaction& tx, const IssuerKeyRecord& k) {
  return done(tx.query(
      "INSERT INTO issuer_keys (kid, key_use, public_key, secret_enc, state, created_at, not_before, activated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {k.kid, k.use, k.public_key, k.secret_enc, k.state, k.created_at, k.not_before,
       k.activated_at ? Value(*k.activated_at) : Value(nullptr)}));
}

Result<std::vector<IssuerKeyRecord>> unrevoked_issuer_keys(Transaction& tx) {
  auto rows = tx.query(
      "SELECT kid, key_use, public_key, secret_enc, state, not_before, retired_at FROM issuer_keys "
      "WHERE state <> 'revoked' ORDER BY key_use, created_at, kid");
  if (!rows) return rows.error();
  std::vector<IssuerKeyRecord> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string, std::string, std::string, std::string, std::int64_t,
                       std::optional<std::int64_t>>();
    if (!cols) return cols.error();
    auto& [kid, use, public_key, secret_enc, state, not_before, retired_at] = *cols;
    IssuerKeyRecord k{kid, use, public_key, secret_enc, state};
    k.not_before = not_before;
    k.retired_at = retired_at;
    out.push_back(std::move(k));
  }
  return out;
}

Result<std::optional<std::int64_t>> newest_issuer_key_at(Transaction& tx) {
  auto rows = tx.query("SELECT MAX(created_at) FROM issuer_keys");
  if (!rows) return rows.error();
  return rows->front().get<std::optional<std::int64_t>>(0);
}

Result<std::vector<IssuerKeyRecord>> all_issuer_keys(Transaction& tx) {
  auto rows = tx.query(
      "SELECT kid, key_use, state, created_at, activated_at, retired_at, revoked_at FROM issuer_keys "
      "ORDER BY key_use, created_at, kid");
  if (!rows) return rows.error();
  std::vector<IssuerKeyRecord> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string, std::string, std::int64_t, std::optional<std::int64_t>,
                       std::optional<std::int64_t>, std::optional<std::int64_t>>();
    if (!cols) return cols.error();
    auto& [kid, use, state, created_at, activated_at, retired_at, revoked_at] = *cols;
    IssuerKeyRecord k{kid, use, "", "", state};
    k.created_at = created_at;
    k.activated_at = activated_at;
    k.retired_at = retired_at;
    k.revoked_at = revoked_at;
    out.push_back(std::move(k));
  }
  return out;
}

Result<std::vector<IssuerKeyRecord>> current_issuer_keys(Transaction& tx, const std::string& use) {
  auto rows = tx.query("SELECT kid, state FROM issuer_keys WHERE key_use = $1 AND state IN ('active', 'next')", {use});
  if (!rows) return rows.error();
  std::vector<IssuerKeyRecord> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string>();
    if (!cols) return cols.error();
    out.push_back({std::get<0>(*cols), use, "", "", std::get<1>(*cols)});
  }
  return out;
}

Result<void> revoke_issuer_keys(Transaction& tx, const std::string& kid_a, const std::string& kid_b, std::int64_t at) {
  return done(
      tx.query("UPDATE issuer_keys SET state = 'revoked', revoked_at = $1 WHERE kid IN ($2, $3)", {at, kid_a, kid_b}));
}

Result<void> retire_issuer_key(Transaction& tx, const std::string& kid, std::int64_t at) {
  return done(tx.query("UPDATE issuer_keys SET state = 'retired', retired_at = $1 WHERE kid = $2", {at, kid}));
}

Result<void> activate_issuer_key(Transaction& tx, const std::string& kid, std::int64_t at) {
  return done(tx.query("UPDATE issuer_keys SET state = 'active', activated_at = $1 WHERE kid = $2", {at, kid}));
}

Result<std::optional<std::int64_t>> key_generation(Transaction& tx) {
  auto rows = tx.query("SELECT value FROM counters WHERE name = 'key_generation'");
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<std::int64_t>();
  auto value = rows->front().get<std::int64_t>(0);
  if (!value) return value.error();
  return std::optional<std::int64_t>(*value);
}

Result<std::int64_t> next_key_generation(Transaction& tx) {
  auto rows = tx.query("UPDATE counters SET value = value + 1 WHERE name = 'key_generation' RETURNING value");
  if (!rows) return rows.error();
  if (rows->empty()) return make_error("storage.error", "the key_generation counter is missing");
  return rows->front().get<std::int64_t>(0);
}

Result<bool> claim_first_key_generation(Transaction& tx) {
  auto claimed = tx.query("UPDATE counters SET value = 1 WHERE name = 'key_generation' AND value = 0 RETURNING value");
  if (!claimed) return claimed.error();
  return !claimed->empty();
}

Result<std::vector<StoredCode>> place_codes(Transaction& tx) {
  return codes(tx.query("SELECT id, code_text FROM places ORDER BY id"));
}

Result<std::vector<StoredCode>> live_proxy_codes(Transaction& tx, std::int64_t now) {
  return codes(
      tx.query("SELECT id, code_text FROM proxies WHERE revoked_at IS NULL AND expires_at > $1 ORDER BY id", {now}));
}

Result<void> save_place_code(Transaction& tx, const std::string& id, const std::string& code_text) {
  return done(tx.query("UPDATE places SET code_text = $1 WHERE id = $2", {code_text, id}));
}

Result<void> save_proxy_code(Transaction& tx, const std::string& id, const std::string& code_text) {
  return done(tx.query("UPDATE proxies SET code_text = $1 WHERE id = $2", {code_text, id}));
}

}  // namespace greenlight::store
