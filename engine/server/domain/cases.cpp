// Cases: a subject and an infectious window; contacts traced from check-ins (greenlight/tracing.hpp), previewed,
// then confirmed with status assignments and venue risk notices (docs/api.md "Tracing").
#include <algorithm>
#include <deque>
#include <set>
#include <tuple>
#include <unordered_map>

#include "greenlight/server/privacy.hpp"
#include "greenlight/server/tracing.hpp"
#include "../store/cases.hpp"
#include "../store/documents.hpp"
#include "impl.hpp"

namespace greenlight::service {
namespace {

constexpr std::int64_t kMaxWindowDays = 28;
constexpr std::size_t kMaxExcluded = 10000;
constexpr const char* kManualPrefix = "manual:";

using Case = store::CaseRecord;

Result<Case> load_case(Transaction& tx, const std::string& id) {
  auto c = store::case_by_id(tx, id);
  if (!c) return c.error();
  if (!*c) return make_error("case.not_found", "no such case");
  return std::move(**c);
}

// A case as listed, with its person masked (`person`: none when the record is gone).
json case_json(Service::Impl& s, const Case& c, const Person* person) {
  return {{"id", c.id},
          {"person", person ? masked_person(s, *person) : json{{"id", c.person_id}}},
          {"windowStart", c.window_start},
          {"windowEnd", c.window_end},
          {"state", c.state},
          {"note", c.note},
          {"createdBy", c.created_by},
          {"createdAt", c.created_at},
          {"confirmedAt", c.confirmed_at ? json(*c.confirmed_at) : json(nullptr)}};
}

json case_json(Service::Impl& s, Transaction& tx, const Case& c) {
  auto p = person_by_id(tx, c.person_id);
  return case_json(s, c, p && *p ? &**p : nullptr);
}

// What tracing needs to know about the check-ins it was given, beyond the intervals.
struct VisitInfo {
  std::string place_name, category, method;
  std::optional<std::string> manual_name_enc, manual_phone_enc;
  std::optional<std::string> provenance;  // how the presence was recorded (migration 0008); none for older rows
};

// The presence kinds an authority may leave out of a trace as too weak (anyone can type an ID number).
const std::vector<std::string_view> kProvenances = {"verified-scan", "self-scan", "hand-registration", "companion"};

// Loads check-ins into a visit set (deduplicated), keyed by person: a person's id, or for a hand registration
// of someone without a person record, "manual:" + the ID number's keyed hash.
//
// A trace asks a bounded number of queries, however many people it meets: the windows around presences and
// the close contacts' visits are asked for in sets (up to kSetSize per query), not one query each. Set sizes
// are rounded up to a power of two (the last item repeated) so a few statement shapes are prepared and reused.
class VisitLoader {
 public:
  // Everyone present at `place` while [start, end): check-ins with time in (start - dwell, end).
  struct Window {
    std::string place;
    std::int64_t start = 0, end = 0, dwell = 0;
  };
  // A person's check-ins from `since` (up to the `to` of the call that asks for them).
  struct PersonSince {
    std::string person;
    std::int64_t since = 0;
  };

  // `excluded`: provenances whose check-ins are left out of the trace entirely.
  VisitLoader(Service::Impl& s, Transaction& tx, std::set<std::string> excluded = {})
      : s_(s), tx_(tx), excluded_provenance_(std::move(excluded)) {}

  // Every check-in at a window's place during it. Overlapping windows at one place are merged first: the
  // union of open time ranges asks for exactly the same rows.
  Result<void> load_around(const std::vector<Window>& windows) {
    struct Range {
      std::string place;
      std::int64_t after = 0, before = 0;  // time in (after, before)
    };
    std::vector<Range> ranges;
    for (const auto& w : windows) ranges.push_back({w.place, w.start - w.dwell, w.end});
    std::sort(ranges.begin(), ranges.end(),
              [](const Range& a, const Range& b) { return std::tie(a.place, a.after) < std::tie(b.place, b.after); });
    std::vector<Range> merged;
    for (auto& r : ranges) {
      if (r.after >= r.before) continue;  // an empty range holds no check-in
      if (!merged.empty() && merged.back().place == r.place && r.after < merged.back().before)
        merged.back().before = std::max(merged.back().before, r.before);
      else merged.push_back(std::move(r));
    }
    for (std::size_t from = 0; from < merged.size(); from += kSetSize) {
      auto count = std::min(kSetSize, merged.size() - from);
      std::vector<store::CheckinRange> set;
      for (std::size_t i = from; i < from + count; ++i)
        set.push_back({merged[i].place, merged[i].after, merged[i].before});
      auto rows = store::checkins_in_ranges(tx_, set, excluded_provenance_);
      if (!rows) return rows.error();
      for (const auto& row : *rows)
        if (auto added = add(row); !added) return added.error();
    }
    return {};
  }

