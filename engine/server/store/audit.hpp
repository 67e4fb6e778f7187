// The audit log: one row per audited act, written in the act's transaction, and read back newest first.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

using storage::Transaction;

struct AuditEntry {
  std::string id;
  std::int64_t at = 0;
  std::optional<std::string> actor_id;
  std::string action;
  std::optional<std::string> target;
  std::string reason, detail;             // detail: JSON text
  std::optional<std::string> actor_name;  // read only: the actor's staff display name, if any
};
Result<void> insert_audit_entry(Transaction& tx, const AuditEntry& e);

// Entries matching every given field, newest first, at most `limit`.
struct AuditFilter {
  std::optional<std::string> actor_id, target, action;
  std::optional<std::int64_t> before;  // strictly earlier than
  std::int64_t limit = 100;
};
Result<std::vector<AuditEntry>> audit_entries(Transaction& tx, const AuditFilter& filter);

}  // namespace greenlight::store
