// Statistics per place: counts of visits by decision, fever, manual and self check-ins, per hour or day
// (local time at a UTC offset), per inspector and per checkpoint. One grouped query per view.
#include "impl.hpp"

namespace greenlight::service {
namespace {

constexpr const char* kCounts =
    "COUNT(*), "
    "SUM(CASE WHEN decision = 'admit' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN decision = 'deny' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN decision = 'refer' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN temperature_class = 'fever' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN method = 'manual' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN method = 'self-scan' THEN 1 ELSE 0 END)";

// The counts starting at column `first`.
json counts(const storage::Row& row, std::size_t first) {
  return {{"visits", row.integer(first)},        {"admitted", row.integer(first + 1)}, {"denied", row.integer(first + 2)},
          {"referred", row.integer(first + 3)},  {"fever", row.integer(first + 4)},    {"manual", row.integer(first + 5)},
          {"selfScan", row.integer(first + 6)}};
}

struct Window {
  std::int64_t from = 0, to = 0, bucket = 3600, offset_seconds = 8 * 3600;
  std::string by = "hour";
};

// A query parameter as an integer; false when present but not one.
bool query_integer(const Request& r, const char* name, std::int64_t& out) {
  auto it = r.query.find(name);
  if (it == r.query.end()) return true;
  try {
    std::size_t used = 0;
    out = std::stoll(it->second, &used);
    return used == it->second.size();
  } catch (...) {
    return false;
  }
}

Result<Window> read_window(const Request& r, std::uint64_t now) {
  Window w;
  if (r.query.count("by")) w.by = r.query.at("by");
  if (w.by != "hour" && w.by != "day") return make_error("request.invalid", "by: hour or day");
  w.bucket = w.by == "hour" ? 3600 : 86400;
  w.to = static_cast<std::int64_t>(now);
  std::int64_t offset_minutes = 480;
  bool ok = query_integer(r, "to", w.to);
  w.from = w.to - (w.by == "hour" ? 86400 : 14 * 86400);
  ok = ok && query_integer(r, "from", w.from) && query_integer(r, "utcOffset", offset_minutes);
  if (!ok || w.from < 0 || w.to < w.from) return make_error("request.invalid", "from, to: epoch seconds with from <= to");
  if (offset_minutes < -720 || offset_minutes > 840) return make_error("request.invalid", "utcOffset: minutes from -720 to 840");
  auto span_limit = w.by == "hour" ? 31 * 86400 : 366 * 86400;
  if (w.to - w.from > span_limit) return make_error("request.invalid", "from..to: at most 31 days by hour, 366 by day");
  w.offset_seconds = offset_minutes * 60;
  return w;
}

}  // namespace

Answer Service::place_statistics(const Request& r) {
  auto& s = *impl_;
  auto window = read_window(r, s.now());
  if (!window) return window.error();
  const auto& w = *window;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    const auto& place_id = r.params.at(0);
    auto roles = place_roles(tx, place_id, who.account_id);
    if (!roles) return roles.error();
    if (!(roles->admin || roles->inspector || who.authority)) return make_error("auth.forbidden", "you have no role at this place");
    if (!roles->exists) return make_error("place.not_found", "no such place");

    std::vector<Value> params = {place_id, w.from, w.to, w.offset_seconds, w.bucket};
    const std::string where = " FROM checkins WHERE place_id = $1 AND time >= $2 AND time < $3";
    auto totals = tx.query(std::string("SELECT ") + kCounts + where, {place_id, w.from, w.to});
    if (!totals) return totals.error();
    // Integer division floors for the non-negative times we keep, in both databases.
    auto buckets = tx.query("SELECT (time + $4) / $5 * $5 - $4 AS start, " + std::string(kCounts) + where +
                                " GROUP BY 1 ORDER BY 1",
                            params);
    if (!buckets) return buckets.error();
    auto inspectors = tx.query("SELECT inspector_id, MAX(a.phone_enc), " + std::string(kCounts) +
                                   " FROM checkins c LEFT JOIN accounts a ON a.id = c.inspector_id "
                                   "WHERE c.place_id = $1 AND c.time >= $2 AND c.time < $3 AND c.inspector_id IS NOT NULL "
                                   "GROUP BY c.inspector_id ORDER BY 3 DESC, 1",
                               {place_id, w.from, w.to});
    if (!inspectors) return inspectors.error();
    auto checkpoints = tx.query("SELECT checkpoint, " + std::string(kCounts) + where + " GROUP BY checkpoint ORDER BY 2 DESC, 1",
                                {place_id, w.from, w.to});
    if (!checkpoints) return checkpoints.error();

    json out = {{"placeId", place_id}, {"from", w.from}, {"to", w.to}, {"by", w.by}, {"utcOffset", w.offset_seconds / 60},
                {"totals", counts(totals->front(), 0)}, {"buckets", json::array()}, {"byInspector", json::array()},
                {"byCheckpoint", json::array()}};
    for (const auto& row : buckets->rows) {
      auto bucket = counts(row, 1);
      bucket["start"] = row.integer(0);
      out["buckets"].push_back(std::move(bucket));
    }
    for (const auto& row : inspectors->rows) {
      auto entry = counts(row, 2);
      auto phone = row.is_null(1) ? Result<std::string>(std::string()) : s.vault.open(row.text(1));
      entry["inspectorId"] = row.text(0);
      entry["phone"] = phone ? mask_phone(*phone) : "";
      out["byInspector"].push_back(std::move(entry));
    }
    for (const auto& row : checkpoints->rows) {
      auto entry = counts(row, 1);
      entry["checkpoint"] = text_or_null(row, 0);
      out["byCheckpoint"].push_back(std::move(entry));
    }
    return json_reply(std::move(out));
  });
}

}  // namespace greenlight::service