  // A person's check-ins in [from, to], hand registrations with their ID number included.
  Result<std::vector<const tracing::Visit*>> person_visits(const std::string& person, std::int64_t from,
                                                           std::int64_t to) {
    auto got = visits_of({{person, from}}, to);
    if (!got) return got.error();
    return std::move(got->front());
  }

  // For each person, what person_visits(person, since, to) gives, asked for a set of people at a time: one
  // query over the set with the earliest `since`, each row then kept for the people it belongs to whose
  // own `since` it is not before (rows nobody keeps are not loaded, as one query each would not load them).
  Result<std::vector<std::vector<const tracing::Visit*>>> visits_of(const std::vector<PersonSince>& people,
                                                                    std::int64_t to) {
    auto hashes = id_number_hashes(people);
    if (!hashes) return hashes.error();
    std::vector<std::vector<const tracing::Visit*>> out(people.size());
    for (std::size_t from = 0; from < people.size(); from += kSetSize) {
      auto count = std::min(kSetSize, people.size() - from);
      // Who a row is for: by its person id, or (a hand registration) by its ID number's hash.
      std::unordered_map<std::string, std::vector<std::size_t>> by_person, by_hash;
      std::vector<std::string> ids, id_hashes;
      auto since = people[from].since;
      for (std::size_t i = from; i < from + count; ++i) {
        const auto& p = people[i];
        since = std::min(since, p.since);
        if (p.person.rfind(kManualPrefix, 0) == 0) {
          auto& list = by_hash[p.person.substr(std::string(kManualPrefix).size())];
          if (list.empty()) id_hashes.push_back(p.person.substr(std::string(kManualPrefix).size()));
          list.push_back(i);
        } else {
          auto& list = by_person[p.person];
          if (list.empty()) ids.push_back(p.person);
          list.push_back(i);
          auto& with_hash = by_hash[(*hashes)[i]];
          if (with_hash.empty()) id_hashes.push_back((*hashes)[i]);
          with_hash.push_back(i);
        }
      }
      auto rows = store::checkins_of(tx_, since, to, ids, id_hashes, excluded_provenance_);
      if (!rows) return rows.error();
      for (const auto& row : *rows) {
        const auto& owners = row.person_id ? by_person[*row.person_id] : by_hash[row.manual_id_number_hash];
        std::vector<std::size_t> keeping;
        for (auto i : owners)
          if (row.time >= people[i].since) keeping.push_back(i);
        if (keeping.empty()) continue;
        auto visit = add(row);
        if (!visit) return visit.error();
        // A hand registration belongs to a person only when its name is theirs too (add() decides).
        for (auto i : keeping)
          if ((*visit)->person == people[i].person || row.person_id) out[i].push_back(*visit);
      }
    }
    return out;
  }

  // Every visit loaded so far (tracing takes them by value).
  std::vector<tracing::Visit> all() const { return {visits_.begin(), visits_.end()}; }
  const VisitInfo& info(const std::string& visit_id) const { return info_.at(visit_id); }

 private:
  static constexpr std::size_t kSetSize = kSqlSetSize;

  // The visit a selected row stands for, added to the set unless it is there already.
  Result<const tracing::Visit*> add(const store::TraceCheckin& row) {
    const auto& id = row.client_id;
    if (auto seen = index_.find(id); seen != index_.end()) return &visits_[seen->second];
    std::string person;
    if (row.person_id) {
      person = *row.person_id;
    } else {
      auto resolved = person_of_manual(row.manual_id_number_hash, row.manual_name_enc);
      if (!resolved) return resolved.error();
      person = *resolved;
    }
    visits_.push_back({id, person, row.place_id, row.time, row.time + place_dwell_seconds(s_, row.category)});
    info_[id] =
        VisitInfo{row.place_name, row.category, row.method, row.manual_name_enc, row.manual_phone_enc, row.provenance};
    index_[id] = visits_.size() - 1;
    return &visits_.back();
  }

