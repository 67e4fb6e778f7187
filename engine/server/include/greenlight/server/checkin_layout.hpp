// Where check-in rows live on PostgreSQL (docs/scaling.md): `checkins` is partitioned by UTC day (RANGE on
// time), and may be sharded by place over other PostgreSQL servers (HASH on place_id, each partition a
// postgres_fdw foreign table whose shard keeps its own day partitions). SQLite keeps one table: there the
// calls below do nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::storage {

// Creates the day partitions for UTC days [first_day, last_day] (days since the epoch) that do not exist
// yet, on every shard when sharded. Safe to run from several servers at once. Returns how many it made.
Result<int> prepare_checkin_days(Database& db, std::int64_t first_day, std::int64_t last_day);

// Retention: detaches and drops every day partition wholly before `cutoff` (a time), on every shard when
// sharded. Returns the rows they held. Rows before the cutoff in a partition that also holds later ones
// are left for the caller's DELETE.
Result<std::int64_t> drop_checkin_days_before(Database& db, std::int64_t cutoff);

// The shard URLs `checkins` is laid out over, in hash order; empty when not sharded.
Result<std::vector<std::string>> checkin_shards(Database& db);

struct ShardLayout {
  std::vector<std::string> shards;
  bool created = false;  // false: the database was already laid out over exactly these shards
};
// `greenlight-server shards init`: lays the (migrated, empty) coordinator's `checkins` out over
// `shard_urls`, HASH-partitioned by place_id, each partition a foreign table on its shard. On each shard it
// creates `checkins` with its own day partitions [first_day, last_day] and indexes. Idempotent.
// Errors: shards.invalid (no shard, a repeated or unparsable URL, not PostgreSQL), shards.mismatch (laid
// out over other shards), shards.not_empty (check-ins are stored already), storage.*.
Result<ShardLayout> init_checkin_shards(Database& coordinator, const std::vector<std::string>& shard_urls,
                                        std::int64_t first_day, std::int64_t last_day);

}  // namespace greenlight::storage
