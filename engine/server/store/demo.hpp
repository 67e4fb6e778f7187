// What `--demo` writes directly rather than through the service calls: whether the database is empty, and
// the demo accounts with sessions (their sign-in is skipped).
#pragma once

#include <cstdint>
#include <string>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

using storage::Transaction;

Result<std::int64_t> count_accounts(Transaction& tx);
Result<void> insert_demo_account(Transaction& tx, const std::string& id, const std::string& phone_hash,
                                 const std::string& phone_enc, bool authority, std::int64_t created_at);
Result<void> insert_demo_session(Transaction& tx, const std::string& token_hash, const std::string& account_id,
                                 std::int64_t created_at, std::int64_t expires_at);

}  // namespace greenlight::store
