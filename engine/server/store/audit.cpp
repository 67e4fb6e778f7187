// The audit log's statements (audit.hpp).
#include "audit.hpp"

namespace greenlight::store {

using storage::Value;

Result<void> insert_audit_entry(Transaction& tx, const AuditEntry& e) {
  auto row = tx.query(
      "INSERT INTO audit_log (id, at, actor_id, action, target, reason, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {e.id, e.at, e.actor_id ? Value(*e.actor_id) : Value(nullptr), e.action,
       e.target ? Value(*e.target) : Value(nullptr), e.reason, e.detail});
  if (!row) return row.error();
  return {};
}

Result<std::vector<AuditEntry>> audit_entries(Transaction& tx, const AuditFilter& filter) {
  std::string sql =
      "SELECT l.id, l.at, l.actor_id, l.action, l.target, l.reason, l.detail, c.display_name FROM audit_log l "
      "LEFT JOIN authority_credentials c ON c.account_id = l.actor_id WHERE 1 = 1";
  std::vector<Value> args;
  auto where = [&](const std::optional<std::string>& value, const char* column) {
    if (!value) return;
    args.emplace_back(*value);
    sql += std::string(" AND ") + column + " = $" + std::to_string(args.size());
  };
  where(filter.actor_id, "l.actor_id");
  where(filter.target, "l.target");
  where(filter.action, "l.action");
  if (filter.before) {
    args.emplace_back(*filter.before);
    sql += " AND l.at < $" + std::to_string(args.size());
  }
  sql += " ORDER BY l.at DESC, l.id DESC LIMIT " + std::to_string(filter.limit);
  auto rows = tx.query(sql, args);
  if (!rows) return rows.error();
  std::vector<AuditEntry> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::int64_t, std::optional<std::string>, std::string, std::optional<std::string>,
                       std::string, std::string, std::optional<std::string>>();
    if (!cols) return cols.error();
    auto& [id, at, actor_id, action, target, reason, detail, actor_name] = *cols;
    out.push_back({id, at, actor_id, action, target, reason, detail, actor_name});
  }
  return out;
}

}  // namespace greenlight::store
