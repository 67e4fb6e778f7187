// Region-risk lists published by authorities, served (signed with the regions key) to every verifier, and the
// travel facts personal codes carry: the itinerary (claim "tr") and the latest declaration's summary ("dc")
// (docs/api.md "Region risk").
#include "greenlight/server/region_risk.hpp"
#include "../store/documents.hpp"
#include "impl.hpp"

namespace greenlight::service {
namespace {

// How many of the last 14 days' declarations are read for their regions (a person declaring more often
// than that is not travelling more).
constexpr std::int64_t kItineraryDeclarations = 100;

std::int64_t itinerary_start(std::uint64_t now) {
  return (static_cast<std::int64_t>(now / 86400) - static_cast<std::int64_t>(kItineraryDays - 1)) * 86400;
}

// The newest published list, as the document service serves it (another server process may have published
// it). Returns the stored record, if any, and the keys to sign with.
struct CurrentRegionRisk {
  std::shared_ptr<const SigningKeys> keys;
  std::optional<store::RegionRiskRecord> latest;
};

Result<CurrentRegionRisk> current_region_risk(Service::Impl& s, Transaction& tx) {
  CurrentRegionRisk out;
  auto keys = s.signing_keys(tx);
  if (!keys) return keys.error();
  out.keys = *keys;
  auto latest = store::latest_region_risk_list(tx);
  if (!latest) return latest.error();
  out.latest = std::move(*latest);
  if (out.latest && static_cast<std::uint64_t>(out.latest->seq) != s.documents.region_risk_seq()) {
    auto regions = json::parse(out.latest->regions, nullptr, false);
    if (!regions.is_array())
      return make_error("storage.error", "region_risk_lists " + std::to_string(out.latest->seq) + ": regions");
    s.documents.use_region_risk(std::move(regions), static_cast<std::uint64_t>(out.latest->seq));
  }
  return out;
}

json publisher_json(const store::RegionRiskRecord& row) {
  return {{"id", row.published_by}, {"name", row.publisher_name ? json(*row.publisher_name) : json(nullptr)}};
}

}  // namespace

Result<CodeTravel> code_travel(Service::Impl& s, Transaction& tx, const Person& person, std::uint64_t now) {
  CodeTravel out;
  auto since = itinerary_start(now);
  auto until = static_cast<std::int64_t>(now / 86400 + 1) * 86400;
  auto checkins = store::checkin_regions(tx, person.id, since, until, person.assurance);
  if (!checkins) return checkins.error();
  std::vector<RegionAt> visits;
  for (const auto& c : *checkins) visits.push_back({c.region, c.latest});
  auto declarations = store::recent_declarations(tx, person.id, since, kItineraryDeclarations);
  if (!declarations) return declarations.error();
  for (std::size_t i = 0; i < declarations->size(); ++i) {
    const auto& row = (*declarations)[i];
    // The latest declaration's summary. Declarations made within the same second have no order among them
    // (created_at is in seconds): the summary then says yes to whatever any of them said yes to.
    const bool latest = row.created_at == declarations->front().created_at;
    if (i == 0) {
      out.declaration = DeclarationSummary{};
      out.declaration->declared_at = static_cast<std::uint64_t>(std::max<std::int64_t>(0, row.created_at));
    }
    // Sealed (older servers' plaintext rows are sealed at start); a row that does not open says nothing.
    auto text =
        row.answers.empty() || row.answers[0] == '{' ? Result<std::string>(row.answers) : s.vault.open(row.answers);
    if (!text) continue;
    auto answers = json::parse(*text, nullptr, false);
    if (!answers.is_object()) continue;
    auto yes = [&](const char* name) {
      auto v = answers.find(name);
      return v != answers.end() && ((v->is_boolean() && v->get<bool>()) || (v->is_array() && !v->empty()));
    };
    if (latest) {
      auto& summary = *out.declaration;
      summary.symptoms = summary.symptoms || yes("symptoms");
      summary.fever = summary.fever || yes("fever");
      summary.contact = summary.contact || yes("contactWithCase");
    }
    if (row.created_at < since) continue;
    const auto travel = answers.find("travel");
    if (travel == answers.end() || !travel->is_object() || !travel->contains("regions")) continue;
    for (const auto& region : (*travel)["regions"])
      if (region.is_string()) visits.push_back({region.get<std::string>(), row.created_at});
  }
  out.itinerary = build_itinerary(visits, now);
  return out;
}

Answer Service::publish_region_risk(const Request& r) {
  auto& s = *impl_;
  json stored;
  std::int64_t seq = 0;
  auto published = s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    Fields f(r.body);
    const auto* regions = f.value("regions");
    auto reason = stated_reason(f);
    if (auto done = f.finish(); !done) return done.error();
    auto entries = read_region_risk_entries(*regions);
    if (!entries) return entries.error();
    stored = region_risk_entries_json(*entries);
    auto now = static_cast<std::int64_t>(s.now());
    // Seqs only grow (verifiers refuse a lower one): at least the time, and past the newest published.
    auto newest = store::newest_region_risk_seq(tx);
    if (!newest) return newest.error();
    seq = std::max<std::int64_t>(now, *newest ? **newest + 1 : 0);
    if (auto saved = store::insert_region_risk_list(tx, {seq, stored.dump(), now, *reason, who.account_id, {}}); !saved)
      return saved.error();
    if (auto a = write_audit(s, tx, who.account_id, "regions.publish", "regions:" + std::to_string(seq), *reason,
                             {{"regions", entries->size()}});
        !a)
      return a.error();
    return created_reply({{"seq", seq}, {"publishedAt", now}, {"regions", stored}, {"reason", *reason}});
  });
  // Served from now on by this process (others pick it up from the database on their next request).
  if (published) s.documents.use_region_risk(stored, static_cast<std::uint64_t>(seq));
  return published;
}

