// The whole verification of a scanned text: Verifier::verify and Verifier::decide against the world of
// tests/cases/verify.json (its roots, trust list, status lists and region-risk list), at that file's "now". The first
// byte picks the decision context (place, temperature, locale); the rest is the text. Invariants: never throws; valid
// results have a credential and no error; invalid ones a stable error code; decide() never admits what verify()
// refuses; the result JSON serialises.
#include <fstream>
#include <sstream>

#include "fuzz_support.hpp"

using namespace greenlight;

namespace {
constexpr std::uint64_t kNow = 1767225600;

Verifier make_verifier() {
  std::ifstream in(GREENLIGHT_SOURCE_DIR "/tests/cases/verify.json");
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto cases = nlohmann::json::parse(buffer.str());
  VerifierOptions options;
  for (const auto& root : cases["roots"]) options.roots.push_back(*public_key_from_text(root.get<std::string>()));
  options.skew_seconds = cases.value("skewSeconds", 60);
  options.clock = [] { return kNow; };
  auto verifier = Verifier::create(options, cases["trustList"].get<std::string>());
  if (!verifier) {
    fuzz::fail("fuzz_verify: " + verifier.error().message);
  }
  for (const auto& list : cases["statusLists"]) {
    auto loaded = verifier->update_status_list(list.get<std::string>());
    if (!loaded) std::fprintf(stderr, "fuzz_verify: status list refused: %s\n", loaded.error().message.c_str());
  }
  if (cases.contains("regionRisk"))
    if (auto loaded = verifier->update_region_risk(cases["regionRisk"].get<std::string>()); !loaded)
      std::fprintf(stderr, "fuzz_verify: region-risk list refused: %s\n", loaded.error().message.c_str());
  return std::move(*verifier);
}
}  // namespace

GL_FUZZ_TARGET(fuzz_verify_one) {
  static const Verifier verifier = make_verifier();
  std::uint8_t flags = size > 0 ? data[0] : 0;
  std::string_view text = size > 0 ? fuzz::as_text(data + 1, size - 1) : std::string_view();

  VerifyContext vc;
  vc.now = kNow;
  auto result = verifier.verify(text, vc);
  if (result.valid) {
    GL_FUZZ_CHECK(!result.error && result.credential);
    GL_FUZZ_CHECK(check_credential(*result.credential).ok());
  } else {
    GL_FUZZ_CHECK(result.error.has_value());
    fuzz::check_error(*result.error);
  }
  (void)to_json_text(result);

  DecisionContext dc;
  dc.now = kNow;
  if (flags & 1) dc.place = PlaceContext{"pl-0042", (flags & 2) ? "mall" : "hospital", "310106"};
  if (flags & 4) dc.temperature = 30.0 + (flags >> 4);  // 30..45 °C: in range
  if (flags & 8) dc.locale = "en";
  auto decision = verifier.decide(text, dc);
  // An invalid code is never admitted (a valid one may still be refused, e.g. revoked by the status list).
  if (!result.valid) GL_FUZZ_CHECK(!decision.verification.valid && decision.decision != Decision::admit);
  if (decision.verification.error) fuzz::check_error(*decision.verification.error);
  for (const auto& reason : decision.reasons) GL_FUZZ_CHECK(!reason.id.empty());
  (void)to_json_text(decision);
  return 0;
}