  // The ID number hash of each registered person in `people` ("" for a manual one or a person record that
  // is gone: their hand registrations are then those with an empty hash, as before), a set at a time.
  Result<std::vector<std::string>> id_number_hashes(const std::vector<PersonSince>& people) {
    std::vector<std::string> ids;
    for (const auto& p : people)
      if (p.person.rfind(kManualPrefix, 0) != 0) ids.push_back(p.person);
    std::unordered_map<std::string, std::string> hash_of;
    for (std::size_t from = 0; from < ids.size(); from += kSetSize) {
      std::vector<std::string> set(ids.begin() + static_cast<std::ptrdiff_t>(from),
                                   ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), from + kSetSize)));
      auto rows = store::id_number_hashes_of(tx_, set);
      if (!rows) return rows.error();
      for (auto& [id, hash] : *rows) hash_of[id] = hash;
    }
    std::vector<std::string> out;
    for (const auto& p : people) {
      auto found = hash_of.find(p.person);
      out.push_back(found == hash_of.end() ? "" : found->second);
    }
    return out;
  }

  // Who a hand registration with no person is: the current record with its ID number when the name given
  // is that record's too (an ID number alone is anyone's to type), else a node of its own.
  Result<std::string> person_of_manual(const std::string& id_hash, const std::optional<std::string>& name_enc) {
    auto known = manual_.find(id_hash);
    if (known == manual_.end()) {
      auto people = people_by_id_number(tx_, id_hash);
      if (!people) return people.error();
      KnownId k;
      if (people->size() == 1) k = {people->front().id, open_or_empty(s_.vault, people->front().name_enc)};
      known = manual_.emplace(id_hash, std::move(k)).first;
    }
    const auto& [person, name] = known->second;
    if (!person.empty() && open_or_empty(s_.vault, name_enc) == name) return person;
    return kManualPrefix + id_hash;
  }

  Service::Impl& s_;
  Transaction& tx_;
  std::deque<tracing::Visit> visits_;  // stable addresses while loading
  std::unordered_map<std::string, std::size_t> index_;
  std::unordered_map<std::string, VisitInfo> info_;
  struct KnownId {
    std::string person, name;  // the one current record with an ID number and its name ("" when none)
  };
  std::unordered_map<std::string, KnownId> manual_;
  std::set<std::string> excluded_provenance_;
};

struct Traced {
  tracing::Trace trace;
  std::unique_ptr<VisitLoader> loader;
};

// Loads what the case's trace needs, in two rounds (the case's places, then its close contacts' places after
// their exposure), and traces it. Secondary contacts are looked for up to `now`.
Result<Traced> trace_case(Service::Impl& s, Transaction& tx, const Case& c, int max_depth,
                          const std::set<std::string>& excluded_provenance) {
  auto loader = std::make_unique<VisitLoader>(s, tx, excluded_provenance);
  auto now = static_cast<std::int64_t>(s.now());
  auto mine = loader->person_visits(c.person_id, c.window_start, c.window_end);
  if (!mine) return mine.error();
  std::vector<VisitLoader::Window> around_case;
  for (const auto* v : *mine) around_case.push_back({v->place, v->start, v->end, v->end - v->start});
  if (auto l = loader->load_around(around_case); !l) return l.error();
  auto close = tracing::trace(loader->all(), c.person_id, c.window_start, c.window_end, {1});
  if (!close) return close.error();
  if (max_depth >= 2) {
    // Each close contact's visits from a day before their first exposure (a presence begun before it may
    // last into it), and everyone around those presences from that exposure on.
    std::vector<VisitLoader::PersonSince> contacts;
    for (const auto& contact : close->contacts) contacts.push_back({contact.person, contact.first_exposure - 86400});
    auto theirs = loader->visits_of(contacts, now);
    if (!theirs) return theirs.error();
    std::vector<VisitLoader::Window> around_contacts;
    for (std::size_t i = 0; i < contacts.size(); ++i) {
      auto exposed = close->contacts[i].first_exposure;
      for (const auto* v : (*theirs)[i])
        if (v->end > exposed)
          around_contacts.push_back({v->place, std::max(v->start, exposed), v->end, v->end - v->start});
    }
    if (auto l = loader->load_around(around_contacts); !l) return l.error();
  }
  tracing::TraceOptions options;
  options.max_depth = max_depth;
  auto full = tracing::trace(loader->all(), c.person_id, c.window_start, c.window_end, options);
  if (!full) return full.error();
  return Traced{std::move(*full), std::move(loader)};
}

