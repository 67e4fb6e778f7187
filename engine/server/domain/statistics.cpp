// Statistics per place: counts of visits by decision, fever, manual and self check-ins, per hour or day
// (local time at a UTC offset), per inspector and per checkpoint. One grouped query per view.
#include "impl.hpp"
#include "../store/statistics.hpp"

namespace greenlight::service {
namespace {

json counts(const store::VisitCounts& c) {
  return {{"visits", c.visits}, {"admitted", c.admitted}, {"denied", c.denied},     {"referred", c.referred},
          {"fever", c.fever},   {"manual", c.manual},     {"selfScan", c.self_scan}};
}

struct Window {
  std::int64_t from = 0, to = 0, bucket = 3600, offset_seconds = 8 * 3600;
  std::string by = "hour";
};

Result<Window> read_window(const Request& r, std::uint64_t now) {
  Window w;
  if (r.query.count("by")) w.by = r.query.at("by");
  if (w.by != "hour" && w.by != "day") return make_error("request.invalid", "by: hour or day");
  w.bucket = w.by == "hour" ? 3600 : 86400;
  w.to = static_cast<std::int64_t>(now);
  std::int64_t offset_minutes = 480;
  const std::string window_message = "from, to: epoch seconds with from <= to";
  auto to = query_number(r.query, "to", "request.invalid", window_message, true);
  if (!to) return to.error();
  w.to = to->value_or(w.to);
  w.from = w.to - (w.by == "hour" ? 86400 : 14 * 86400);
  auto from = query_number(r.query, "from", "request.invalid", window_message, true);
  if (!from) return from.error();
  w.from = from->value_or(w.from);
  // A malformed offset reads as a bad window, as before; a well-formed one out of range gets its own message.
  auto offset = query_number(r.query, "utcOffset", "request.invalid", window_message, true);
  if (!offset) return offset.error();
  offset_minutes = offset->value_or(offset_minutes);
  if (w.from < 0 || w.to < w.from) return make_error("request.invalid", window_message);
  if (offset_minutes < -720 || offset_minutes > 840)
    return make_error("request.invalid", "utcOffset: minutes from -720 to 840");
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
  const auto& place_id = r.params.at(0);
  // Who may see them: on the primary (sessions, bindings). The counting: on the read database (--db-read).
  auto allowed = s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto roles = place_roles(tx, place_id, who.account_id);
    if (!roles) return roles.error();
    if (!(roles->admin || roles->inspector || who.authority))
      return make_error("auth.forbidden", "you have no role at this place");
    if (!roles->exists) return make_error("place.not_found", "no such place");
    return Reply{};
  });
  if (!allowed) return allowed;
  return s.run_read([&](Transaction& tx) -> Answer {
    const store::StatisticsWindow counted{w.from, w.to, static_cast<std::int64_t>(s.options.repeat_window)};
    auto totals = store::visit_totals(tx, place_id, counted);
    if (!totals) return totals.error();
    auto buckets = store::visits_by_bucket(tx, place_id, counted, w.offset_seconds, w.bucket);
    if (!buckets) return buckets.error();
    auto inspectors = store::visits_by_inspector(tx, place_id, counted);
    if (!inspectors) return inspectors.error();
    auto checkpoints = store::visits_by_checkpoint(tx, place_id, counted);
    if (!checkpoints) return checkpoints.error();

    json out = {{"placeId", place_id},
                {"from", w.from},
                {"to", w.to},
                {"by", w.by},
                {"utcOffset", w.offset_seconds / 60},
                {"totals", counts(*totals)},
                {"buckets", json::array()},
                {"byInspector", json::array()},
                {"byCheckpoint", json::array()}};
    for (const auto& row : *buckets) {
      auto bucket = counts(row.counts);
      bucket["start"] = row.start;
      out["buckets"].push_back(std::move(bucket));
    }
    for (const auto& row : *inspectors) {
      auto entry = counts(row.counts);
      auto phone = !row.phone_enc ? Result<std::string>(std::string()) : s.vault.open(*row.phone_enc);
      entry["inspectorId"] = row.inspector_id;
      entry["phone"] = phone ? mask_phone(*phone) : "";
      out["byInspector"].push_back(std::move(entry));
    }
    for (const auto& row : *checkpoints) {
      auto entry = counts(row.counts);
      entry["checkpoint"] = row.checkpoint ? json(*row.checkpoint) : json(nullptr);
      out["byCheckpoint"].push_back(std::move(entry));
    }
    return json_reply(std::move(out));
  });
}

}  // namespace greenlight::service
