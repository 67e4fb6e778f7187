// What health-authority staff read about a person (look-ups by ID number or phone, status history, visits,
// cases) and the people writes of identity verification at a counter. Sealed values pass through as stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

using storage::Transaction;

// What a look-up matches on: the ID number's lookup hash or the phone's.
enum class LookupKey { id_number, phone };

// Current (not superseded) people with that hash: account holders first, then oldest first.
Result<std::vector<std::string>> person_ids_by(Transaction& tx, LookupKey key, const std::string& hash);
// Hand-registered check-ins (no person record) with that hash.
Result<std::int64_t> manual_checkin_count(Transaction& tx, LookupKey key, const std::string& hash, std::int64_t since);

struct StatusChangeEntry {
  std::int64_t q = 0;
  std::string status, previous, source;
  std::optional<std::string> case_id;
  std::string reason;
  std::int64_t changed_at = 0;
  std::optional<std::string> actor_id, actor_name;
};
// Newest first, the last 200.
Result<std::vector<StatusChangeEntry>> status_history(Transaction& tx, const std::string& person_id);

struct VisitEntry {
  std::string client_id, place_id, place_name, category;
  std::int64_t time = 0;
  std::string method;
  std::optional<std::string> decision, provenance;
};
// Newest first, the last 500.
Result<std::vector<VisitEntry>> person_visits(Transaction& tx, const std::string& person_id, std::int64_t since);

struct CaseRole {
  std::string case_id, role, state;  // role: case | close | secondary
  std::int64_t window_start = 0, window_end = 0;
};
Result<std::vector<CaseRole>> person_cases(Transaction& tx, const std::string& person_id);

// Identity verification: a squatted or duplicate record no longer found by its ID number.
Result<void> supersede_person(Transaction& tx, const std::string& person_id, const std::string& by,
                              const std::string& id_number_marker);
// An existing record becomes the account's verified holder (a pending claim code is dropped).
Result<void> make_verified_holder(Transaction& tx, const std::string& person_id, const std::string& account_id,
                                  const std::string& name_enc, const std::string& phone_enc,
                                  const std::string& phone_hash);
struct VerifiedPerson {
  std::string id, account_id, subject, name_enc, id_number_enc, id_number_hash, phone_enc, phone_hash;
  std::int64_t created_at = 0;
};
// A new green, verified record.
Result<void> insert_verified_person(Transaction& tx, const VerifiedPerson& p);

}  // namespace greenlight::store