// What tracing gives someone whose status is `current`: the assigned status, unless `current` is already as
// severe (tracing never lowers a status). Preview and confirmation both answer with this.
const std::string& raised_status(const std::string& assigned, const std::string& current) {
  return status_severity(assigned) > status_severity(current) ? assigned : current;
}

struct Assignment {
  std::string case_status = "red", close = "orange", secondary = "yellow";
  const std::string& for_depth(int depth) const { return depth == 0 ? case_status : depth == 1 ? close : secondary; }
};

// Reads {"statuses": {"case", "close", "secondary"}} (each optional) from the body.
void read_assignment(Fields& f, Assignment& a) {
  const auto* statuses = f.value("statuses", false);
  if (!statuses) return;
  Fields g(*statuses, "statuses.");
  for (auto [name, slot] :
       {std::pair{"case", &a.case_status}, std::pair{"close", &a.close}, std::pair{"secondary", &a.secondary}})
    if (auto v = g.choice(name, {"green", "yellow", "orange", "red"}, false)) *slot = *v;
  if (auto done = g.finish(); !done) f.fail(done.error().code, done.error().message);
}

// A contact as staff see it: masked identity, current status and the proposed one, and the overlaps.
// `people`: the registered contacts' person records, by id.
Result<json> contact_json(Service::Impl& s, const tracing::Contact& c,
                          const std::unordered_map<std::string, Person>& people, const VisitLoader& loader,
                          const Assignment& a) {
  json out = {{"depth", c.depth},
              {"exposureMinutes", c.exposure_minutes},
              {"exposureSeconds", c.exposure_seconds},
              {"firstExposure", c.first_exposure},
              {"lastExposure", c.last_exposure}};
  const auto& assigned = a.for_depth(c.depth);
  if (c.person.rfind(kManualPrefix, 0) == 0) {
    // Registered by hand and never in the system: staff reach them by phone; no code to change.
    const auto& info = loader.info(c.via.front().visit);
    out["personId"] = nullptr;
    out["registered"] = false;
    out["name"] = mask_name(open_or_empty(s.vault, info.manual_name_enc));
    out["phone"] =
        info.manual_phone_enc ? json(mask_phone(open_or_empty(s.vault, info.manual_phone_enc))) : json(nullptr);
    out["status"] = nullptr;
    out["proposed"] = nullptr;
  } else {
    auto person = people.find(c.person);
    if (person == people.end()) return make_error("person.not_found", "a contact's person record is gone");
    auto masked = masked_person(s, person->second);
    out["personId"] = c.person;
    out["registered"] = true;
    out["name"] = masked["name"];
    out["idNumber"] = masked["idNumber"];
    out["status"] = person->second.status;
    // Tracing never lowers a status: someone already red stays red.
    out["proposed"] = raised_status(assigned, person->second.status);
  }
  json via = json::array();
  for (const auto& e : c.via) {
    const auto& info = loader.info(e.visit);
    via.push_back(
        {{"placeId", e.place},
         {"placeName", info.place_name},
         {"checkinId", e.visit},
         {"sourceCheckinId", e.source},
         {"provenance", info.provenance ? json(*info.provenance) : json(nullptr)},
         {"through", e.through.empty() || e.through.rfind(kManualPrefix, 0) == 0 ? json(nullptr) : json(e.through)},
         {"start", e.start},
         {"end", e.end}});
  }
  out["via"] = via;
  return out;
}

json visits_json(const tracing::Trace& t, const VisitLoader& loader) {
  json out = json::array();
  for (const auto& v : t.case_visits) {
    const auto& info = loader.info(v.id);
    out.push_back({{"checkinId", v.id},
                   {"placeId", v.place},
                   {"placeName", info.place_name},
                   {"category", info.category},
                   {"method", info.method},
                   {"provenance", info.provenance ? json(*info.provenance) : json(nullptr)},
                   {"start", v.start},
                   {"end", v.end}});
  }
  return out;
}

