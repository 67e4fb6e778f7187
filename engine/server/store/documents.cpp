// Status entries, rule sets, region-risk lists and risk notices (store/documents.hpp).
#include "documents.hpp"

namespace greenlight::store {

namespace {

// What a row without expires_at (written by a server older than migration 10) is read as: the bound that
// migration gave the rows before it.
constexpr std::int64_t kUnrecordedExpiryAfterChange = 180 * 86400 + 300;

// An entry still needed at $2: expiring at or after it ($3 is $2 less the unrecorded bound).
constexpr const char* kStillNeeded = "(e.expires_at >= $2 OR (e.expires_at IS NULL AND e.changed_at >= $3))";

}  // namespace

Result<std::vector<StatusEntry>> latest_status_entries_after(Transaction& tx, std::int64_t after,
                                                             std::int64_t needed_at) {
  auto rows = tx.query(std::string("SELECT e.subject_hash, e.status, e.q, COALESCE(e.expires_at, e.changed_at + $4) "
                                   "FROM status_entries e WHERE e.q > $1 AND ") +
                           kStillNeeded +
                           " AND e.q = (SELECT MAX(q) FROM status_entries l WHERE l.subject_hash = e.subject_hash) "
                           "ORDER BY e.subject_hash",
                       {after, needed_at, needed_at - kUnrecordedExpiryAfterChange, kUnrecordedExpiryAfterChange});
  if (!rows) return rows.error();
  std::vector<StatusEntry> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string, std::int64_t, std::int64_t>();
    if (!cols) return cols.error();
    auto& [hash, status, q, needed_until] = *cols;
    out.push_back({hash, status, q, needed_until});
  }
  return out;
}

Result<std::int64_t> count_subjects_changed_after(Transaction& tx, std::int64_t after, std::int64_t needed_at) {
  auto rows = tx.query(std::string("SELECT COUNT(DISTINCT e.subject_hash) FROM status_entries e WHERE e.q > $1 AND ") +
                           kStillNeeded,
                       {after, needed_at, needed_at - kUnrecordedExpiryAfterChange});
  if (!rows) return rows.error();
  return rows->front().get<std::int64_t>(0);
}

Result<std::int64_t> delete_status_subjects_expired_before(Transaction& tx, std::int64_t cutoff) {
  // Whole subjects only: with an older row left behind, that row would become the subject's latest and be
  // served again. A row without expires_at keeps its subject.
  auto deleted = tx.query(
      "DELETE FROM status_entries WHERE subject_hash IN (SELECT e.subject_hash FROM status_entries e "
      "WHERE e.expires_at < $1 AND NOT EXISTS (SELECT 1 FROM status_entries l WHERE l.subject_hash = e.subject_hash "
      "AND (l.expires_at IS NULL OR l.expires_at >= $1)))",
      {cutoff});
  if (!deleted) return deleted.error();
  return deleted->affected;
}

Result<std::optional<std::int64_t>> status_changed_at(Transaction& tx, std::int64_t seq) {
  auto rows = tx.query("SELECT MAX(changed_at) FROM status_entries WHERE q = $1", {seq});
  if (!rows) return rows.error();
  return rows->front().get<std::optional<std::int64_t>>(0);
}

Result<std::optional<LatestRuleSet>> latest_rule_set(Transaction& tx) {
  auto rows = tx.query("SELECT seq, payload FROM rule_sets ORDER BY seq DESC LIMIT 1");
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<LatestRuleSet>();
  auto cols = rows->front().as<std::int64_t, std::string>();
  if (!cols) return cols.error();
  return std::optional<LatestRuleSet>(LatestRuleSet{std::get<0>(*cols), std::get<1>(*cols)});
}

Result<std::optional<std::int64_t>> newest_rule_set_seq(Transaction& tx) {
  auto rows = tx.query("SELECT MAX(seq) FROM rule_sets");
  if (!rows) return rows.error();
  return rows->front().get<std::optional<std::int64_t>>(0);
}

Result<void> insert_rule_set(Transaction& tx, const RuleSetRecord& r) {
  auto stored = tx.query(
      "INSERT INTO rule_sets (seq, payload, cases, published_by, published_at, reason) VALUES ($1, $2, $3, $4, $5, $6)",
      {r.seq, r.payload, r.cases, r.published_by, r.published_at, r.reason});
  if (!stored) return stored.error();
  return {};
}

Result<std::vector<RuleSetRecord>> recent_rule_sets(Transaction& tx) {
  auto rows = tx.query(
      "SELECT r.seq, r.payload, r.published_at, r.reason, r.published_by, c.display_name FROM rule_sets r "
      "LEFT JOIN authority_credentials c ON c.account_id = r.published_by ORDER BY r.seq DESC LIMIT 50");
  if (!rows) return rows.error();
  std::vector<RuleSetRecord> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::int64_t, std::string, std::int64_t, std::string, std::string, std::optional<std::string>>();
    if (!cols) return cols.error();
    auto& [seq, payload, published_at, reason, published_by, name] = *cols;
    out.push_back({seq, payload, "", published_at, reason, published_by, name});
  }
  return out;
}

