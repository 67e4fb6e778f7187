// The daily maintenance's statements: the retention purge and who returns to green.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

using storage::Transaction;

// Each returns how many rows it dropped.
Result<std::int64_t> delete_checkins_before(Transaction& tx, std::int64_t cutoff);
Result<std::int64_t> delete_sessions_expired(Transaction& tx, std::int64_t now);
Result<std::int64_t> delete_pseudonyms_before(Transaction& tx, std::int64_t day);

// People whose yellow or orange status was set by a case and who have no case exposure at or after
// `since`, by id.
Result<std::vector<std::string>> people_due_green(Transaction& tx, std::int64_t since);

}  // namespace greenlight::store