// What a preview or a confirmation is asked: {"reason", "maxDepth"?, "statuses"?, "excludeProvenance"?,
// "exclude"? (confirm only)}.
struct TraceRequest {
  std::string reason;
  int depth = 2;
  Assignment assignment;
  std::set<std::string> excluded;
  std::set<std::string> excluded_provenance;
};

Result<TraceRequest> read_trace_request(const json& body, bool confirming) {
  Fields f(body);
  TraceRequest out;
  auto reason = stated_reason(f);
  auto depth = f.uint("maxDepth", 2, false);
  if (depth && *depth < 1) f.fail("request.invalid", "maxDepth: 1 or 2");
  read_assignment(f, out.assignment);
  if (confirming)
    if (auto excluded = f.text_array("exclude", kMaxExcluded, 64, false))
      out.excluded.insert(excluded->begin(), excluded->end());
  if (auto kinds = f.text_array("excludeProvenance", kProvenances.size(), 32, false)) {
    for (const auto& kind : *kinds) {
      if (std::find(kProvenances.begin(), kProvenances.end(), kind) == kProvenances.end())
        f.fail("request.invalid", "excludeProvenance: verified-scan, self-scan, hand-registration or companion");
      else out.excluded_provenance.insert(kind);
    }
  }
  if (auto done = f.finish(); !done) return done.error();
  out.reason = *reason;
  out.depth = depth ? static_cast<int>(*depth) : 2;
  return out;
}

}  // namespace

std::int64_t place_dwell_seconds(const Service::Impl& s, const std::string& category) {
  return tracing::dwell_seconds(category, s.options.dwell_minutes);
}

Answer Service::create_case(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto person_id = f.text("personId", 64);
  auto start = f.uint("windowStart", 1ull << 40);
  auto end = f.uint("windowEnd", 1ull << 40);
  auto note = f.text("note", 500, false);
  auto reason = stated_reason(f);
  if (auto done = f.finish(); !done) return done.error();
  auto now = static_cast<std::int64_t>(s.now());
  auto ws = static_cast<std::int64_t>(*start), we = static_cast<std::int64_t>(*end);
  if (ws >= we) return make_error("tracing.window", "windowStart must be before windowEnd");
  if (we - ws > kMaxWindowDays * 86400) return make_error("tracing.window", "an infectious window is at most 28 days");
  if (we > now + static_cast<std::int64_t>(s.options.future_skew))
    return make_error("tracing.window", "windowEnd is in the future");
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    auto person = person_by_id(tx, *person_id);
    if (!person) return person.error();
    if (!*person) return make_error("person.not_found", "no such person");
    Case c{new_id("cs-"), *person_id, "open", note.value_or(""), who.account_id, ws, we, now, std::nullopt};
    if (auto row = store::insert_case(tx, c); !row) return row.error();
    if (auto a = write_audit(s, tx, who.account_id, "case.create", c.id, *reason,
                             {{"personId", c.person_id}, {"windowStart", ws}, {"windowEnd", we}});
        !a)
      return a.error();
    return json_reply({{"case", case_json(s, tx, c)}}, true);
  });
}

Answer Service::list_cases(const Request& r) {
  auto& s = *impl_;
  // The list shows each case's person (masked), so reading it is audited too; ?reason= is optional here.
  std::string reason = "case list";
  if (r.query.count("reason")) {
    auto stated = stated_reason(r);
    if (!stated) return stated.error();
    reason = *stated;
  }
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    // A fixed number of statements however many cases: the cases with their contact counts, then their
    // people a set at a time.
    auto listed = store::recent_cases(tx);
    if (!listed) return listed.error();
    std::vector<std::string> person_ids;
    for (const auto& l : *listed) person_ids.push_back(l.record.person_id);
    auto people = people_by_ids(tx, person_ids);
    if (!people) return people.error();
    json cases = json::array();
    for (const auto& l : *listed) {
      auto person = people->find(l.record.person_id);
      auto item = case_json(s, l.record, person == people->end() ? nullptr : &person->second);
      item["contacts"] = {{"close", l.close}, {"secondary", l.secondary}};
      cases.push_back(item);
    }
    if (auto a = write_audit(s, tx, who.account_id, "case.list", std::nullopt, reason, {{"cases", cases.size()}}); !a)
      return a.error();
    return json_reply({{"cases", cases}});
  });
}