Result<std::optional<RuleSetRecord>> rule_set(Transaction& tx, std::int64_t seq) {
  auto rows = tx.query(
      "SELECT r.seq, r.payload, r.cases, r.published_at, r.reason, r.published_by, c.display_name FROM rule_sets r "
      "LEFT JOIN authority_credentials c ON c.account_id = r.published_by WHERE r.seq = $1",
      {seq});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<RuleSetRecord>();
  auto cols = rows->front()
                  .as<std::int64_t, std::string, std::string, std::int64_t, std::string, std::string,
                      std::optional<std::string>>();
  if (!cols) return cols.error();
  auto& [got, payload, cases, published_at, reason, published_by, name] = *cols;
  return std::optional<RuleSetRecord>(RuleSetRecord{got, payload, cases, published_at, reason, published_by, name});
}

Result<std::optional<RegionRiskRecord>> latest_region_risk_list(Transaction& tx) {
  auto rows = tx.query(
      "SELECT seq, regions, published_at, reason, published_by FROM region_risk_lists ORDER BY seq DESC LIMIT 1");
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<RegionRiskRecord>();
  auto cols = rows->front().as<std::int64_t, std::string, std::int64_t, std::string, std::string>();
  if (!cols) return cols.error();
  auto& [seq, regions, published_at, reason, published_by] = *cols;
  return std::optional<RegionRiskRecord>(RegionRiskRecord{seq, regions, published_at, reason, published_by, {}});
}

Result<std::optional<std::int64_t>> newest_region_risk_seq(Transaction& tx) {
  auto rows = tx.query("SELECT MAX(seq) FROM region_risk_lists");
  if (!rows) return rows.error();
  return rows->front().get<std::optional<std::int64_t>>(0);
}

Result<void> insert_region_risk_list(Transaction& tx, const RegionRiskRecord& r) {
  auto stored = tx.query(
      "INSERT INTO region_risk_lists (seq, regions, reason, published_by, published_at) VALUES ($1, $2, $3, $4, $5)",
      {r.seq, r.regions, r.reason, r.published_by, r.published_at});
  if (!stored) return stored.error();
  return {};
}

Result<std::vector<RegionRiskRecord>> recent_region_risk_lists(Transaction& tx) {
  auto rows = tx.query(
      "SELECT l.seq, l.regions, l.published_at, l.reason, l.published_by, c.display_name FROM region_risk_lists l "
      "LEFT JOIN authority_credentials c ON c.account_id = l.published_by ORDER BY l.seq DESC LIMIT 50");
  if (!rows) return rows.error();
  std::vector<RegionRiskRecord> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::int64_t, std::string, std::int64_t, std::string, std::string, std::optional<std::string>>();
    if (!cols) return cols.error();
    auto& [seq, regions, published_at, reason, published_by, name] = *cols;
    out.push_back({seq, regions, published_at, reason, published_by, name});
  }
  return out;
}

Result<void> insert_risk_notice(Transaction& tx, const RiskNoticeRecord& n) {
  auto row = tx.query(
      "INSERT INTO risk_notices (id, case_id, place_id, from_time, to_time, published_at) VALUES ($1, $2, $3, $4, $5, "
      "$6)",
      {n.id, n.case_id, n.place_id, n.from_time, n.to_time, n.published_at});
  if (!row) return row.error();
  return {};
}

Result<std::vector<PlaceRiskNotice>> case_risk_notices(Transaction& tx, const std::string& case_id) {
  auto rows = tx.query(
      "SELECT n.place_id, p.name, n.from_time, n.to_time FROM risk_notices n JOIN places p ON p.id = n.place_id "
      "WHERE n.case_id = $1 ORDER BY n.from_time",
      {case_id});
  if (!rows) return rows.error();
  std::vector<PlaceRiskNotice> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string, std::int64_t, std::int64_t>();
    if (!cols) return cols.error();
    auto& [place_id, name, from, to] = *cols;
    out.push_back({place_id, name, "", from, to});
  }
  return out;
}

Result<std::vector<PlaceRiskNotice>> risk_notices_since(Transaction& tx, std::int64_t cutoff) {
  auto rows = tx.query(
      "SELECT n.place_id, p.name, p.category, n.from_time, n.to_time FROM risk_notices n JOIN places p ON p.id = "
      "n.place_id "
      "WHERE n.to_time >= $1 ORDER BY n.from_time, n.place_id",
      {cutoff});
  if (!rows) return rows.error();
  std::vector<PlaceRiskNotice> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string, std::string, std::int64_t, std::int64_t>();
    if (!cols) return cols.error();
    auto& [place_id, name, category, from, to] = *cols;
    out.push_back({place_id, name, category, from, to});
  }
  return out;
}

Result<std::int64_t> delete_risk_notices_before(Transaction& tx, std::int64_t cutoff) {
  auto deleted = tx.query("DELETE FROM risk_notices WHERE to_time < $1", {cutoff});
  if (!deleted) return deleted.error();
  return deleted->affected;
}

}  // namespace greenlight::store
