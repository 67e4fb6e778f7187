// Fixed-window rate limits and per-pair sign-in back-off, kept in the database, so they hold across restarts
// and server replicas.
#include "impl.hpp"

namespace greenlight::service {
namespace {

std::int64_t window_start(std::uint64_t now, std::uint64_t window) {
  return static_cast<std::int64_t>(now - now % window);
}

Error rate_limited(std::int64_t retry_after) {
  auto e = make_error("auth.rate_limited", "too many attempts; try again later");
  e.retry_after = static_cast<std::uint32_t>(std::max<std::int64_t>(retry_after, 1));
  return e;
}

}  // namespace

Result<void> count_event(Transaction& tx, const std::string& key, std::uint32_t limit, std::uint64_t window,
                         std::uint64_t now) {
  auto start = window_start(now, window);
  auto count = store::count_rate_event(tx, key, start);
  if (!count) return count.error();
  if (*count > static_cast<std::int64_t>(limit))
    return rate_limited(start + static_cast<std::int64_t>(window) - static_cast<std::int64_t>(now));
  return {};
}

Result<void> under_limit(Transaction& tx, const std::string& key, std::uint32_t limit, std::uint64_t window,
                         std::uint64_t now) {
  auto start = window_start(now, window);
  auto count = store::rate_count(tx, key, start);
  if (!count) return count.error();
  if (*count && **count >= static_cast<std::int64_t>(limit))
    return rate_limited(start + static_cast<std::int64_t>(window) - static_cast<std::int64_t>(now));
  return {};
}

Result<void> add_event(Transaction& tx, const std::string& key, std::uint64_t window, std::uint64_t now, int delta) {
  return store::add_rate_events(tx, key, window_start(now, window), delta);
}

std::int64_t backoff_delay(std::int64_t failures) {
  if (failures < kFreeFailures) return 0;
  if (failures - kFreeFailures >= 12) return kMaxBackoff;  // 2^12 s is past the cap; no shift overflow
  return std::min<std::int64_t>(std::int64_t{1} << (failures - kFreeFailures + 1), kMaxBackoff);
}

Result<Throttle> read_throttle(Transaction& tx, const std::string& key, std::uint64_t now) {
  auto found = store::throttle_by_key(tx, key);
  if (!found) return found.error();
  auto t = *found;
  if (!t.exists) return t;
  // A day without a failure forgets the failures.
  if (t.last_failure_at + kForgetFailuresAfter <= static_cast<std::int64_t>(now)) t.failures = 0;
  return t;
}

Result<void> check_backoff(const Throttle& t, std::uint64_t now) {
  auto wait_until = t.last_failure_at + backoff_delay(t.failures);
  if (t.failures > 0 && wait_until > static_cast<std::int64_t>(now))
    return rate_limited(wait_until - static_cast<std::int64_t>(now));
  return {};
}

Result<void> save_throttle(Transaction& tx, const std::string& key, const Throttle& t) {
  return store::upsert_throttle(tx, key, t);
}

Result<void> prune_sign_in_limits(Transaction& tx, std::uint64_t now) {
  if (random_uniform(64) != 0) return {};
  auto day_ago = static_cast<std::int64_t>(now) - 86400;
  if (auto done = store::delete_rate_counts_before(tx, day_ago); !done) return done.error();
  // A pair's row is kept while it throttles or spaces codes; both end well within a day.
  return store::delete_idle_throttles(tx, day_ago);
}

}  // namespace greenlight::service