Answer Service::get_case(const Request& r) {
  auto& s = *impl_;
  auto reason = stated_reason(r);
  if (!reason) return reason.error();
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    auto c = load_case(tx, r.params.at(0));
    if (!c) return c.error();
    auto rows = store::case_contacts(tx, c->id);
    if (!rows) return rows.error();
    // The contacts' people a set at a time, not one query each.
    std::vector<std::string> person_ids;
    for (const auto& k : *rows) person_ids.push_back(k.person_id);
    auto people = people_by_ids(tx, person_ids);
    if (!people) return people.error();
    json contacts = json::array();
    for (const auto& k : *rows) {
      auto person = people->find(k.person_id);
      json p = person != people->end() ? masked_person(s, person->second) : json{{"id", k.person_id}};
      contacts.push_back({{"personId", k.person_id},
                          {"name", p.value("name", "")},
                          {"idNumber", p.value("idNumber", "")},
                          {"status", p.value("status", "")},
                          {"depth", k.depth},
                          {"exposureMinutes", (k.exposure_seconds + 59) / 60},
                          {"firstExposure", k.first_exposure},
                          {"lastExposure", k.last_exposure},
                          {"assigned", k.assigned},
                          {"q", k.q ? json(*k.q) : json(nullptr)}});
    }
    auto notices = store::case_risk_notices(tx, c->id);
    if (!notices) return notices.error();
    json places = json::array();
    for (const auto& n : *notices)
      places.push_back(
          {{"placeId", n.place_id}, {"placeName", n.place_name}, {"from", n.from_time}, {"to", n.to_time}});
    if (auto a = write_audit(s, tx, who.account_id, "case.view", c->id, *reason); !a) return a.error();
    return json_reply({{"case", case_json(s, tx, *c)}, {"contacts", contacts}, {"riskNotices", places}});
  });
}

Answer Service::preview_case(const Request& r) {
  auto& s = *impl_;
  auto request = read_trace_request(r.body, false);
  if (!request) return request.error();
  const auto& [reason, depth, assignment, excluded, excluded_provenance] = *request;
  // Who asks and the case: on the primary (sessions live there, and a case just opened may not have reached
  // a standby yet). The trace, which reads thousands of check-ins: on the read database (--db-read). The
  // audit row: on the primary again, before the answer goes out.
  std::optional<Case> the_case;
  std::string caller;
  auto allowed = s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    auto c = load_case(tx, r.params.at(0));
    if (!c) return c.error();
    the_case = std::move(*c);
    caller = who.account_id;
    return Reply{};
  });
  if (!allowed) return allowed;
  json preview;
  std::int64_t close = 0, secondary = 0;
  auto computed = s.run_read([&](Transaction& tx) -> Answer {
    const auto* c = &*the_case;
    close = 0, secondary = 0;
    auto traced = trace_case(s, tx, *c, depth, excluded_provenance);
    if (!traced) return traced.error();
    std::vector<std::string> registered;
    for (const auto& contact : traced->trace.contacts)
      if (contact.person.rfind(kManualPrefix, 0) != 0) registered.push_back(contact.person);
    auto people = people_by_ids(tx, registered);
    if (!people) return people.error();
    json contacts = json::array();
    for (const auto& contact : traced->trace.contacts) {
      auto j = contact_json(s, contact, *people, *traced->loader, assignment);
      if (!j) return j.error();
      contacts.push_back(std::move(*j));
      ++(contact.depth == 1 ? close : secondary);
    }
    auto case_person = person_by_id(tx, c->person_id);
    if (!case_person) return case_person.error();
    if (!*case_person) return make_error("person.not_found", "the case's person record is not there yet");
    const auto& current = (*case_person)->status;
    json subject = case_json(s, tx, *c)["person"];
    subject["proposed"] = raised_status(assignment.case_status, current);
    preview = {{"case", case_json(s, tx, *c)},
               {"subject", subject},
               {"visits", visits_json(traced->trace, *traced->loader)},
               {"contacts", contacts},
               {"counts", {{"close", close}, {"secondary", secondary}}}};
    return Reply{};
  });
  if (!computed) return computed;
  return s.run([&](Transaction& tx) -> Answer {
    if (auto a = write_audit(s, tx, caller, "case.preview", the_case->id, reason,
                             {{"close", close}, {"secondary", secondary}, {"maxDepth", depth}});
        !a)
      return a.error();
    return json_reply(std::move(preview));
  });
}

