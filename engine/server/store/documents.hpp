// What the verifier documents are built from: status entries (the status list), published rule sets,
// region-risk lists, and venue risk notices.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

using storage::Transaction;

// Status entries
struct StatusEntry {
  std::string subject_hash, status;
  std::int64_t q = 0;
  std::int64_t needed_until = 0;  // expires_at (or the bound of a row without one)
};
// An entry's expires_at is the last second at which it can still change a decision (docs/rules.md "Only
// what can still change a decision"); one "needed at" a time expires then or later.
// The latest entry of each subject whose latest q is past `after`, when that entry is needed at `needed_at`,
// by subject hash.
Result<std::vector<StatusEntry>> latest_status_entries_after(Transaction& tx, std::int64_t after,
                                                             std::int64_t needed_at);
// How many subjects have an entry past `after` that is needed at `needed_at` (at least as many as
// latest_status_entries_after gives).
Result<std::int64_t> count_subjects_changed_after(Transaction& tx, std::int64_t after, std::int64_t needed_at);
// Drops every entry of each subject whose entries all expired before `cutoff`; returns how many rows.
Result<std::int64_t> delete_status_subjects_expired_before(Transaction& tx, std::int64_t cutoff);
// When the status list reached sequence number `seq` (none before any change).
Result<std::optional<std::int64_t>> status_changed_at(Transaction& tx, std::int64_t seq);

// Rule sets
struct RuleSetRecord {
  std::int64_t seq = 0;
  std::string payload, cases;  // JSON texts
  std::int64_t published_at = 0;
  std::string reason, published_by;
  std::optional<std::string> publisher_name;  // the publishing authority's display name
};
struct LatestRuleSet {
  std::int64_t seq = 0;
  std::string payload;
};
Result<std::optional<LatestRuleSet>> latest_rule_set(Transaction& tx);
Result<std::optional<std::int64_t>> newest_rule_set_seq(Transaction& tx);
Result<void> insert_rule_set(Transaction& tx, const RuleSetRecord& r);
// The 50 newest (seq descending); `cases` is not read.
Result<std::vector<RuleSetRecord>> recent_rule_sets(Transaction& tx);
Result<std::optional<RuleSetRecord>> rule_set(Transaction& tx, std::int64_t seq);

// Region-risk lists
struct RegionRiskRecord {
  std::int64_t seq = 0;
  std::string regions;  // JSON text: [{"r","level","from","to"}]
  std::int64_t published_at = 0;
  std::string reason, published_by;
  std::optional<std::string> publisher_name;  // the publishing authority's display name (read, not written)
};
// The newest list (publisher_name not read).
Result<std::optional<RegionRiskRecord>> latest_region_risk_list(Transaction& tx);
Result<std::optional<std::int64_t>> newest_region_risk_seq(Transaction& tx);
Result<void> insert_region_risk_list(Transaction& tx, const RegionRiskRecord& r);
// The 50 newest (seq descending).
Result<std::vector<RegionRiskRecord>> recent_region_risk_lists(Transaction& tx);

// Risk notices
struct RiskNoticeRecord {
  std::string id, case_id, place_id;
  std::int64_t from_time = 0, to_time = 0, published_at = 0;
};
Result<void> insert_risk_notice(Transaction& tx, const RiskNoticeRecord& n);
// A notice with its place, as listed.
struct PlaceRiskNotice {
  std::string place_id, place_name, category;
  std::int64_t from_time = 0, to_time = 0;
};
// A case's notices by start time (category is not read).
Result<std::vector<PlaceRiskNotice>> case_risk_notices(Transaction& tx, const std::string& case_id);
// Notices that end at or after `cutoff`, by start time then place.
Result<std::vector<PlaceRiskNotice>> risk_notices_since(Transaction& tx, std::int64_t cutoff);
// Drops notices that ended before `cutoff`; returns how many.
Result<std::int64_t> delete_risk_notices_before(Transaction& tx, std::int64_t cutoff);

}  // namespace greenlight::store
