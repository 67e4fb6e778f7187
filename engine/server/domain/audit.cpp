// The audit trail: every authority look-up, tracing query and status change, and what the server does by
// itself, written in the same transaction as the act (an act that rolls back leaves no audit row, and an act
// whose audit row cannot be written does not happen).
#include <chrono>
#include <cstdio>

#include "../store/audit.hpp"
#include "impl.hpp"

namespace greenlight::service {
namespace {

// "au-" + microseconds since the epoch (14 hex digits) + 8 random characters: ids sort in the order the
// rows were written (several in one second included), and two servers never collide.
std::string audit_id() {
  auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  char hex[20];
  std::snprintf(hex, sizeof hex, "%014llx", static_cast<unsigned long long>(micros));
  return "au-" + std::string(hex) + new_id("").substr(0, 8);
}

}  // namespace

Result<void> write_audit(Service::Impl& s, Transaction& tx, const std::optional<std::string>& actor_id,
                         const std::string& action, const std::optional<std::string>& target, const std::string& reason,
                         const json& detail) {
  return store::insert_audit_entry(tx, {audit_id(), static_cast<std::int64_t>(s.now()), actor_id, action, target,
                                        reason, detail.dump(), std::nullopt});
}

}  // namespace greenlight::service
