// Verifications per second of a valid person code beside the raw Ed25519 check of the same bytes
// (crypto_sign_verify_detached: the floor, since the signature dominates the cost), and full decisions
// (verification + status list + the default rule set) beside verification alone.
//   greenlight_bench [--seconds S] [--fixture FILE]
// Prints one JSON object; --fixture also writes the code, keys and signed bytes for bench/*.mjs.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "fixture.hpp"
#include "greenlight/decision.hpp"
#include "rate.hpp"

using namespace greenlight;
using bench::rate;

int main(int argc, char** argv) {
  double seconds = 1.0;
  const char* fixture_path = nullptr;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--seconds")) seconds = std::stod(argv[i + 1]);
    if (!std::strcmp(argv[i], "--fixture")) fixture_path = argv[i + 1];
  }

  test::World w;
  Verifier verifier = w.verifier();
  std::string text = w.issue(w.person_key, w.person());
  auto message = *cose::parse_sign1(*base45_decode(text.substr(4)));
  Bytes to_be_signed = cose::sig_structure(message.protected_bytes, {}, message.payload);
  VerifyContext context{test::kNow};
  if (!verifier.verify(text, context).valid ||
      !verify_signature(w.person_key.public_key, to_be_signed, message.signature)) {
    std::fprintf(stderr, "bench fixture does not verify\n");
    return 1;
  }

  if (fixture_path) {
    nlohmann::json fixture = {{"text", text},
                              {"now", test::kNow},
                              {"roots", {base64url_encode(w.root.public_key)}},
                              {"trustList", w.trust_list(1, test::kNow + 86400L * 365 * 30)},
                              {"publicKey", base64url_encode(w.person_key.public_key)},
                              {"message", base64url_encode(to_be_signed)},
                              {"signature", base64url_encode(message.signature)}};
    std::ofstream(fixture_path) << fixture.dump(2) << "\n";
  }

  // A checkpoint's decision: place, temperature, a loaded status list (the subject is not on it).
  if (!verifier.update_status_list(w.status_list(1, {{"someone-else", "red", 9}})).ok()) return 1;
  DecisionContext decision_context;
  decision_context.now = test::kNow;
  decision_context.place = PlaceContext{"pl-0042", "mall", "310106"};
  decision_context.temperature = 36.5;
  if (verifier.decide(text, decision_context).decision != Decision::admit) {
    std::fprintf(stderr, "bench decision is not admit\n");
    return 1;
  }

  // Alternate the measurements and keep each one's best round: fair on a busy machine.
  double raw = 0, full = 0, decide = 0;
  volatile int sink = 0;
  for (int round = 0; round < 3; ++round) {
    raw = std::max(
        raw, rate([&] { sink = sink + verify_signature(w.person_key.public_key, to_be_signed, message.signature); },
                  seconds / 3));
    full = std::max(full, rate([&] { sink = sink + verifier.verify(text, context).valid; }, seconds / 3));
    decide =
        std::max(decide, rate([&] { sink = sink + static_cast<int>(verifier.decide(text, decision_context).decision); },
                              seconds / 3));
  }
  const char* platform = bench::kPlatform;
  nlohmann::json out = {{"platform", platform},
                        {"raw_verify_per_s", raw},
                        {"verify_per_s", full},
                        {"decide_per_s", decide},
                        {"code_bytes", text.size()}};
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
