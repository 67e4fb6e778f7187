// The proxies table's statements (see proxies.hpp).
#include "proxies.hpp"

namespace greenlight::store {
namespace {

constexpr const char* kProxyColumns =
    "SELECT x.id, x.person_id, x.subject, x.code_text, x.issued_at, x.expires_at, x.revoked_at, "
    "p.name_enc, p.id_number_enc, p.phone_enc, x.issued_status, p.claim_code_enc FROM proxies x "
    "JOIN people p ON p.id = x.person_id ";

Result<ProxyRecord> proxy_from(const storage::Row& row) {
  using Text = std::optional<std::string>;
  auto cols = row.as<std::string, std::string, std::string, std::string, std::int64_t, std::int64_t,
                     std::optional<std::int64_t>, Text, Text, Text, std::string, Text>();
  if (!cols) return cols.error();
  auto& [id, person_id, subject, code_text, issued_at, expires_at, revoked_at, name_enc, id_number_enc, phone_enc,
         issued_status, claim_code_enc] = *cols;
  return ProxyRecord{std::move(id),
                     std::move(person_id),
                     std::move(subject),
                     std::move(code_text),
                     issued_at,
                     expires_at,
                     revoked_at,
                     std::move(name_enc),
                     std::move(id_number_enc),
                     std::move(phone_enc),
                     std::move(issued_status),
                     std::move(claim_code_enc)};
}

}  // namespace

Result<std::optional<ProxyRecord>> proxy_of_creator(Transaction& tx, const std::string& proxy_id,
                                                    const std::string& creator_id) {
  auto rows = tx.query(std::string(kProxyColumns) + "WHERE x.id = $1 AND x.creator_id = $2", {proxy_id, creator_id});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<ProxyRecord>();
  auto proxy = proxy_from(rows->front());
  if (!proxy) return proxy.error();
  return std::optional<ProxyRecord>(std::move(*proxy));
}

Result<std::vector<ProxyRecord>> proxies_of_creator(Transaction& tx, const std::string& creator_id) {
  auto rows =
      tx.query(std::string(kProxyColumns) + "WHERE x.creator_id = $1 ORDER BY x.issued_at DESC, x.id", {creator_id});
  if (!rows) return rows.error();
  std::vector<ProxyRecord> out;
  for (const auto& row : rows->rows) {
    auto proxy = proxy_from(row);
    if (!proxy) return proxy.error();
    out.push_back(std::move(*proxy));
  }
  return out;
}

Result<std::int64_t> live_proxy_count(Transaction& tx, const std::string& creator_id) {
  auto rows = tx.query("SELECT COUNT(*) FROM proxies WHERE creator_id = $1 AND revoked_at IS NULL", {creator_id});
  if (!rows) return rows.error();
  if (rows->empty()) return make_error("storage.error", "storage: no row");
  return rows->front().get<std::int64_t>(0);
}

Result<std::vector<LiveProxySubject>> live_proxy_subjects(Transaction& tx, const std::string& person_id) {
  auto rows =
      tx.query("SELECT subject, expires_at FROM proxies WHERE person_id = $1 AND revoked_at IS NULL", {person_id});
  if (!rows) return rows.error();
  std::vector<LiveProxySubject> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::int64_t>();
    if (!cols) return cols.error();
    auto& [subject, expires_at] = *cols;
    out.push_back({std::move(subject), expires_at});
  }
  return out;
}

Result<void> insert_proxy(Transaction& tx, const NewProxy& p) {
  auto done = tx.query(
      "INSERT INTO proxies (id, person_id, creator_id, subject, code_text, issued_at, expires_at, issued_status) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {p.id, p.person_id, p.creator_id, p.subject, p.code_text, p.issued_at, p.expires_at, p.issued_status});
  if (!done) return done.error();
  return {};
}

Result<void> mark_proxy_revoked(Transaction& tx, const std::string& proxy_id, std::int64_t at,
                                const std::optional<std::string>& replaced_by) {
  using storage::Value;
  auto done = tx.query("UPDATE proxies SET revoked_at = $2, replaced_by = $3 WHERE id = $1",
                       {proxy_id, at, replaced_by ? Value(*replaced_by) : Value(nullptr)});
  if (!done) return done.error();
  return {};
}

}  // namespace greenlight::store