Answer Service::list_region_risk(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    auto rows = store::recent_region_risk_lists(tx);
    if (!rows) return rows.error();
    json lists = json::array();
    for (const auto& row : *rows) {
      auto regions = json::parse(row.regions, nullptr, false);
      lists.push_back({{"seq", row.seq},
                       {"publishedAt", row.published_at},
                       {"reason", row.reason},
                       {"publishedBy", publisher_json(row)},
                       {"regions", regions.is_array() ? regions : json::array()}});
    }
    return json_reply({{"lists", lists}});
  });
}

Answer Service::region_risk(const Request&) {
  auto& s = *impl_;
  std::shared_ptr<const SigningKeys> keys;
  auto read = s.run([&](Transaction& tx) -> Answer {
    auto current = current_region_risk(s, tx);
    if (!current) return current.error();
    keys = current->keys;
    return Reply{};
  });
  if (!read) return read;
  auto doc = s.documents.region_risk(keys->set, s.now());
  Reply reply;
  reply.version = doc.version;
  reply.raw = doc.jws;
  reply.media_type = "application/jose";
  return reply;
}

Answer Service::my_itinerary(const Request& r) {
  auto& s = *impl_;
  auto now = s.now();
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto person = person_of_account(tx, who.account_id);
    if (!person) return person.error();
    std::vector<greenlight::RegionVisit> itinerary;
    if (*person) {
      auto travel = code_travel(s, tx, **person, now);
      if (!travel) return travel.error();
      itinerary = std::move(travel->itinerary);
    }
    auto current = current_region_risk(s, tx);
    if (!current) return current.error();
    // Matched as verifiers match it (RegionRiskList::match), against what the server publishes now.
    std::vector<TravelMatch> matches;
    json risk = nullptr;
    if (current->latest) {
      auto entries = read_region_risk_entries(json::parse(current->latest->regions, nullptr, false));
      if (!entries) return make_error("storage.error", "region_risk_lists: " + entries.error().message);
      RegionRiskList list;
      list.assign(std::move(*entries));
      matches = list.match(itinerary, now);
      auto doc = s.documents.region_risk(current->keys->set, now);
      risk = {{"seq", doc.seq}, {"iat", doc.iat}};
    }
    json visits = json::array();
    for (const auto& visit : itinerary) {
      json level = nullptr;
      for (const auto& m : matches)
        if (m.region == visit.region && m.day == visit.day) level = to_string(m.level);
      visits.push_back({{"region", visit.region}, {"day", visit.day}, {"level", level}});
    }
    return json_reply({{"days", kItineraryDays}, {"itinerary", visits}, {"regionRisk", risk}});
  });
}

}  // namespace greenlight::service
