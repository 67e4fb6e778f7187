// The people table group's statements (see people.hpp).
#include "people.hpp"

#include <algorithm>

#include "sql_sets.hpp"

namespace greenlight::store {
namespace {

using storage::Value;

constexpr const char* kPersonColumns =
    "SELECT id, subject, status, status_q, account_id, name_enc, id_number_enc, phone_enc, assurance FROM people ";

Result<Person> person_from(const storage::Row& row) {
  auto cols = row.as<std::string, std::string, std::string, std::int64_t, std::optional<std::string>, std::string,
                     std::string, std::optional<std::string>, std::string>();
  if (!cols) return cols.error();
  auto& [id, subject, status, status_q, account_id, name_enc, id_number_enc, phone_enc, assurance] = *cols;
  return Person{std::move(id),         std::move(subject),  std::move(status),        status_q,
                std::move(account_id), std::move(name_enc), std::move(id_number_enc), std::move(phone_enc),
                std::move(assurance)};
}

Result<std::optional<Person>> one_person(Result<storage::Rows> rows) {
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Person>();
  auto person = person_from(rows->front());
  if (!person) return person.error();
  return std::optional<Person>(std::move(*person));
}

Result<std::vector<Person>> all_people(const storage::Rows& rows) {
  std::vector<Person> out;
  for (const auto& row : rows.rows) {
    auto person = person_from(row);
    if (!person) return person.error();
    out.push_back(std::move(*person));
  }
  return out;
}

Value nullable_text(const std::optional<std::string>& v) { return v ? Value(*v) : Value(nullptr); }

// The first column of each row, as text.
Result<std::vector<std::string>> first_column_texts(Result<storage::Rows> rows) {
  if (!rows) return rows.error();
  std::vector<std::string> out;
  for (const auto& row : rows->rows) {
    auto text = row.get<std::string>(0);
    if (!text) return text.error();
    out.push_back(std::move(*text));
  }
  return out;
}

// The first column of the first row (a statement that always answers one row, e.g. a counter or an aggregate).
template <typename T>
Result<T> first_cell(Result<storage::Rows> rows) {
  if (!rows) return rows.error();
  if (rows->empty()) return make_error("storage.error", "storage: no row");
  return rows->front().get<T>(0);
}

// The first column of the first row, none when there is no row.
Result<std::optional<std::string>> first_optional_text(Result<storage::Rows> rows) {
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<std::string>();
  return rows->front().get<std::optional<std::string>>(0);
}

Result<void> executed(Result<storage::Rows> rows) {
  if (!rows) return rows.error();
  return {};
}

}  // namespace

Result<std::optional<Person>> person_of_account(Transaction& tx, const std::string& account_id) {
  return one_person(tx.query(std::string(kPersonColumns) + "WHERE account_id = $1", {account_id}));
}

Result<std::optional<Person>> person_by_id(Transaction& tx, const std::string& person_id) {
  return one_person(tx.query(std::string(kPersonColumns) + "WHERE id = $1", {person_id}));
}

Result<std::vector<Person>> current_people_by(Transaction& tx, const std::string& column, const std::string& hash) {
  auto rows = tx.query(std::string(kPersonColumns) + "WHERE " + column +
                           " = $1 AND superseded_by IS NULL ORDER BY created_at, id",
                       {hash});
  if (!rows) return rows.error();
  return all_people(*rows);
}

Result<std::vector<Person>> people_by_id_number(Transaction& tx, const std::string& id_number_hash) {
  return current_people_by(tx, "id_number_hash", id_number_hash);
}

Result<std::unordered_map<std::string, Person>> people_by_ids(Transaction& tx,
                                                              const std::vector<std::string>& person_ids) {
  std::unordered_map<std::string, Person> out;
  for (std::size_t from = 0; from < person_ids.size(); from += kSqlSetSize) {
    std::vector<std::string> set(person_ids.begin() + static_cast<std::ptrdiff_t>(from),
                                 person_ids.begin() +
                                     static_cast<std::ptrdiff_t>(std::min(person_ids.size(), from + kSqlSetSize)));
    std::vector<Value> args;
    auto rows = tx.query(std::string(kPersonColumns) + "WHERE id IN " + sql_in_list(set, args), args);
    if (!rows) return rows.error();
    auto people = all_people(*rows);
    if (!people) return people.error();
    for (auto& person : *people) {
      auto id = person.id;
      out.emplace(std::move(id), std::move(person));
    }
  }
  return out;
}

Result<ClaimState> claim_state(Transaction& tx, const std::string& person_id) {
  auto rows = tx.query("SELECT emergency_contact_id, claim_code_hash FROM people WHERE id = $1", {person_id});
  if (!rows) return rows.error();
  if (rows->empty()) return ClaimState{};
  auto cols = rows->front().as<std::optional<std::string>, std::optional<std::string>>();
  if (!cols) return cols.error();
  auto& [contact, hash] = *cols;
  return ClaimState{std::move(contact), std::move(hash)};
}

Result<std::optional<std::string>> claim_code_hash(Transaction& tx, const std::string& person_id) {
  return first_optional_text(tx.query("SELECT claim_code_hash FROM people WHERE id = $1", {person_id}));
}

Result<std::optional<std::string>> claim_code_enc(Transaction& tx, const std::string& person_id) {
  return first_optional_text(tx.query("SELECT claim_code_enc FROM people WHERE id = $1", {person_id}));
}

Result<void> set_claim_code(Transaction& tx, const std::string& person_id, const std::string& code_enc,
                            const std::string& code_hash) {
  return executed(tx.query("UPDATE people SET claim_code_enc = $2, claim_code_hash = $3 WHERE id = $1",
                           {person_id, code_enc, code_hash}));
}

Result<void> link_account(Transaction& tx, const std::string& person_id, const std::string& account_id,
                          const std::string& phone_enc, const std::string& phone_hash) {
  return executed(
      tx.query("UPDATE people SET account_id = $2, phone_enc = $3, phone_hash = $4, claim_code_enc = NULL, "
               "claim_code_hash = NULL "
               "WHERE id = $1",
               {person_id, account_id, phone_enc, phone_hash}));
}

Result<void> set_emergency_contact_if_none(Transaction& tx, const std::string& person_id,
                                           const std::string& contact_id) {
  return executed(tx.query("UPDATE people SET emergency_contact_id = $2 WHERE id = $1 AND emergency_contact_id IS NULL",
                           {person_id, contact_id}));
}

Result<void> rename_person(Transaction& tx, const std::string& person_id, const std::string& name_enc) {
  return executed(tx.query("UPDATE people SET name_enc = $2 WHERE id = $1", {person_id, name_enc}));
}

Result<void> insert_account_person(Transaction& tx, const NewPerson& p, const std::string& account_id) {
  return executed(tx.query(
      "INSERT INTO people (id, account_id, subject, name_enc, id_number_enc, id_number_hash, phone_enc, phone_hash, "
      "status, status_q, created_at, assurance) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'green', 0, $9, 'asserted')",
      {p.id, account_id, p.subject, p.name_enc, p.id_number_enc, p.id_number_hash, nullable_text(p.phone_enc),
       nullable_text(p.phone_hash), p.created_at}));
}

Result<void> insert_vouched_person(Transaction& tx, const NewPerson& p, const std::string& contact_id) {
  return executed(tx.query(
      "INSERT INTO people (id, subject, name_enc, id_number_enc, id_number_hash, phone_enc, phone_hash, status, "
      "status_q, "
      "emergency_contact_id, created_at, assurance) VALUES ($1, $2, $3, $4, $5, $6, $7, 'green', 0, $8, $9, 'vouched')",
      {p.id, p.subject, p.name_enc, p.id_number_enc, p.id_number_hash, nullable_text(p.phone_enc),
       nullable_text(p.phone_hash), contact_id, p.created_at}));
}

Result<std::optional<std::string>> account_phone_enc(Transaction& tx, const std::string& account_id) {
  auto rows = tx.query("SELECT phone_enc FROM accounts WHERE id = $1", {account_id});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<std::string>();
  auto phone = rows->front().get<std::string>(0);
  if (!phone) return phone.error();
  return std::optional<std::string>(std::move(*phone));
}

Result<std::optional<AccountRecord>> account(Transaction& tx, const std::string& account_id) {
  auto rows = tx.query("SELECT phone_enc, authority FROM accounts WHERE id = $1", {account_id});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<AccountRecord>();
  auto cols = rows->front().as<std::optional<std::string>, std::int64_t>();
  if (!cols) return cols.error();
  auto& [phone_enc, authority] = *cols;
  return std::optional<AccountRecord>(AccountRecord{std::move(phone_enc), authority != 0});
}

Result<std::vector<std::string>> places_administered_by(Transaction& tx, const std::string& account_id) {
  return first_column_texts(tx.query("SELECT id FROM places WHERE admin_id = $1", {account_id}));
}

Result<std::vector<std::string>> places_inspected_by(Transaction& tx, const std::string& account_id) {
  return first_column_texts(
      tx.query("SELECT place_id FROM inspector_bindings WHERE account_id = $1 ORDER BY bound_at", {account_id}));
}

Result<std::int64_t> current_status_seq(Transaction& tx) {
  return first_cell<std::int64_t>(tx.query("SELECT value FROM counters WHERE name = 'status_seq'"));
}

Result<std::int64_t> next_status_seq(Transaction& tx) {
  return first_cell<std::int64_t>(
      tx.query("UPDATE counters SET value = value + 1 WHERE name = 'status_seq' RETURNING value"));
}

Result<std::optional<std::string>> person_status(Transaction& tx, const std::string& person_id) {
  return first_optional_text(tx.query("SELECT status FROM people WHERE id = $1", {person_id}));
}

Result<std::optional<StatusHolder>> set_person_status(Transaction& tx, const std::string& person_id,
                                                      const std::string& status, std::int64_t q) {
  auto rows = tx.query("UPDATE people SET status = $2, status_q = $3 WHERE id = $1 RETURNING subject, account_id",
                       {person_id, status, q});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<StatusHolder>();
  auto cols = rows->front().as<std::string, std::optional<std::string>>();
  if (!cols) return cols.error();
  auto& [subject, account_id] = *cols;
  return std::optional<StatusHolder>(StatusHolder{std::move(subject), account_id.has_value()});
}

Result<void> insert_status_change(Transaction& tx, const StatusChangeRecord& c) {
  return executed(tx.query(
      "INSERT INTO status_changes (q, person_id, status, previous, source, case_id, actor_id, reason, changed_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {c.q, c.person_id, c.status, c.previous, c.source, nullable_text(c.case_id), nullable_text(c.actor_id), c.reason,
       c.changed_at}));
}

