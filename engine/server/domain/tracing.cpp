// Close and secondary contacts from presence intervals (greenlight/tracing.hpp).
#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

#include "greenlight/server/tracing.hpp"

namespace greenlight::tracing {

const std::map<std::string, std::int64_t>& default_dwell_minutes() {
  // How long people typically stay, in minutes: short errands, meals and visits, shifts and nights.
  static const std::map<std::string, std::int64_t> table = {
      {"mall", 60},           {"market", 30},       {"supermarket", 30}, {"shop", 20},      {"restaurant", 60},
      {"hotel", 480},         {"school", 480},      {"training", 120},   {"bank", 20},      {"hospital", 120},
      {"elderly-care", 240},  {"transport", 60},    {"station", 30},     {"vehicle", 60},   {"office", 480},
      {"factory", 480},       {"residential", 720}, {"government", 60},  {"religious", 60}, {"tourism", 120},
      {"entertainment", 120}, {"sports", 90},       {"bath", 90},        {"beauty", 60},    {"other", 30}};
  return table;
}

std::int64_t dwell_seconds(const std::string& category, const std::map<std::string, std::int64_t>& overrides_minutes) {
  if (auto o = overrides_minutes.find(category); o != overrides_minutes.end()) return o->second * 60;
  const auto& table = default_dwell_minutes();
  auto d = table.find(category);
  if (d == table.end()) {
    if (auto o = overrides_minutes.find("other"); o != overrides_minutes.end()) return o->second * 60;
    d = table.find("other");
  }
  return d->second * 60;
}

namespace {

// The visits of each place sorted by start, with the longest presence there, so the visits overlapping an
// interval are found by a binary search and a short backward scan.
struct PlaceIndex {
  std::vector<const Visit*> by_start;
  std::int64_t longest = 0;
};

struct Accumulator {
  Contact contact;
  bool seen = false;
};

void add_exposure(Accumulator& a, Exposure e) {
  auto seconds = e.end - e.start;
  if (!a.seen || e.start < a.contact.first_exposure) a.contact.first_exposure = e.start;
  if (!a.seen || e.end > a.contact.last_exposure) a.contact.last_exposure = e.end;
  a.seen = true;
  a.contact.exposure_seconds += seconds;
  a.contact.via.push_back(std::move(e));
}

}  // namespace

Result<Trace> trace(const std::vector<Visit>& visits, const std::string& case_person, std::int64_t window_start,
                    std::int64_t window_end, const TraceOptions& options) {
  if (window_start > window_end) return make_error("tracing.window", "the window starts after it ends");
  if (visits.size() > options.max_visits) return make_error("tracing.too_large", "too many visits to trace at once");

  std::unordered_map<std::string, PlaceIndex> places;
  std::unordered_map<std::string, std::vector<const Visit*>> by_person;
  for (const auto& v : visits) {
    if (v.end <= v.start) continue;  // no presence at all
    auto& p = places[v.place];
    p.by_start.push_back(&v);
    p.longest = std::max(p.longest, v.end - v.start);
    by_person[v.person].push_back(&v);
  }
  for (auto& [_, p] : places)
    std::sort(p.by_start.begin(), p.by_start.end(), [](const Visit* a, const Visit* b) { return a->start < b->start; });

  // Calls found(visit, overlap start, overlap end) for every visit at `place` overlapping [start, end).
  auto overlapping = [&](const std::string& place, std::int64_t start, std::int64_t end, auto&& found) {
    auto it = places.find(place);
    if (it == places.end()) return;
    const auto& list = it->second.by_start;
    // Visits starting at or after `end` cannot overlap; those starting before start - longest end too early.
    auto upper =
        std::lower_bound(list.begin(), list.end(), end, [](const Visit* v, std::int64_t t) { return v->start < t; });
    for (auto i = upper; i != list.begin();) {
      const Visit* v = *--i;
      if (v->start < start - it->second.longest) break;
      auto from = std::max(start, v->start), to = std::min(end, v->end);
      if (to > from) found(*v, from, to);
    }
  };

  Trace out;
  if (auto mine = by_person.find(case_person); mine != by_person.end())
    for (const Visit* v : mine->second)
      if (v->start >= window_start && v->start <= window_end) out.case_visits.push_back(*v);
  std::sort(out.case_visits.begin(), out.case_visits.end(),
            [](const Visit& a, const Visit& b) { return std::tie(a.start, a.id) < std::tie(b.start, b.id); });

  std::map<std::string, Accumulator> close;
  for (const auto& c : out.case_visits)
    overlapping(c.place, c.start, c.end, [&](const Visit& v, std::int64_t from, std::int64_t to) {
      if (v.person == case_person) return;
      add_exposure(close[v.person], {c.place, v.id, c.id, "", from, to});
    });

  std::map<std::string, Accumulator> secondary;
  if (options.max_depth >= 2) {
    for (const auto& [person, a] : close) {
      // The close contact's presences from their first exposure on (a presence that began earlier counts
      // from that moment: before it they had not been exposed).
      for (const Visit* v : by_person[person]) {
        auto from = std::max(v->start, a.contact.first_exposure);
        if (from >= v->end) continue;
        overlapping(v->place, from, v->end, [&](const Visit& w, std::int64_t s, std::int64_t e) {
          if (w.person == case_person || w.person == person || close.count(w.person)) return;
          add_exposure(secondary[w.person], {v->place, w.id, v->id, person, s, e});
        });
      }
    }
  }

  auto emit = [&](std::map<std::string, Accumulator>& from, int depth) {
    std::vector<Contact> list;
    for (auto& [person, a] : from) {
      a.contact.person = person;
      a.contact.depth = depth;
      a.contact.exposure_minutes = (a.contact.exposure_seconds + 59) / 60;
      std::sort(a.contact.via.begin(), a.contact.via.end(), [](const Exposure& x, const Exposure& y) {
        return std::tie(x.start, x.visit, x.source) < std::tie(y.start, y.visit, y.source);
      });
      list.push_back(std::move(a.contact));
    }
    std::sort(list.begin(), list.end(), [](const Contact& x, const Contact& y) {
      if (x.exposure_seconds != y.exposure_seconds) return x.exposure_seconds > y.exposure_seconds;
      return x.person < y.person;
    });
    for (auto& c : list) out.contacts.push_back(std::move(c));
  };
  emit(close, 1);
  emit(secondary, 2);
  return out;
}

}  // namespace greenlight::tracing
