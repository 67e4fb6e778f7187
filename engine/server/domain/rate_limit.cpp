// Fixed-window rate limits and per-pair sign-in back-off, kept in the database, so they hold across restarts
// and server replicas.
#include "impl.hpp"

namespace greenlight::service {
namespace {

std::int64_t window_start(std::uint64_t now, std::uint64_t window) { return static_cast<std::int64_t>(now - now % window); }

Error rate_limited(std::int64_t retry_after) {
  auto e = make_error("auth.rate_limited", "too many attempts; try again later");
  e.retry_after = static_cast<std::uint32_t>(std::max<std::int64_t>(retry_after, 1));
  return e;
}

}  // namespace

Result<void> count_event(Transaction& tx, const std::string& key, std::uint32_t limit, std::uint64_t window,
                         std::uint64_t now) {
  auto start = window_start(now, window);
  auto rows = tx.query(
      "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1) "
      "ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1 RETURNING count",
      {key, start});
  if (!rows) return rows.error();
  if (rows->front().integer(0) > static_cast<std::int64_t>(limit))
    return rate_limited(start + static_cast<std::int64_t>(window) - static_cast<std::int64_t>(now));
  return {};
}

Result<void> under_limit(Transaction& tx, const std::string& key, std::uint32_t limit, std::uint64_t window,
                         std::uint64_t now) {
  auto start = window_start(now, window);
  auto rows = tx.query("SELECT count FROM rate_limits WHERE key = $1 AND window_start = $2", {key, start});
  if (!rows) return rows.error();
  if (!rows->empty() && rows->front().integer(0) >= static_cast<std::int64_t>(limit))
    return rate_limited(start + static_cast<std::int64_t>(window) - static_cast<std::int64_t>(now));
  return {};
}

Result<void> add_event(Transaction& tx, const std::string& key, std::uint64_t window, std::uint64_t now, int delta) {
  auto rows = tx.query(
      "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, $3) "
      "ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + $3",
      {key, window_start(now, window), static_cast<std::int64_t>(delta)});
  if (!rows) return rows.error();
  return {};
}

std::int64_t backoff_delay(std::int64_t failures) {
  if (failures < kFreeFailures) return 0;
  if (failures - kFreeFailures >= 12) return kMaxBackoff;  // 2^12 s is past the cap; no shift overflow
  return std::min<std::int64_t>(std::int64_t{1} << (failures - kFreeFailures + 1), kMaxBackoff);
}

Result<Throttle> read_throttle(Transaction& tx, const std::string& key, std::uint64_t now) {
  auto rows = tx.query(
      "SELECT failures, last_failure_at, challenge_at, challenge_failures, last_sent_at FROM sign_in_throttles WHERE key = $1",
      {key});
  if (!rows) return rows.error();
  Throttle t;
  if (rows->empty()) return t;
  const auto& row = rows->front();
  t.exists = true;
  t.failures = row.integer(0);
  t.last_failure_at = row.integer(1);
  t.challenge_at = row.integer(2);
  t.challenge_failures = row.integer(3);
  t.last_sent_at = row.integer(4);
  // A day without a failure forgets the failures.
  if (t.last_failure_at + kForgetFailuresAfter <= static_cast<std::int64_t>(now)) t.failures = 0;
  return t;
}

Result<void> check_backoff(const Throttle& t, std::uint64_t now) {
  auto wait_until = t.last_failure_at + backoff_delay(t.failures);
  if (t.failures > 0 && wait_until > static_cast<std::int64_t>(now)) return rate_limited(wait_until - static_cast<std::int64_t>(now));
  return {};
}

Result<void> save_throttle(Transaction& tx, const std::string& key, const Throttle& t) {
  auto done = tx.query(
      "INSERT INTO sign_in_throttles (key, failures, last_failure_at, challenge_at, challenge_failures, last_sent_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO UPDATE SET failures = $2, last_failure_at = $3, "
      "challenge_at = $4, challenge_failures = $5, last_sent_at = $6",
      {key, t.failures, t.last_failure_at, t.challenge_at, t.challenge_failures, t.last_sent_at});
  if (!done) return done.error();
  return {};
}

Result<void> prune_sign_in_limits(Transaction& tx, std::uint64_t now) {
  if (random_uniform(64) != 0) return {};
  auto day_ago = static_cast<std::int64_t>(now) - 86400;
  if (auto done = tx.query("DELETE FROM rate_limits WHERE window_start < $1", {day_ago}); !done) return done.error();
  // A pair's row is kept while it throttles or spaces codes; both end well within a day.
  auto done = tx.query("DELETE FROM sign_in_throttles WHERE last_failure_at < $1 AND last_sent_at < $1", {day_ago});
  if (!done) return done.error();
  return {};
}

}  // namespace greenlight::service
