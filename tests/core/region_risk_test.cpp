// Region-risk lists and the itinerary / declaration claims: what loads, what matches, what the rules decide.
#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace greenlight;
using greenlight::test::kNow;
using greenlight::test::World;

namespace {

constexpr std::uint32_t kTravelToday = kNow / 86400;

// The fixture's world plus a key that may sign region-risk lists.
struct RegionWorld : World {
  std::string trust_list_with_regions(std::uint64_t seq = 1) const { return trust_list(seq); }
  Verifier regions_verifier() const { return verifier(); }

  // Entries as a vector, not a braced nlohmann::json: `json j = {one}` is an array under GCC but a copy of `one`
  // under Clang (the wasm build), so a one-entry list would silently stop being a list.
  nlohmann::json region_payload(const std::vector<nlohmann::json>& regions, std::uint64_t seq = 1,
                                std::uint64_t exp = kNow + 86400) const {
    return {{"iss", iss}, {"iat", kNow - 600}, {"exp", exp}, {"seq", seq}, {"regions", nlohmann::json(regions)}};
  }
  std::string region_list(const std::vector<nlohmann::json>& regions, std::uint64_t seq = 1,
                          std::uint64_t exp = kNow + 86400) const {
    return Issuer(regions_key, iss).sign_document(kRegionRiskTyp, region_payload(regions, seq, exp));
  }
  Credential traveller(std::vector<RegionVisit> visits) const {
    auto c = person();
    c.iss = iss;  // the Issuer fills it in; encode_claims below is called directly
    c.itinerary = std::move(visits);
    return c;
  }
};

nlohmann::json region_entry(const std::string& r, const std::string& level, std::uint64_t from,
                            std::optional<std::uint64_t> to = std::nullopt) {
  nlohmann::json e = {{"r", r}, {"level", level}, {"from", from}, {"to", nullptr}};
  if (to) e["to"] = *to;
  return e;
}

std::uint64_t utc_day_start(std::uint32_t day) { return std::uint64_t{day} * 86400; }

std::vector<std::string> travel_reason_ids(const DecisionResult& r) {
  std::vector<std::string> ids;
  for (const auto& reason : r.reasons) ids.push_back(reason.id);
  return ids;
}

}  // namespace

TEST_CASE("region risk: a list signed by a regions key loads", "[regions]") {
  RegionWorld w;
  auto v = w.regions_verifier();
  REQUIRE(code_of(v.update_region_risk(w.region_list(
              {region_entry("440902", "high", kNow - 86400), region_entry("110000", "medium", 0, kNow)}))) == "");
  REQUIRE(v.region_risk() != nullptr);
  CHECK(v.region_risk()->entries().size() == 2);
  CHECK(v.region_risk()->entries()[1].to == kNow);
  CHECK(v.region_risk()->seq == 1);
  // An empty list (every area lifted) is a list.
  CHECK(code_of(v.update_region_risk(w.region_list({}, 2))) == "");
  CHECK(v.region_risk()->entries().empty());
}

