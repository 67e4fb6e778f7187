// Fixed-window rate limits kept in the database, so they hold across restarts and server replicas.
#include "impl.hpp"

namespace greenlight::service {

Result<void> count_event(Transaction& tx, const std::string& key, std::uint32_t limit, std::uint64_t window,
                         std::uint64_t now) {
  auto start = static_cast<std::int64_t>(now - now % window);
  auto rows = tx.query(
      "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1) "
      "ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1 RETURNING count",
      {key, start});
  if (!rows) return rows.error();
  if (rows->front().integer(0) > static_cast<std::int64_t>(limit)) {
    auto e = make_error("auth.rate_limited", "too many attempts; try again later");
    e.retry_after = static_cast<std::uint32_t>(start + static_cast<std::int64_t>(window) - static_cast<std::int64_t>(now));
    return e;
  }
  return {};
}

}  // namespace greenlight::service
