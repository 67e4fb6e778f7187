// The check-in statements (checkins.hpp), their SQL as the domain code wrote it.
#include "checkins.hpp"

namespace greenlight::store {
namespace {

storage::Value checkin_value(const std::optional<std::string>& v) {
  return v ? storage::Value(*v) : storage::Value(nullptr);
}

// The first column of the first row, if any.
Result<std::optional<std::string>> first_checkin_text(const Result<storage::Rows>& rows) {
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<std::string>();
  auto text = rows->front().get<std::string>(0);
  if (!text) return text.error();
  return std::optional<std::string>(*text);
}

}  // namespace

Result<bool> insert_checkin(Transaction& tx, const NewCheckin& v) {
  auto done = tx.query(
      "INSERT INTO checkins (client_id, place_id, checkpoint, inspector_id, submitted_by, method, time, received_at, "
      "decision, "
      "status, reasons, temperature_class, temperature, subject, person_id, code_type, verify_error, companion_of, "
      "manual_name_enc, manual_id_number_enc, manual_id_number_hash, manual_phone_enc, manual_phone_hash, provenance) "
      "VALUES "
      "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) "
      // No conflict target: on PostgreSQL the key is (client_id, time) and a partition may be another
      // server's table (postgres_fdw passes DO NOTHING on, not a target).
      "ON CONFLICT DO NOTHING",
      {v.client_id,
       v.place_id,
       checkin_value(v.checkpoint),
       checkin_value(v.inspector_id),
       v.submitted_by,
       v.method,
       v.time,
       v.received_at,
       checkin_value(v.decision),
       checkin_value(v.status),
       v.reasons,
       checkin_value(v.temperature_class),
       v.temperature ? storage::Value(*v.temperature) : storage::Value(nullptr),
       checkin_value(v.subject),
       checkin_value(v.person_id),
       checkin_value(v.code_type),
       checkin_value(v.verify_error),
       checkin_value(v.companion_of),
       checkin_value(v.manual_name_enc),
       checkin_value(v.manual_id_number_enc),
       checkin_value(v.manual_id_number_hash),
       checkin_value(v.manual_phone_enc),
       checkin_value(v.manual_phone_hash),
       v.provenance});
  if (!done) return done.error();
  return done->affected > 0;
}

Result<std::vector<std::string>> places_of_staff(Transaction& tx, const std::string& account_id) {
  auto rows = tx.query(
      "SELECT place_id FROM inspector_bindings WHERE account_id = $1 UNION SELECT id FROM places WHERE admin_id = $1",
      {account_id});
  if (!rows) return rows.error();
  std::vector<std::string> out;
  for (const auto& row : rows->rows) {
    auto id = row.get<std::string>(0);
    if (!id) return id.error();
    out.push_back(std::move(*id));
  }
  return out;
}

Result<std::optional<std::string>> person_of_proxy_subject(Transaction& tx, const std::string& subject) {
  return first_checkin_text(tx.query("SELECT person_id FROM proxies WHERE subject = $1", {subject}));
}

Result<std::optional<std::string>> person_of_person_subject(Transaction& tx, const std::string& subject) {
  return first_checkin_text(
      tx.query("SELECT person_id FROM subject_pseudonyms WHERE pseudonym = $1 "
               "UNION ALL SELECT id FROM people WHERE subject = $1",
               {subject}));
}

Result<std::optional<CompanionProxy>> live_proxy_of(Transaction& tx, const std::string& proxy_id,
                                                    const std::string& creator_id) {
  auto rows = tx.query(
      "SELECT x.subject, x.person_id, p.status FROM proxies x JOIN people p ON p.id = x.person_id "
      "WHERE x.id = $1 AND x.creator_id = $2 AND x.revoked_at IS NULL",
      {proxy_id, creator_id});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<CompanionProxy>();
  auto cols = rows->front().as<std::string, std::string, std::string>();
  if (!cols) return cols.error();
  auto& [subject, person_id, status] = *cols;
  return std::optional<CompanionProxy>(CompanionProxy{subject, person_id, status});
}

Result<void> lock_client_id(Transaction& tx, storage::Backend backend, const std::string& client_id) {
  if (backend != storage::Backend::postgresql) return {};  // SQLite: BEGIN IMMEDIATE serializes writers already
  auto locked = tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))", {client_id});
  if (!locked) return locked.error();
  return {};
}

Result<std::optional<std::string>> checkin_submitter(Transaction& tx, const std::string& client_id,
                                                     std::int64_t since) {
  return first_checkin_text(
      tx.query("SELECT submitted_by FROM checkins WHERE client_id = $1 AND time >= $2 LIMIT 1", {client_id, since}));
}

Result<std::vector<SelfCheckinRow>> self_checkin_rows(Transaction& tx, const std::string& client_id,
                                                      const std::string& place_id, std::int64_t since) {
  auto rows = tx.query(
      "SELECT c.client_id, c.time, c.companion_of, c.manual_name_enc, pe.name_enc, p.id, p.name, p.address, p.category "
      "FROM checkins c JOIN places p ON p.id = c.place_id LEFT JOIN people pe ON pe.id = c.person_id "
      "WHERE c.place_id = $2 AND c.time >= $3 AND (c.client_id = $1 OR c.companion_of = $1) "
      "ORDER BY c.companion_of IS NOT NULL, c.client_id",
      {client_id, place_id, since});
  if (!rows) return rows.error();
  std::vector<SelfCheckinRow> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::int64_t, std::optional<std::string>, std::optional<std::string>,
                       std::optional<std::string>, std::string, std::string, std::string, std::string>();
    if (!cols) return cols.error();
    auto& [id, time, companion_of, manual_name_enc, person_name_enc, place, name, address, category] = *cols;
    out.push_back({id, time, companion_of, manual_name_enc, person_name_enc, place, name, address, category});
  }
  return out;
}

}  // namespace greenlight::store
