// Cases and their traced contacts (cases, case_contacts), and the check-ins a trace reads.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

using storage::Transaction;

struct CaseRecord {
  std::string id, person_id, state, note, created_by;
  std::int64_t window_start = 0, window_end = 0, created_at = 0;
  std::optional<std::int64_t> confirmed_at;
};

// A case in the case list, with how many close (depth 1) and secondary contacts it confirmed.
struct CaseListing {
  CaseRecord record;
  std::int64_t close = 0, secondary = 0;
};

struct CaseContactRecord {
  std::string person_id;
  std::int64_t depth = 0, exposure_seconds = 0, first_exposure = 0, last_exposure = 0;
  std::string assigned;  // a status, or "excluded"
  std::optional<std::int64_t> q;
};

Result<std::optional<CaseRecord>> case_by_id(Transaction& tx, const std::string& id);
// A new case in state "open" (the record's state and confirmed_at are not read).
Result<void> insert_case(Transaction& tx, const CaseRecord& c);
// The 500 newest cases (created_at descending, then id), each with its contact counts, in one statement.
Result<std::vector<CaseListing>> recent_cases(Transaction& tx);
Result<void> confirm_case(Transaction& tx, const std::string& id, const std::string& confirmed_by, std::int64_t at);

// A confirmed case's contacts: by depth, longest exposure first, then person id.
Result<std::vector<CaseContactRecord>> case_contacts(Transaction& tx, const std::string& case_id);
Result<void> insert_case_contact(Transaction& tx, const std::string& case_id, const CaseContactRecord& contact);

// A check-in as tracing reads it, with its place's name and category.
struct TraceCheckin {
  std::string client_id;
  std::optional<std::string> person_id;
  std::string manual_id_number_hash;  // a hand registration's ID number hash ("" when none)
  std::string place_id;
  std::int64_t time = 0;
  std::string category, place_name, method;
  std::optional<std::string> manual_name_enc, manual_phone_enc, provenance;
};

// Check-ins at `place` with time in (after, before).
struct CheckinRange {
  std::string place;
  std::int64_t after = 0, before = 0;
};

// Presences (not denied, of a person or an ID number; none of an `excluded_provenance` kind) in any of
// `ranges` (1 to kSqlSetSize of them, padded by repeating the last), in one statement.
Result<std::vector<TraceCheckin>> checkins_in_ranges(Transaction& tx, const std::vector<CheckinRange>& ranges,
                                                     const std::set<std::string>& excluded_provenance);
// Presences with time in [since, to] of `person_ids`, or hand registrations without a person of
// `id_number_hashes` (at least one of the two non-empty; each up to kSqlSetSize), in one statement.
Result<std::vector<TraceCheckin>> checkins_of(Transaction& tx, std::int64_t since, std::int64_t to,
                                              const std::vector<std::string>& person_ids,
                                              const std::vector<std::string>& id_number_hashes,
                                              const std::set<std::string>& excluded_provenance);
// (id, id_number_hash) of the people among `person_ids` (up to kSqlSetSize) that exist, in one statement.
Result<std::vector<std::pair<std::string, std::string>>> id_number_hashes_of(
    Transaction& tx, const std::vector<std::string>& person_ids);

}  // namespace greenlight::store
