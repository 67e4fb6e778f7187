// People and what hangs off a person: their status and its history and publication (status_changes,
// status_entries, the status sequence counters), day pseudonyms, health declarations, the accounts fields
// and roles GET /me reads, and a person's own check-ins. Sealed fields pass through as stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

using storage::Transaction;

struct Person {
  std::string id, subject, status;
  std::int64_t status_q = 0;
  std::optional<std::string> account_id;
  std::string name_enc, id_number_enc;
  std::optional<std::string> phone_enc;
  std::string assurance;  // asserted | vouched | verified (migration 0008)
};
Result<std::optional<Person>> person_of_account(Transaction& tx, const std::string& account_id);
Result<std::optional<Person>> person_by_id(Transaction& tx, const std::string& person_id);
// The current records (not superseded) whose `column` (id_number_hash, phone_hash) is `hash`, oldest first.
Result<std::vector<Person>> current_people_by(Transaction& tx, const std::string& column, const std::string& hash);
// The same by ID number: at most one, unless the database holds duplicates made before one record per ID
// number was enforced.
Result<std::vector<Person>> people_by_id_number(Transaction& tx, const std::string& id_number_hash);
// The person records of `person_ids` that exist, by id, a few hundred a query (a trace lists thousands).
Result<std::unordered_map<std::string, Person>> people_by_ids(Transaction& tx,
                                                              const std::vector<std::string>& person_ids);

// Claiming a record: the claim code's keyed hash and sealed text, and the emergency contact who made it.
struct ClaimState {
  std::optional<std::string> emergency_contact_id, claim_code_hash;
};
Result<ClaimState> claim_state(Transaction& tx, const std::string& person_id);
Result<std::optional<std::string>> claim_code_hash(Transaction& tx, const std::string& person_id);
Result<std::optional<std::string>> claim_code_enc(Transaction& tx, const std::string& person_id);
Result<void> set_claim_code(Transaction& tx, const std::string& person_id, const std::string& code_enc,
                            const std::string& code_hash);
// Attaches an account (and its phone) to a record, which forgets its claim code.
Result<void> link_account(Transaction& tx, const std::string& person_id, const std::string& account_id,
                          const std::string& phone_enc, const std::string& phone_hash);
// Makes `contact_id` the record's emergency contact unless it has one.
Result<void> set_emergency_contact_if_none(Transaction& tx, const std::string& person_id,
                                           const std::string& contact_id);
Result<void> rename_person(Transaction& tx, const std::string& person_id, const std::string& name_enc);

struct NewPerson {
  std::string id, subject, name_enc, id_number_enc, id_number_hash;
  std::optional<std::string> phone_enc, phone_hash;
  std::int64_t created_at = 0;
};
// An account holder's own record (green, assurance asserted); account_id and phone are set.
Result<void> insert_account_person(Transaction& tx, const NewPerson& person, const std::string& account_id);
// A record made for someone by their emergency contact (green, assurance vouched).
Result<void> insert_vouched_person(Transaction& tx, const NewPerson& person, const std::string& contact_id);

// The accounts row's sealed phone (none: no such account).
Result<std::optional<std::string>> account_phone_enc(Transaction& tx, const std::string& account_id);
struct AccountRecord {
  std::optional<std::string> phone_enc;
  bool authority = false;
};
Result<std::optional<AccountRecord>> account(Transaction& tx, const std::string& account_id);
// The places an account administers, and those it inspects (in binding order).
Result<std::vector<std::string>> places_administered_by(Transaction& tx, const std::string& account_id);
Result<std::vector<std::string>> places_inspected_by(Transaction& tx, const std::string& account_id);

// Status sequence numbers. next_status_seq takes one; the counter row stays locked until commit.
Result<std::int64_t> current_status_seq(Transaction& tx);
Result<std::int64_t> next_status_seq(Transaction& tx);
// A person's current status (none: no such person).
Result<std::optional<std::string>> person_status(Transaction& tx, const std::string& person_id);
struct StatusHolder {
  std::string subject;
  bool has_account = false;
};
// Sets the status at sequence q; none when there is no such person.
Result<std::optional<StatusHolder>> set_person_status(Transaction& tx, const std::string& person_id,
                                                      const std::string& status, std::int64_t q);
struct StatusChangeRecord {
  std::int64_t q = 0;
  std::string person_id, status, previous, source;
  std::optional<std::string> case_id, actor_id;
  std::string reason;
  std::int64_t changed_at = 0;
};
Result<void> insert_status_change(Transaction& tx, const StatusChangeRecord& change);
// One published entry of the status list (the subject as its hash).
// expires_at: the last second the entry can change a decision (store/documents.hpp).
Result<void> insert_status_entry(Transaction& tx, std::int64_t q, const std::string& subject_hash,
                                 const std::string& status, std::int64_t changed_at, std::int64_t expires_at);
// Records a day pseudonym of a person (a no-op when already recorded).
Result<void> record_day_pseudonym(Transaction& tx, const std::string& pseudonym, const std::string& person_id,
                                  std::int64_t day, std::int64_t created_at);
// Fixes the legacy subject window's end unless already fixed, and reads it (0 when none is kept).
Result<std::int64_t> fix_legacy_subject_codes_until(Transaction& tx, std::int64_t until);

// Health declarations (answers and matched rule ids sealed, except rows older servers wrote in plaintext).
struct DeclarationRecord {
  std::string id, answers, matched;
};
Result<void> insert_declaration(Transaction& tx, const std::string& id, const std::string& person_id,
                                const std::string& answers, const std::string& status, const std::string& matched,
                                std::int64_t created_at);
// Up to 500 declarations with a plaintext answers or matched field.
Result<std::vector<DeclarationRecord>> plaintext_declarations(Transaction& tx);
Result<void> update_declaration_fields(Transaction& tx, const DeclarationRecord& declaration);
Result<std::int64_t> declaration_count(Transaction& tx, const std::string& person_id);
Result<std::optional<std::int64_t>> last_declared_at(Transaction& tx, const std::string& person_id);

// A person's own check-ins (self scans and scans of their codes; all of them once `assurance` is verified),
// newest first, from `since` and before `before`.
struct OwnCheckin {
  std::string client_id;
  std::int64_t time = 0;
  std::string method;
  std::optional<std::string> decision;
  std::string place_id, place_name, place_address;
  std::optional<std::string> checkpoint;
  bool companion = false;
};
Result<std::vector<OwnCheckin>> own_checkins(Transaction& tx, const std::string& person_id, std::int64_t since,
                                             std::int64_t before, std::int64_t limit, const std::string& assurance);

// The regions a person was checked in at in [since, until), as own_checkins counts presences (self scans and
// scans of their codes; all of them once `assurance` is verified): each region once, with its latest time.
// One query on (person_id, time), bounded by time so PostgreSQL reads only those days' partitions.
struct RegionVisit {
  std::string region;
  std::int64_t latest = 0;
};
Result<std::vector<RegionVisit>> checkin_regions(Transaction& tx, const std::string& person_id, std::int64_t since,
                                                 std::int64_t until, const std::string& assurance);

// A person's declarations from `since` on, newest first (at most `limit`), or, when there is none since then,
// the latest one alone; answers sealed as stored (or plaintext from older servers).
struct DeclarationAnswers {
  std::string answers;
  std::int64_t created_at = 0;
};
Result<std::vector<DeclarationAnswers>> recent_declarations(Transaction& tx, const std::string& person_id,
                                                            std::int64_t since, std::int64_t limit);

}  // namespace greenlight::store
