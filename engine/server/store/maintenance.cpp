// The retention purge and the return to green (store/maintenance.hpp).
#include "maintenance.hpp"

namespace greenlight::store {
namespace {

Result<std::int64_t> affected(Result<storage::Rows> rows) {
  if (!rows) return rows.error();
  return rows->affected;
}

}  // namespace

Result<std::int64_t> delete_checkins_before(Transaction& tx, std::int64_t cutoff) {
  return affected(tx.query("DELETE FROM checkins WHERE time < $1", {cutoff}));
}

Result<std::int64_t> delete_sessions_expired(Transaction& tx, std::int64_t now) {
  return affected(tx.query("DELETE FROM sessions WHERE expires_at <= $1", {now}));
}

Result<std::int64_t> delete_pseudonyms_before(Transaction& tx, std::int64_t day) {
  return affected(tx.query("DELETE FROM subject_pseudonyms WHERE day < $1", {day}));
}

Result<std::vector<std::string>> people_due_green(Transaction& tx, std::int64_t since) {
  auto rows = tx.query(
      "SELECT p.id FROM people p WHERE p.status IN ('yellow', 'orange') "
      "AND EXISTS (SELECT 1 FROM status_changes h WHERE h.person_id = p.id AND h.q = p.status_q AND h.source = 'case') "
      "AND NOT EXISTS (SELECT 1 FROM case_contacts k WHERE k.person_id = p.id AND k.last_exposure >= $1) ORDER BY p.id",
      {since});
  if (!rows) return rows.error();
  std::vector<std::string> out;
  for (const auto& row : rows->rows) {
    auto id = row.get<std::string>(0);
    if (!id) return id.error();
    out.push_back(*id);
  }
  return out;
}

}  // namespace greenlight::store