TEST_CASE("region risk: refusals keep the loaded list", "[regions]") {
  RegionWorld w;
  auto v = w.regions_verifier();
  REQUIRE(code_of(v.update_region_risk(w.region_list({region_entry("440902", "high", 0)}, 5))) == "");
  auto refused = [&](const std::string& jws) { return code_of(v.update_region_risk(jws)); };

  CHECK(refused(w.region_list({region_entry("440902", "high", 0)}, 4)) == "regions.list_stale");
  CHECK(refused(w.region_list({region_entry("440902", "high", 0)}, 5, kNow - 3600)) == "regions.list_expired");
  // Signed by a key that may not sign region lists (the status key), by a stranger, with the wrong typ.
  CHECK(refused(Issuer(w.status_key, w.iss).sign_document(kRegionRiskTyp, w.region_payload({}, 6))) ==
        "regions.list_invalid");
  CHECK(refused(Issuer(w.stranger, w.iss).sign_document(kRegionRiskTyp, w.region_payload({}, 6))) ==
        "regions.list_invalid");
  CHECK(refused(Issuer(w.regions_key, w.iss).sign_document(kRulesTyp, w.region_payload({}, 6))) ==
        "regions.list_invalid");
  // Its iss must be its key's issuer.
  auto other_iss = w.region_payload({}, 6);
  other_iss["iss"] = "gl:cn-440000";
  CHECK(refused(Issuer(w.regions_key, w.iss).sign_document(kRegionRiskTyp, other_iss)) == "regions.list_invalid");
  // A tampered signature.
  auto jws = w.region_list({}, 6);
  jws.back() = jws.back() == 'A' ? 'B' : 'A';
  CHECK(refused(jws) == "regions.list_invalid");
  // Shapes.
  using nlohmann::json;
  for (const auto& bad : std::vector<json>{
           region_entry("44090", "high", 0),
           region_entry("44090a", "high", 0),
           region_entry("440902", "low", 0),
           region_entry("440902", "high", 100, 100),
           json{{"r", "440902"}, {"level", "high"}},
           json{{"r", "440902"}, {"level", "high"}, {"from", -1}},
           json{{"r", "440902"}, {"level", "high"}, {"from", 1}, {"to", "soon"}},
           json("440902"),
       })
    CHECK(refused(w.region_list({bad}, 7)) == "regions.list_invalid");
  auto not_array = w.region_payload({}, 7);
  not_array["regions"] = region_entry("440902", "high", 0);  // one entry, not a list of one
  CHECK(refused(Issuer(w.regions_key, w.iss).sign_document(kRegionRiskTyp, not_array)) == "regions.list_invalid");
  auto no_regions = w.region_payload({}, 7);
  no_regions.erase("regions");
  CHECK(refused(Issuer(w.regions_key, w.iss).sign_document(kRegionRiskTyp, no_regions)) == "regions.list_invalid");
  // Everything refused left seq 5 loaded; the same seq may load again.
  CHECK(v.region_risk()->seq == 5);
  CHECK(refused(w.region_list({region_entry("440902", "medium", 0)}, 5)) == "");
}

TEST_CASE("region risk: a visit matches its district, city and province, on days overlapping [from, to)", "[regions]") {
  RegionWorld w;
  RegionRiskList list;
  list.assign({RegionRisk{"440902", RiskLevel::high, utc_day_start(kTravelToday - 3), utc_day_start(kTravelToday - 1)},
               RegionRisk{"110100", RiskLevel::medium, utc_day_start(kTravelToday - 10) + 3600, std::nullopt},
               RegionRisk{"320000", RiskLevel::medium, 0, std::nullopt},
               RegionRisk{"320500", RiskLevel::high, utc_day_start(kTravelToday), std::nullopt}});
  auto match = [&](const std::string& region, std::uint32_t day) {
    auto found = list.match({RegionVisit{region, day}}, kNow + 3600);
    return found.empty() ? std::string("none") : std::string(to_string(found.front().level));
  };
  CHECK(match("440902", kTravelToday - 3) == "high");
  CHECK(match("440902", kTravelToday - 2) == "high");
  CHECK(match("440902", kTravelToday - 1) == "none");  // to is exclusive: the list ended at that day's start
  CHECK(match("440902", kTravelToday - 4) == "none");
  CHECK(match("440903", kTravelToday - 2) == "none");     // a neighbouring district
  CHECK(match("440900", kTravelToday - 2) == "none");     // the city holds more than the listed district
  CHECK(match("110105", kTravelToday - 10) == "medium");  // inside the city, on the day it started mid-day
  CHECK(match("110105", kTravelToday - 11) == "none");
  CHECK(match("120105", kTravelToday) == "none");
  CHECK(match("320583", kTravelToday - 5) == "medium");  // the whole province
  CHECK(match("320583", kTravelToday) == "high");        // the higher of two matching entries
  CHECK(match("320000", kTravelToday) == "medium");      // the province itself is not inside its city 320500
  // Only the last 14 days count (today and the 13 before), and a day in the future does not.
  CHECK(match("320583", kTravelToday - 13) == "medium");
  CHECK(match("320583", kTravelToday - 14) == "none");
  CHECK(match("320583", kTravelToday + 1) == "none");
  // Matches keep the itinerary's order and name the visit's region and day.
  auto found = list.match({RegionVisit{"320583", kTravelToday}, RegionVisit{"120105", kTravelToday - 1},
                           RegionVisit{"110105", kTravelToday - 2}},
                          kNow);
  REQUIRE(found.size() == 2);
  CHECK(found[0].region == "320583");
  CHECK(found[0].day == kTravelToday);
  CHECK(found[1].region == "110105");
  CHECK(found[1].level == RiskLevel::medium);
}

