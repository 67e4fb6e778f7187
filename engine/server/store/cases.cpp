// Cases, their contacts, and tracing's check-in reads (store/cases.hpp).
#include "cases.hpp"

#include "sql_sets.hpp"

namespace greenlight::store {
namespace {

using storage::Value;

constexpr const char* kCaseColumns =
    "id, person_id, state, note, created_by, window_start, window_end, created_at, confirmed_at";

Result<CaseRecord> case_from(const storage::Row& row) {
  auto cols = row.as<std::string, std::string, std::string, std::string, std::string, std::int64_t, std::int64_t,
                     std::int64_t, std::optional<std::int64_t>>();
  if (!cols) return cols.error();
  auto& [id, person_id, state, note, created_by, window_start, window_end, created_at, confirmed_at] = *cols;
  return CaseRecord{id, person_id, state, note, created_by, window_start, window_end, created_at, confirmed_at};
}

// Tracing's check-in rows matching `where` (over checkins c / places p, $1.. as args). Denied entries are
// not presences: the checkpoint turned the person away.
Result<std::vector<TraceCheckin>> select_checkins(Transaction& tx, const std::string& where,
                                                  const std::vector<Value>& args,
                                                  const std::set<std::string>& excluded_provenance) {
  std::string kinds;
  for (const auto& kind : excluded_provenance)
    kinds += (kinds.empty() ? "'" : ", '") + kind + "'";  // a fixed list, checked by the caller
  auto rows = tx.query(
      "SELECT c.client_id, c.person_id, c.manual_id_number_hash, c.place_id, c.time, p.category, p.name, c.method, "
      "c.manual_name_enc, c.manual_phone_enc, c.provenance FROM checkins c JOIN places p ON p.id = c.place_id "
      "WHERE (c.decision IS NULL OR c.decision <> 'deny') AND (c.person_id IS NOT NULL OR c.manual_id_number_hash IS "
      "NOT NULL) AND " +
          (kinds.empty() ? "" : "(c.provenance IS NULL OR c.provenance NOT IN (" + kinds + ")) AND ") + where,
      args);
  if (!rows) return rows.error();
  std::vector<TraceCheckin> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::optional<std::string>, std::string, std::string, std::int64_t, std::string,
                       std::string, std::string, std::optional<std::string>, std::optional<std::string>,
                       std::optional<std::string>>();
    if (!cols) return cols.error();
    auto& [client_id, person_id, hash, place_id, time, category, place_name, method, name_enc, phone_enc, provenance] =
        *cols;
    out.push_back(
        {client_id, person_id, hash, place_id, time, category, place_name, method, name_enc, phone_enc, provenance});
  }
  return out;
}

}  // namespace

Result<std::optional<CaseRecord>> case_by_id(Transaction& tx, const std::string& id) {
  auto rows = tx.query(std::string("SELECT ") + kCaseColumns + " FROM cases WHERE id = $1", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<CaseRecord>();
  auto c = case_from(rows->front());
  if (!c) return c.error();
  return std::optional<CaseRecord>(std::move(*c));
}

Result<void> insert_case(Transaction& tx, const CaseRecord& c) {
  auto row = tx.query(
      "INSERT INTO cases (id, person_id, window_start, window_end, state, note, created_by, created_at) VALUES ($1, "
      "$2, $3, $4, 'open', $5, $6, $7)",
      {c.id, c.person_id, c.window_start, c.window_end, c.note, c.created_by, c.created_at});
  if (!row) return row.error();
  return {};
}

Result<std::vector<CaseListing>> recent_cases(Transaction& tx) {
  // Contacts are written with depth 1 (close) or 2 (secondary).
  auto rows = tx.query(
      "SELECT c.id, c.person_id, c.state, c.note, c.created_by, c.window_start, c.window_end, c.created_at, "
      "c.confirmed_at, "
      "(SELECT COUNT(*) FROM case_contacts k WHERE k.case_id = c.id AND k.depth = 1), "
      "(SELECT COUNT(*) FROM case_contacts k WHERE k.case_id = c.id AND k.depth <> 1) "
      "FROM cases c ORDER BY c.created_at DESC, c.id LIMIT 500");
  if (!rows) return rows.error();
  std::vector<CaseListing> out;
  for (const auto& row : rows->rows) {
    auto c = case_from(row);
    if (!c) return c.error();
    auto close = row.get<std::int64_t>(9);
    if (!close) return close.error();
    auto secondary = row.get<std::int64_t>(10);
    if (!secondary) return secondary.error();
    out.push_back({std::move(*c), *close, *secondary});
  }
  return out;
}

Result<void> confirm_case(Transaction& tx, const std::string& id, const std::string& confirmed_by, std::int64_t at) {
  auto updated = tx.query("UPDATE cases SET state = 'confirmed', confirmed_by = $2, confirmed_at = $3 WHERE id = $1",
                          {id, confirmed_by, at});
  if (!updated) return updated.error();
  return {};
}

Result<std::vector<CaseContactRecord>> case_contacts(Transaction& tx, const std::string& case_id) {
  auto rows = tx.query(
      "SELECT person_id, depth, exposure_seconds, first_exposure, last_exposure, assigned, q FROM case_contacts "
      "WHERE case_id = $1 ORDER BY depth, exposure_seconds DESC, person_id",
      {case_id});
  if (!rows) return rows.error();
  std::vector<CaseContactRecord> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::string,
                       std::optional<std::int64_t>>();
    if (!cols) return cols.error();
    auto& [person_id, depth, exposure, first, last, assigned, q] = *cols;
    out.push_back({person_id, depth, exposure, first, last, assigned, q});
  }
  return out;
}