Result<void> insert_status_entry(Transaction& tx, std::int64_t q, const std::string& subject_hash,
                                 const std::string& status, std::int64_t changed_at, std::int64_t expires_at) {
  return executed(tx.query(
      "INSERT INTO status_entries (q, subject_hash, status, changed_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
      {q, subject_hash, status, changed_at, expires_at}));
}

Result<void> record_day_pseudonym(Transaction& tx, const std::string& pseudonym, const std::string& person_id,
                                  std::int64_t day, std::int64_t created_at) {
  return executed(
      tx.query("INSERT INTO subject_pseudonyms (pseudonym, person_id, day, created_at) VALUES ($1, $2, $3, $4) "
               "ON CONFLICT (pseudonym) DO NOTHING",
               {pseudonym, person_id, day, created_at}));
}

Result<std::int64_t> fix_legacy_subject_codes_until(Transaction& tx, std::int64_t until) {
  auto set =
      tx.query("UPDATE counters SET value = $1 WHERE name = 'legacy_subject_codes_until' AND value = -1", {until});
  if (!set) return set.error();
  auto rows = tx.query("SELECT value FROM counters WHERE name = 'legacy_subject_codes_until'");
  if (!rows) return rows.error();
  if (rows->empty()) return std::int64_t{0};
  return rows->front().get<std::int64_t>(0);
}