TEST_CASE("itinerary and declaration claims round-trip; malformed ones are format.claims", "[regions][claims]") {
  RegionWorld w;
  auto c = w.traveller({RegionVisit{"440902", kTravelToday}, RegionVisit{"110105", kTravelToday - 2}});
  c.declaration = DeclarationSummary{kNow - 7200, false, true, false};
  auto bytes = encode_claims(c);
  REQUIRE(bytes.ok());
  auto back = decode_claims(*bytes);
  REQUIRE(back.ok());
  REQUIRE(back->itinerary);
  CHECK(back->itinerary->size() == 2);
  CHECK((*back->itinerary)[1].region == "110105");
  CHECK((*back->itinerary)[1].day == kTravelToday - 2);
  REQUIRE(back->declaration);
  CHECK(back->declaration->declared_at == kNow - 7200);
  CHECK(back->declaration->fever);
  CHECK_FALSE(back->declaration->symptoms);

  // Without either claim the code is as before, and reads back without them.
  auto without = w.traveller({});
  without.itinerary.reset();
  auto plain = decode_claims(*encode_claims(without));
  REQUIRE(plain.ok());
  CHECK_FALSE(plain->itinerary);
  CHECK_FALSE(plain->declaration);
  // An empty itinerary is a known, empty itinerary.
  auto empty = decode_claims(*encode_claims(w.traveller({})));
  REQUIRE(empty.ok());
  REQUIRE(empty->itinerary);
  CHECK(empty->itinerary->empty());

  auto refused = [&](const Credential& bad) {
    auto encoded = encode_claims(bad);
    return encoded ? std::string() : encoded.error().code;
  };
  std::vector<RegionVisit> many;
  for (int i = 0; i < 21; ++i) many.push_back(RegionVisit{std::to_string(110101 + i), kTravelToday});
  CHECK(refused(w.traveller(many)) == "format.claims");
  many.pop_back();
  CHECK(refused(w.traveller(many)) == "");
  CHECK(refused(w.traveller({RegionVisit{"11010", kTravelToday}})) == "format.claims");
  CHECK(refused(w.traveller({RegionVisit{"110105", kTravelToday - 2}, RegionVisit{"440902", kTravelToday}})) ==
        "format.claims");  // order
  CHECK(refused(w.traveller({RegionVisit{"110105", kTravelToday}, RegionVisit{"110105", kTravelToday - 2}})) ==
        "format.claims");
  auto place = w.place();
  place.iss = w.iss;
  place.itinerary = std::vector<RegionVisit>{};
  CHECK(refused(place) == "format.claims");

  // Hand-made CBOR: the decoder checks what the encoder would never write.
  auto with_greenlight = [&](const std::string& key, cbor::Value value) {
    auto base = w.person();
    base.iss = w.iss;
    auto claims = *cbor::decode(*encode_claims(base));
    for (std::size_t i = 0; i + 1 < claims.items.size(); i += 2)
      if (claims.items[i].is_int() && claims.items[i].as_int64() == -65537) {
        claims.items[i + 1].items.push_back(cbor::Value::make_text(key));
        claims.items[i + 1].items.push_back(std::move(value));
      }
    auto decoded = decode_claims(cbor::encode(claims));
    return decoded ? std::string() : decoded.error().code;
  };
  using cbor::Value;
  auto visit = [](std::string r, std::uint64_t day) {
    return Value::make_array({Value::make_text(r), Value::make_uint(day)});
  };
  CHECK(with_greenlight("tr", Value::make_array({visit("440902", kTravelToday)})) == "");
  CHECK(with_greenlight("tr", Value::make_text("440902")) == "format.claims");
  CHECK(with_greenlight("tr", Value::make_array({Value::make_text("440902")})) == "format.claims");
  CHECK(with_greenlight("tr", Value::make_array({visit("440902", 1ull << 33)})) == "format.claims");
  CHECK(
      with_greenlight("tr", Value::make_array({Value::make_array({Value::make_uint(440902), Value::make_uint(1)})})) ==
      "format.claims");
  auto dc = [](Value t, Value sy) {
    return Value::make_map({Value::make_text("t"), std::move(t), Value::make_text("sy"), std::move(sy),
                            Value::make_text("f"), Value::make_bool(false), Value::make_text("c"),
                            Value::make_bool(false)});
  };
  CHECK(with_greenlight("dc", dc(Value::make_uint(kNow), Value::make_bool(true))) == "");
  CHECK(with_greenlight("dc", dc(Value::make_uint(kNow), Value::make_uint(1))) == "format.claims");
  CHECK(with_greenlight("dc", dc(Value::make_text("today"), Value::make_bool(true))) == "format.claims");
  CHECK(with_greenlight("dc", Value::make_bool(true)) == "format.claims");
}

