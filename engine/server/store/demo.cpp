// The demo statements (demo.hpp), their SQL as the domain code wrote it.
#include "demo.hpp"

namespace greenlight::store {

Result<std::int64_t> count_accounts(Transaction& tx) {
  auto rows = tx.query("SELECT COUNT(*) FROM accounts");
  if (!rows) return rows.error();
  return rows->front().get<std::int64_t>(0);
}

Result<void> insert_demo_account(Transaction& tx, const std::string& id, const std::string& phone_hash,
                                 const std::string& phone_enc, bool authority, std::int64_t created_at) {
  auto done =
      tx.query("INSERT INTO accounts (id, phone_hash, phone_enc, authority, created_at) VALUES ($1, $2, $3, $4, $5)",
               {id, phone_hash, phone_enc, std::int64_t{authority}, created_at});
  if (!done) return done.error();
  return {};
}

Result<void> insert_demo_session(Transaction& tx, const std::string& token_hash, const std::string& account_id,
                                 std::int64_t created_at, std::int64_t expires_at) {
  auto done = tx.query("INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                       {token_hash, account_id, created_at, expires_at});
  if (!done) return done.error();
  return {};
}

}  // namespace greenlight::store
