// Session look-up for authentication (store/authentication.hpp).
#include "authentication.hpp"

namespace greenlight::store {

Result<std::optional<LiveSession>> live_session(Transaction& tx, const std::string& token_hash, std::int64_t now) {
  auto rows = tx.query(
      "SELECT s.account_id, a.authority, s.method FROM sessions s JOIN accounts a ON a.id = s.account_id "
      "LEFT JOIN authority_credentials c ON c.account_id = s.account_id "
      "WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT (s.method = 'password' AND c.disabled_at IS NOT NULL)",
      {token_hash, now});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<LiveSession>();
  auto cols = rows->front().as<std::string, bool, std::string>();
  if (!cols) return cols.error();
  auto& [account_id, authority, method] = *cols;
  return std::optional<LiveSession>(LiveSession{account_id, authority, method});
}

}  // namespace greenlight::store
