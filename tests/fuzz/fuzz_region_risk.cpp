// Region-risk lists: load_region_risk_list never crashes and fails with regions.* codes; what loads matches
// any itinerary without crashing. Input starting with '{' is a payload signed here by the fixture's regions
// key (so the payload parser is reached); anything else is a whole JWS.
#include "fuzz_support.hpp"
#include "../core/fixture.hpp"

using namespace greenlight;

GL_FUZZ_TARGET(fuzz_region_risk_one) {
  static const test::World world;
  static const TrustList trust = [] {
    std::vector<PublicKey> roots{world.root.public_key};
    return *load_trust_list(world.trust_list(), TrustListCheck{&roots, test::kNow, 60, std::nullopt});
  }();
  std::string_view text = fuzz::as_text(data, size);
  std::string jws =
      !text.empty() && text[0] == '{' ? fuzz::sign_raw_jws(world.regions_key, kRegionRiskTyp, text) : std::string(text);

  RegionRiskCheck check;
  check.trust = &trust;
  check.now = test::kNow;
  check.loaded_seq = 1;
  auto list = load_region_risk_list(jws, check);
  if (!list) {
    fuzz::check_error(list.error());
    GL_FUZZ_CHECK(list.error().code.rfind("regions.", 0) == 0);
    return 0;
  }
  GL_FUZZ_CHECK(list->seq >= 1);
  std::vector<RegionVisit> itinerary;
  for (const auto& entry : list->entries()) {
    GL_FUZZ_CHECK(is_region_code(entry.region));
    GL_FUZZ_CHECK(!entry.to || *entry.to > entry.from);
    if (itinerary.size() < kMaxItinerary)
      itinerary.push_back(RegionVisit{entry.region, static_cast<std::uint32_t>(entry.from / 86400)});
  }
  for (const auto& match : list->match(normalize_itinerary(itinerary), test::kNow))
    GL_FUZZ_CHECK(is_region_code(match.region));
  return 0;
}