TEST_CASE("normalize_itinerary: newest first, the latest day per region, at most 20", "[regions]") {
  auto out = normalize_itinerary({RegionVisit{"110105", 10}, RegionVisit{"440902", 12}, RegionVisit{"110105", 11},
                                  RegionVisit{"310106", 12}, RegionVisit{"440902", 3}});
  REQUIRE(out.size() == 3);
  CHECK(out[0].region == "440902");
  CHECK(out[0].day == 12);
  CHECK(out[1].region == "310106");
  CHECK(out[2].region == "110105");
  CHECK(out[2].day == 11);
  std::vector<RegionVisit> many;
  for (std::uint32_t i = 0; i < 30; ++i) many.push_back(RegionVisit{std::to_string(110101 + i), i});
  out = normalize_itinerary(many);
  REQUIRE(out.size() == kMaxItinerary);
  CHECK(out.front().day == 29);
  CHECK(out.back().day == 10);
}

TEST_CASE("decisions: a visit to a high-risk area denies, medium refers, both name the visit", "[regions][decision]") {
  RegionWorld w;
  auto v = w.regions_verifier();
  REQUIRE(code_of(v.update_region_risk(
              w.region_list({region_entry("440900", "high", utc_day_start(kTravelToday - 5)),
                             region_entry("110105", "medium", utc_day_start(kTravelToday - 5))}))) == "");
  DecisionContext context;
  context.locale = "en";

  auto high =
      v.decide(w.issue(w.person_key,
                       w.traveller({RegionVisit{"440902", kTravelToday - 1}, RegionVisit{"110105", kTravelToday - 2}})),
               context);
  CHECK(high.decision == Decision::deny);
  // The highest level decides: a medium visit beside a high one adds nothing to a deny.
  CHECK(travel_reason_ids(high) == std::vector<std::string>{"R-TRAVEL-HIGH"});
  REQUIRE(high.travel);
  CHECK(high.travel->risk == RiskLevel::high);
  REQUIRE(high.travel->matched.size() == 2);
  CHECK(high.travel->matched[0].region == "440902");
  CHECK(high.travel->matched[0].day == kTravelToday - 1);

  auto medium = v.decide(w.issue(w.proxy_key,
                                 [&] {
                                   auto c = w.proxy();
                                   c.itinerary = std::vector<RegionVisit>{RegionVisit{"110105", kTravelToday}};
                                   return c;
                                 }()),
                         context);
  CHECK(medium.decision == Decision::refer);
  // (No status list is loaded, so the paper code is also referred as stale.)
  CHECK(travel_reason_ids(medium) == std::vector<std::string>{"R-TRAVEL-MEDIUM", "R-PROXY-STALE"});

  // Outside the listed period, elsewhere, no itinerary: the travel rules pass.
  auto before = v.decide(w.issue(w.person_key, w.traveller({RegionVisit{"440902", kTravelToday - 6}})), context);
  CHECK(before.decision == Decision::admit);
  CHECK(before.travel->regions == std::vector<std::string>{"440902"});
  CHECK_FALSE(before.travel->risk);
  auto unknown = v.decide(w.issue(w.person_key, w.person()), context);
  CHECK(unknown.decision == Decision::admit);
  CHECK(unknown.travel->regions.empty());

  // Without a region-risk list nothing matches.
  auto bare =
      w.regions_verifier().decide(w.issue(w.person_key, w.traveller({RegionVisit{"440902", kTravelToday}})), context);
  CHECK(bare.decision == Decision::admit);
  CHECK_FALSE(bare.travel->risk);
  CHECK_FALSE(bare.freshness.region_risk_age);
}

