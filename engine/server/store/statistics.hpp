// Statistics of a place's check-ins in [from, to): counts by decision, fever, manual and self check-ins, in
// total, per time bucket (at a UTC offset), per inspector and per checkpoint. One grouped query per view.
// An inspector scan of a subject scanned at the place less than `repeat` seconds before is the same visit and
// is not counted again (a dynamic code changes every few minutes: two checkpoints, or a rescan, see one
// person). 0 counts every scan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

using storage::Transaction;

struct VisitCounts {
  std::int64_t visits = 0, admitted = 0, denied = 0, referred = 0, fever = 0, manual = 0, self_scan = 0;
};
struct BucketCounts {
  std::int64_t start = 0;  // local bucket start, as epoch seconds
  VisitCounts counts;
};
struct InspectorCounts {
  std::string inspector_id;
  std::optional<std::string> phone_enc;
  VisitCounts counts;
};
struct CheckpointCounts {
  std::optional<std::string> checkpoint;
  VisitCounts counts;
};

struct StatisticsWindow {
  std::int64_t from = 0, to = 0;
  std::int64_t repeat = 0;  // seconds
};

Result<VisitCounts> visit_totals(Transaction& tx, const std::string& place_id, const StatisticsWindow& window);
// Buckets of `bucket` seconds starting at local midnights/hours for a UTC offset of `offset_seconds`, in order.
Result<std::vector<BucketCounts>> visits_by_bucket(Transaction& tx, const std::string& place_id,
                                                   const StatisticsWindow& window, std::int64_t offset_seconds,
                                                   std::int64_t bucket);
// Most visits first.
Result<std::vector<InspectorCounts>> visits_by_inspector(Transaction& tx, const std::string& place_id,
                                                         const StatisticsWindow& window);
Result<std::vector<CheckpointCounts>> visits_by_checkpoint(Transaction& tx, const std::string& place_id,
                                                           const StatisticsWindow& window);

}  // namespace greenlight::store