Result<void> insert_declaration(Transaction& tx, const std::string& id, const std::string& person_id,
                                const std::string& answers, const std::string& status, const std::string& matched,
                                std::int64_t created_at) {
  return executed(tx.query(
      "INSERT INTO declarations (id, person_id, answers, status, matched, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      {id, person_id, answers, status, matched, created_at}));
}

Result<std::vector<DeclarationRecord>> plaintext_declarations(Transaction& tx) {
  auto rows =
      tx.query("SELECT id, answers, matched FROM declarations WHERE answers LIKE '{%' OR matched LIKE '[%' LIMIT 500");
  if (!rows) return rows.error();
  std::vector<DeclarationRecord> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string, std::string>();
    if (!cols) return cols.error();
    auto& [id, answers, matched] = *cols;
    out.push_back({std::move(id), std::move(answers), std::move(matched)});
  }
  return out;
}

Result<void> update_declaration_fields(Transaction& tx, const DeclarationRecord& d) {
  return executed(
      tx.query("UPDATE declarations SET answers = $2, matched = $3 WHERE id = $1", {d.id, d.answers, d.matched}));
}

Result<std::int64_t> declaration_count(Transaction& tx, const std::string& person_id) {
  return first_cell<std::int64_t>(tx.query("SELECT COUNT(*) FROM declarations WHERE person_id = $1", {person_id}));
}

Result<std::optional<std::int64_t>> last_declared_at(Transaction& tx, const std::string& person_id) {
  return first_cell<std::optional<std::int64_t>>(
      tx.query("SELECT MAX(created_at) FROM declarations WHERE person_id = $1", {person_id}));
}

Result<std::vector<OwnCheckin>> own_checkins(Transaction& tx, const std::string& person_id, std::int64_t since,
                                             std::int64_t before, std::int64_t limit, const std::string& assurance) {
  auto rows = tx.query(
      "SELECT c.client_id, c.time, c.method, c.decision, p.id, p.name, p.address, c.checkpoint, c.companion_of "
      "FROM checkins c JOIN places p ON p.id = c.place_id WHERE c.person_id = $1 AND c.time < $2 AND c.time >= $5 "
      "AND (c.provenance IN ('self-scan', 'verified-scan') OR $4 = 'verified') "
      "ORDER BY c.time DESC, c.client_id LIMIT $3",
      {person_id, before, limit, assurance, since});
  if (!rows) return rows.error();
  std::vector<OwnCheckin> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::int64_t, std::string, std::optional<std::string>, std::string, std::string,
                       std::string, std::optional<std::string>, std::optional<std::string>>();
    if (!cols) return cols.error();
    auto& [client_id, time, method, decision, place_id, place_name, place_address, checkpoint, companion_of] = *cols;
    out.push_back({std::move(client_id), time, std::move(method), std::move(decision), std::move(place_id),
                   std::move(place_name), std::move(place_address), std::move(checkpoint), companion_of.has_value()});
  }
  return out;
}

