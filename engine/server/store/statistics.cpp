// The statistics statements (statistics.hpp), their SQL as the domain code wrote it.
#include "statistics.hpp"

#include <iterator>

namespace greenlight::store {
namespace {

constexpr const char* kCounts =
    "COUNT(*), "
    "SUM(CASE WHEN decision = 'admit' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN decision = 'deny' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN decision = 'refer' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN temperature_class = 'fever' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN method = 'manual' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN method = 'self-scan' THEN 1 ELSE 0 END)";

// The place's check-ins in [$2, $3), less repeated inspector scans: each scan sees the previous scan of the same
// subject (the person when known, else the code's subject) at the place, from $4 = $2 - repeat on so a visit
// that began just before the window still hides its repeats inside it; $5 = repeat (0: every scan counts).
const std::string kCounted =
    " FROM (SELECT c.*, CASE WHEN c.method = 'inspector-scan' AND COALESCE(c.person_id, c.subject) IS NOT NULL "
    "THEN LAG(c.time) OVER (PARTITION BY c.method, COALESCE(c.person_id, c.subject) ORDER BY c.time, c.client_id) "
    "END AS previous_scan FROM checkins c WHERE c.place_id = $1 AND c.time >= $4 AND c.time < $3) c "
    "WHERE c.time >= $2 AND (c.previous_scan IS NULL OR c.time - c.previous_scan >= $5)";

std::vector<storage::Value> window_params(const std::string& place_id, const StatisticsWindow& w) {
  return {place_id, w.from, w.to, w.from - w.repeat, w.repeat > 0 ? w.repeat : std::int64_t{0}};
}

// The kCounts columns starting at column `first` (a SUM over no rows is NULL: 0).
Result<VisitCounts> counts_at(const storage::Row& row, std::size_t first) {
  std::int64_t VisitCounts::*fields[] = {&VisitCounts::visits,   &VisitCounts::admitted, &VisitCounts::denied,
                                         &VisitCounts::referred, &VisitCounts::fever,    &VisitCounts::manual,
                                         &VisitCounts::self_scan};
  VisitCounts out;
  for (std::size_t i = 0; i < std::size(fields); ++i) {
    auto n = row.get<std::int64_t>(first + i);
    if (!n) return n.error();
    out.*fields[i] = *n;
  }
  return out;
}

}  // namespace

Result<VisitCounts> visit_totals(Transaction& tx, const std::string& place_id, const StatisticsWindow& window) {
  auto rows = tx.query(std::string("SELECT ") + kCounts + kCounted, window_params(place_id, window));
  if (!rows) return rows.error();
  return counts_at(rows->front(), 0);
}

Result<std::vector<BucketCounts>> visits_by_bucket(Transaction& tx, const std::string& place_id,
                                                   const StatisticsWindow& window, std::int64_t offset_seconds,
                                                   std::int64_t bucket) {
  // Integer division floors for the non-negative times we keep, in both databases.
  auto params = window_params(place_id, window);
  params.push_back(offset_seconds);
  params.push_back(bucket);
  auto rows = tx.query("SELECT (time + $6) / $7 * $7 - $6 AS start, " + std::string(kCounts) + kCounted +
                           " GROUP BY 1 ORDER BY 1",
                       params);
  if (!rows) return rows.error();
  std::vector<BucketCounts> out;
  for (const auto& row : rows->rows) {
    auto start = row.get<std::int64_t>(0);
    if (!start) return start.error();
    auto counts = counts_at(row, 1);
    if (!counts) return counts.error();
    out.push_back({*start, *counts});
  }
  return out;
}

Result<std::vector<InspectorCounts>> visits_by_inspector(Transaction& tx, const std::string& place_id,
                                                         const StatisticsWindow& window) {
  // The accounts' phones come after the counting: a scan another inspector already counted is not theirs.
  auto rows = tx.query("SELECT counted.inspector_id, MAX(a.phone_enc), " + std::string(kCounts) + " FROM (SELECT c.*" +
                           kCounted +
                           " AND c.inspector_id IS NOT NULL) counted LEFT JOIN accounts a ON a.id = "
                           "counted.inspector_id GROUP BY counted.inspector_id ORDER BY 3 DESC, 1",
                       window_params(place_id, window));
  if (!rows) return rows.error();
  std::vector<InspectorCounts> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::optional<std::string>>();
    if (!cols) return cols.error();
    auto counts = counts_at(row, 2);
    if (!counts) return counts.error();
    auto& [inspector_id, phone_enc] = *cols;
    out.push_back({inspector_id, phone_enc, *counts});
  }
  return out;
}

Result<std::vector<CheckpointCounts>> visits_by_checkpoint(Transaction& tx, const std::string& place_id,
                                                           const StatisticsWindow& window) {
  auto rows =
      tx.query("SELECT checkpoint, " + std::string(kCounts) + kCounted + " GROUP BY checkpoint ORDER BY 2 DESC, 1",
               window_params(place_id, window));
  if (!rows) return rows.error();
  std::vector<CheckpointCounts> out;
  for (const auto& row : rows->rows) {
    auto checkpoint = row.get<std::optional<std::string>>(0);
    if (!checkpoint) return checkpoint.error();
    auto counts = counts_at(row, 1);
    if (!counts) return counts.error();
    out.push_back({*checkpoint, *counts});
  }
  return out;
}

}  // namespace greenlight::store