TEST_CASE("decisions as JSON carry the itinerary, the declaration and travel", "[regions][decision]") {
  RegionWorld w;
  auto v = w.regions_verifier();
  REQUIRE(code_of(v.update_region_risk(w.region_list({region_entry("440902", "high", 0)}))) == "");
  auto c = w.traveller({RegionVisit{"440902", kTravelToday}});
  c.declaration = DeclarationSummary{kNow - 60, true, false, true};
  auto json = nlohmann::json::parse(to_json_text(v.decide(w.issue(w.person_key, c), {})));
  CHECK(json["credential"]["itinerary"] ==
        nlohmann::json::parse(R"([{"region":"440902","day":)" + std::to_string(kTravelToday) + "}]"));
  CHECK(json["credential"]["declaration"] ==
        nlohmann::json({{"declaredAt", kNow - 60}, {"symptoms", true}, {"fever", false}, {"contact", true}}));
  CHECK(json["travel"]["risk"] == "high");
  CHECK(json["travel"]["regions"] == nlohmann::json::array({"440902"}));
  CHECK(json["travel"]["matched"][0] ==
        nlohmann::json({{"region", "440902"}, {"level", "high"}, {"day", kTravelToday}}));
  CHECK(json["freshness"]["regionRiskAge"] == 600);
  CHECK(json["reasons"][0]["id"] == "R-TRAVEL-HIGH");

  auto place = nlohmann::json::parse(to_json_text(v.decide(w.issue(w.place_key, w.place()), {})));
  CHECK(place["credential"]["itinerary"].is_null());
  auto refused = nlohmann::json::parse(to_json_text(v.decide("GL1:not a code", {})));
  CHECK(refused["travel"].is_null());
  CHECK(refused["credential"].is_null());
}

TEST_CASE("several documents at once: a refused region list leaves everything as it was", "[regions]") {
  RegionWorld w;
  auto v = w.regions_verifier();
  Verifier::Documents docs;
  docs.trust_list = w.trust_list_with_regions(2);
  docs.region_risk = w.region_list({region_entry("440902", "high", 0)}, 1, kNow - 7200);
  CHECK(code_of(v.update(docs)) == "regions.list_expired");
  CHECK(v.trust_list().seq == 1);
  CHECK(v.region_risk() == nullptr);
  docs.region_risk = w.region_list({region_entry("440902", "high", 0)});
  CHECK(code_of(v.update(docs)) == "");
  CHECK(v.trust_list().seq == 2);
  CHECK(v.region_risk() != nullptr);
}
