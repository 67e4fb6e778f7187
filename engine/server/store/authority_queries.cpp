// Staff look-ups and identity-verification writes (authority_queries.hpp).
#include "authority_queries.hpp"

namespace greenlight::store {

Result<std::vector<std::string>> person_ids_by(Transaction& tx, LookupKey key, const std::string& hash) {
  auto rows = tx.query(std::string("SELECT id FROM people WHERE ") +
                           (key == LookupKey::id_number ? "id_number_hash" : "phone_hash") +
                           " = $1 AND superseded_by IS NULL ORDER BY account_id IS NULL, created_at",
                       {hash});
  if (!rows) return rows.error();
  std::vector<std::string> out;
  for (const auto& row : rows->rows) {
    auto id = row.get<std::string>(0);
    if (!id) return id.error();
    out.push_back(*id);
  }
  return out;
}

Result<std::int64_t> manual_checkin_count(Transaction& tx, LookupKey key, const std::string& hash, std::int64_t since) {
  auto rows = tx.query(std::string("SELECT COUNT(*) FROM checkins WHERE person_id IS NULL AND ") +
                           (key == LookupKey::id_number ? "manual_id_number_hash" : "manual_phone_hash") +
                           " = $1 AND time >= $2",
                       {hash, since});
  if (!rows) return rows.error();
  if (rows->empty()) return make_error("storage.error", "COUNT(*) gave no row");
  return rows->front().get<std::int64_t>(0);
}

Result<std::vector<StatusChangeEntry>> status_history(Transaction& tx, const std::string& person_id) {
  auto rows = tx.query(
      "SELECT h.q, h.status, h.previous, h.source, h.case_id, h.reason, h.changed_at, h.actor_id, c.display_name "
      "FROM status_changes h LEFT JOIN authority_credentials c ON c.account_id = h.actor_id "
      "WHERE h.person_id = $1 ORDER BY h.q DESC LIMIT 200",
      {person_id});
  if (!rows) return rows.error();
  std::vector<StatusChangeEntry> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::int64_t, std::string, std::string, std::string, std::optional<std::string>, std::string,
                       std::int64_t, std::optional<std::string>, std::optional<std::string>>();
    if (!cols) return cols.error();
    auto& [q, status, previous, source, case_id, reason, changed_at, actor_id, actor_name] = *cols;
    out.push_back({q, status, previous, source, case_id, reason, changed_at, actor_id, actor_name});
  }
  return out;
}

Result<std::vector<VisitEntry>> person_visits(Transaction& tx, const std::string& person_id, std::int64_t since) {
  auto rows = tx.query(
      "SELECT c.client_id, c.place_id, p.name, p.category, c.time, c.method, c.decision, c.provenance FROM checkins c "
      "JOIN places p ON p.id = c.place_id WHERE c.person_id = $1 AND c.time >= $2 ORDER BY c.time DESC LIMIT 500",
      {person_id, since});
  if (!rows) return rows.error();
  std::vector<VisitEntry> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string, std::string, std::string, std::int64_t, std::string,
                       std::optional<std::string>, std::optional<std::string>>();
    if (!cols) return cols.error();
    auto& [client_id, place_id, place_name, category, time, method, decision, provenance] = *cols;
    out.push_back({client_id, place_id, place_name, category, time, method, decision, provenance});
  }
  return out;
}

Result<std::vector<CaseRole>> person_cases(Transaction& tx, const std::string& person_id) {
  auto rows = tx.query(
      "SELECT id, 'case' AS role, state, window_start, window_end FROM cases WHERE person_id = $1 "
      "UNION ALL SELECT k.case_id, CASE WHEN k.depth = 1 THEN 'close' ELSE 'secondary' END, c.state, c.window_start, "
      "c.window_end "
      "FROM case_contacts k JOIN cases c ON c.id = k.case_id WHERE k.person_id = $1",
      {person_id});
  if (!rows) return rows.error();
  std::vector<CaseRole> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string, std::string, std::int64_t, std::int64_t>();
    if (!cols) return cols.error();
    auto& [case_id, role, state, window_start, window_end] = *cols;
    out.push_back({case_id, role, state, window_start, window_end});
  }
  return out;
}

Result<void> supersede_person(Transaction& tx, const std::string& person_id, const std::string& by,
                              const std::string& id_number_marker) {
  auto moved = tx.query("UPDATE people SET superseded_by = $2, id_number_hash = $3 WHERE id = $1",
                        {person_id, by, id_number_marker});
  if (!moved) return moved.error();
  return {};
}

Result<void> make_verified_holder(Transaction& tx, const std::string& person_id, const std::string& account_id,
                                  const std::string& name_enc, const std::string& phone_enc,
                                  const std::string& phone_hash) {
  auto done = tx.query(
      "UPDATE people SET account_id = $2, name_enc = $3, phone_enc = $4, phone_hash = $5, assurance = 'verified', "
      "claim_code_enc = NULL, claim_code_hash = NULL WHERE id = $1",
      {person_id, account_id, name_enc, phone_enc, phone_hash});
  if (!done) return done.error();
  return {};
}

Result<void> insert_verified_person(Transaction& tx, const VerifiedPerson& p) {
  auto done = tx.query(
      "INSERT INTO people (id, account_id, subject, name_enc, id_number_enc, id_number_hash, phone_enc, "
      "phone_hash, status, status_q, created_at, assurance) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'green', 0, $9, 'verified')",
      {p.id, p.account_id, p.subject, p.name_enc, p.id_number_enc, p.id_number_hash, p.phone_enc, p.phone_hash,
       p.created_at});
  if (!done) return done.error();
  return {};
}

}  // namespace greenlight::store
