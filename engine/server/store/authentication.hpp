// Who a request's session token belongs to (sessions, with their account and authority credential).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

using storage::Transaction;

struct LiveSession {
  std::string account_id;
  bool authority = false;  // the account is an authority's
  std::string method;      // how the session signed in: password | sms
};

// The session with `token_hash` if it has not expired at `now` and is not a password session of a disabled
// credential.
Result<std::optional<LiveSession>> live_session(Transaction& tx, const std::string& token_hash, std::int64_t now);

}  // namespace greenlight::store
