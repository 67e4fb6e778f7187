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

const std::string kWhere = " FROM checkins WHERE place_id = $1 AND time >= $2 AND time < $3";

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

Result<VisitCounts> visit_totals(Transaction& tx, const std::string& place_id, std::int64_t from, std::int64_t to) {
  auto rows = tx.query(std::string("SELECT ") + kCounts + kWhere, {place_id, from, to});
  if (!rows) return rows.error();
  return counts_at(rows->front(), 0);
}

Result<std::vector<BucketCounts>> visits_by_bucket(Transaction& tx, const std::string& place_id, std::int64_t from,
                                                   std::int64_t to, std::int64_t offset_seconds, std::int64_t bucket) {
  // Integer division floors for the non-negative times we keep, in both databases.
  auto rows = tx.query("SELECT (time + $4) / $5 * $5 - $4 AS start, " + std::string(kCounts) + kWhere +
                           " GROUP BY 1 ORDER BY 1",
                       {place_id, from, to, offset_seconds, bucket});
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
                                                         std::int64_t from, std::int64_t to) {
  auto rows = tx.query("SELECT inspector_id, MAX(a.phone_enc), " + std::string(kCounts) +
                           " FROM checkins c LEFT JOIN accounts a ON a.id = c.inspector_id "
                           "WHERE c.place_id = $1 AND c.time >= $2 AND c.time < $3 AND c.inspector_id IS NOT NULL "
                           "GROUP BY c.inspector_id ORDER BY 3 DESC, 1",
                       {place_id, from, to});
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
                                                           std::int64_t from, std::int64_t to) {
  auto rows =
      tx.query("SELECT checkpoint, " + std::string(kCounts) + kWhere + " GROUP BY checkpoint ORDER BY 2 DESC, 1",
               {place_id, from, to});
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
