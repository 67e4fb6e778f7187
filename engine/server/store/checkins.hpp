// Check-ins: storing visits (idempotent by client id), the places an inspector may record for, the people
// a scanned subject or a companion proxy stands for, and a self check-in's rows for its answer. Sealed values
// pass through as stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

using storage::Transaction;

// One row of the checkins table.
struct NewCheckin {
  std::string client_id, place_id;
  std::optional<std::string> checkpoint, inspector_id;
  std::string submitted_by, method;
  std::int64_t time = 0, received_at = 0;
  std::optional<std::string> decision, status;
  std::string reasons;  // a JSON array
  std::optional<std::string> temperature_class;
  std::optional<double> temperature;
  std::optional<std::string> subject, person_id, code_type, verify_error, companion_of;
  std::optional<std::string> manual_name_enc, manual_id_number_enc, manual_id_number_hash, manual_phone_enc,
      manual_phone_hash;
  std::string provenance;
};
// False when a check-in with that client id exists already (it is left as it was).
Result<bool> insert_checkin(Transaction& tx, const NewCheckin& checkin);

// The places `account_id` is bound to as an inspector or administers.
Result<std::vector<std::string>> places_of_staff(Transaction& tx, const std::string& account_id);

// The person behind a proxy code's subject / a person code's subject (a day pseudonym or people.subject).
Result<std::optional<std::string>> person_of_proxy_subject(Transaction& tx, const std::string& subject);
Result<std::optional<std::string>> person_of_person_subject(Transaction& tx, const std::string& subject);

// A live proxy of `creator_id`, with its person's status.
struct CompanionProxy {
  std::string subject, person_id, status;
};
Result<std::optional<CompanionProxy>> live_proxy_of(Transaction& tx, const std::string& proxy_id,
                                                    const std::string& creator_id);

// Until the transaction ends, no other one handles a check-in with this client id (PostgreSQL: its key is
// (client_id, time), so two self check-ins timed a second apart would both be new).
Result<void> lock_client_id(Transaction& tx, storage::Backend backend, const std::string& client_id);

// Who submitted the check-in `client_id` at `since` or later, if it exists.
Result<std::optional<std::string>> checkin_submitter(Transaction& tx, const std::string& client_id, std::int64_t since);

// A self check-in and its companions' (the self first), with the place and the names to show.
struct SelfCheckinRow {
  std::string client_id;
  std::int64_t time = 0;
  std::optional<std::string> companion_of, manual_name_enc, person_name_enc;
  std::string place_id, place_name, place_address, place_category;
};
// (At `place_id`, from `since` on: the time range and the place prune partitions and shards.)
Result<std::vector<SelfCheckinRow>> self_checkin_rows(Transaction& tx, const std::string& client_id,
                                                      const std::string& place_id, std::int64_t since);

}  // namespace greenlight::store