Answer Service::confirm_case(const Request& r) {
  auto& s = *impl_;
  auto request = read_trace_request(r.body, true);
  if (!request) return request.error();
  const auto& [reason, depth, assignment, excluded, excluded_provenance] = *request;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    auto c = load_case(tx, r.params.at(0));
    if (!c) return c.error();
    if (c->state == "confirmed") return make_error("case.confirmed", "this case is already confirmed");
    auto traced = trace_case(s, tx, *c, depth, excluded_provenance);
    if (!traced) return traced.error();
    auto now = static_cast<std::int64_t>(s.now());

    json changes = json::array();
    std::int64_t unchanged = 0, unregistered = 0, skipped = 0;
    // Sets `person` to `status` unless it is already as severe; one q, one history row, one audit row each.
    auto assign = [&](const std::string& person_id, const std::string& status,
                      const std::string& role) -> Result<std::optional<std::int64_t>> {
      auto person = person_by_id(tx, person_id);
      if (!person) return person.error();
      if (!*person) return make_error("person.not_found", "a contact's person record is gone");
      if (raised_status(status, (*person)->status) == (*person)->status) {
        ++unchanged;
        return std::optional<std::int64_t>();
      }
      auto q = publish_status(s, tx, person_id, status, {"case", reason, who.account_id, c->id});
      if (!q) return q.error();
      if (auto a = write_audit(
              s, tx, who.account_id, "status.set", person_id, reason,
              {{"status", status}, {"previous", (*person)->status}, {"seq", *q}, {"caseId", c->id}, {"role", role}});
          !a)
        return a.error();
      changes.push_back(
          {{"personId", person_id}, {"role", role}, {"status", status}, {"previous", (*person)->status}, {"q", *q}});
      return std::optional<std::int64_t>(*q);
    };

    if (!excluded.count(c->person_id))
      if (auto done = assign(c->person_id, assignment.case_status, "case"); !done) return done.error();
    for (const auto& contact : traced->trace.contacts) {
      if (contact.person.rfind(kManualPrefix, 0) == 0) {
        ++unregistered;
        continue;
      }
      std::optional<std::int64_t> q;
      const auto& status = assignment.for_depth(contact.depth);
      if (excluded.count(contact.person)) {
        ++skipped;
      } else {
        auto done = assign(contact.person, status, contact.depth == 1 ? "close" : "secondary");
        if (!done) return done.error();
        q = *done;
      }
      auto row = store::insert_case_contact(tx, c->id,
                                            {contact.person, std::int64_t{contact.depth}, contact.exposure_seconds,
                                             contact.first_exposure, contact.last_exposure,
                                             excluded.count(contact.person) ? std::string("excluded") : status, q});
      if (!row) return row.error();
    }

    // The case's presences become venue risk notices (places are public; nothing about the case is).
    std::int64_t notices = 0;
    for (const auto& v : traced->trace.case_visits) {
      auto row = store::insert_risk_notice(tx, {new_id("rn-"), c->id, v.place, v.start, v.end, now});
      if (!row) return row.error();
      ++notices;
    }
    if (auto updated = store::confirm_case(tx, c->id, who.account_id, now); !updated) return updated.error();
    c->state = "confirmed";
    c->confirmed_at = now;
    auto seq = current_status_seq(tx);
    if (!seq) return seq.error();
    if (auto a = write_audit(s, tx, who.account_id, "case.confirm", c->id, reason,
                             {{"changed", changes.size()},
                              {"unchanged", unchanged},
                              {"unregistered", unregistered},
                              {"excluded", skipped},
                              {"riskNotices", notices},
                              {"seq", *seq}});
        !a)
      return a.error();
    return json_reply({{"case", case_json(s, tx, *c)},
                       {"seq", *seq},
                       {"changes", changes},
                       {"unchanged", unchanged},
                       {"unregistered", unregistered},
                       {"excluded", skipped},
                       {"riskNotices", notices}});
  });
}

}  // namespace greenlight::service