Result<void> insert_case_contact(Transaction& tx, const std::string& case_id, const CaseContactRecord& k) {
  auto row = tx.query(
      "INSERT INTO case_contacts (case_id, person_id, depth, exposure_seconds, first_exposure, last_exposure, "
      "assigned, q) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {case_id, k.person_id, k.depth, k.exposure_seconds, k.first_exposure, k.last_exposure, k.assigned,
       k.q ? Value(*k.q) : Value(nullptr)});
  if (!row) return row.error();
  return {};
}

Result<std::vector<TraceCheckin>> checkins_in_ranges(Transaction& tx, const std::vector<CheckinRange>& ranges,
                                                     const std::set<std::string>& excluded_provenance) {
  std::string where = "(";
  std::vector<Value> args;
  for (std::size_t i = 0, n = padded_set_size(ranges.size()); i < n; ++i) {
    const auto& r = ranges[std::min(i, ranges.size() - 1)];
    auto k = args.size();
    where += (i ? " OR " : "") + ("(c.place_id = $" + std::to_string(k + 1) + " AND c.time > $" +
                                  std::to_string(k + 2) + " AND c.time < $" + std::to_string(k + 3) + ")");
    args.insert(args.end(), {r.place, r.after, r.before});
  }
  return select_checkins(tx, where + ")", args, excluded_provenance);
}

Result<std::vector<TraceCheckin>> checkins_of(Transaction& tx, std::int64_t since, std::int64_t to,
                                              const std::vector<std::string>& person_ids,
                                              const std::vector<std::string>& id_number_hashes,
                                              const std::set<std::string>& excluded_provenance) {
  std::vector<Value> args = {since, to};
  auto person_in = sql_in_list(person_ids, args), hash_in = sql_in_list(id_number_hashes, args);
  std::string where = "c.time >= $1 AND c.time <= $2 AND (";
  if (!person_ids.empty()) where += "c.person_id IN " + person_in;
  if (!person_ids.empty() && !id_number_hashes.empty()) where += " OR ";
  if (!id_number_hashes.empty()) where += "(c.person_id IS NULL AND c.manual_id_number_hash IN " + hash_in + ")";
  return select_checkins(tx, where + ")", args, excluded_provenance);
}

Result<std::vector<std::pair<std::string, std::string>>> id_number_hashes_of(
    Transaction& tx, const std::vector<std::string>& person_ids) {
  std::vector<Value> args;
  auto in = sql_in_list(person_ids, args);
  auto rows = tx.query("SELECT id, id_number_hash FROM people WHERE id IN " + in, args);
  if (!rows) return rows.error();
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string>();
    if (!cols) return cols.error();
    out.emplace_back(std::get<0>(*cols), std::get<1>(*cols));
  }
  return out;
}

}  // namespace greenlight::store