Result<std::vector<RegionVisit>> checkin_regions(Transaction& tx, const std::string& person_id, std::int64_t since,
                                                 std::int64_t until, const std::string& assurance) {
  auto rows = tx.query(
      "SELECT p.region, MAX(c.time) FROM checkins c JOIN places p ON p.id = c.place_id "
      "WHERE c.person_id = $1 AND c.time >= $2 AND c.time < $3 "
      "AND (c.provenance IN ('self-scan', 'verified-scan') OR $4 = 'verified') "
      "GROUP BY p.region",
      {person_id, since, until, assurance});
  if (!rows) return rows.error();
  std::vector<RegionVisit> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::int64_t>();
    if (!cols) return cols.error();
    out.push_back({std::move(std::get<0>(*cols)), std::get<1>(*cols)});
  }
  return out;
}

Result<std::vector<DeclarationAnswers>> recent_declarations(Transaction& tx, const std::string& person_id,
                                                            std::int64_t since, std::int64_t limit) {
  // The latest declaration is always among them: from `since` on, or the newest before it.
  auto rows = tx.query(
      "SELECT answers, created_at FROM declarations WHERE person_id = $1 AND created_at >= "
      "(SELECT CASE WHEN MAX(created_at) < $2 THEN MAX(created_at) ELSE $2 END FROM declarations "
      "WHERE person_id = $1) ORDER BY created_at DESC, id LIMIT $3",
      {person_id, since, limit});
  if (!rows) return rows.error();
  std::vector<DeclarationAnswers> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::int64_t>();
    if (!cols) return cols.error();
    out.push_back({std::move(std::get<0>(*cols)), std::get<1>(*cols)});
  }
  return out;
}

}  // namespace greenlight::store
