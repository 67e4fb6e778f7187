// Trust lists: load_trust_list never crashes and fails with trust.* codes. Input starting with '{' is a
// payload signed here by the root (so the payload parser is reached); anything else is a whole JWS.
#include "fuzz_support.hpp"
#include "../core/fixture.hpp"

using namespace greenlight;

GL_FUZZ_TARGET(fuzz_trust_list_one) {
  static const test::World world;
  static const std::vector<PublicKey> roots{world.root.public_key};
  std::string_view text = fuzz::as_text(data, size);
  std::string jws =
      !text.empty() && text[0] == '{' ? fuzz::sign_raw_jws(world.root, kTrustListTyp, text) : std::string(text);

  TrustListCheck check;
  check.roots = &roots;
  check.now = test::kNow;
  check.loaded_seq = 1;
  auto list = load_trust_list(jws, check);
  if (!list) {
    fuzz::check_error(list.error());
    GL_FUZZ_CHECK(list.error().code.rfind("trust.", 0) == 0);
    return 0;
  }
  GL_FUZZ_CHECK(list->seq >= 1);
  for (const auto& key : list->keys) {
    GL_FUZZ_CHECK(key.kid == kid_of(key.key));
    (void)key.may_sign("person");
  }
  // A Verifier accepts what load_trust_list accepts.
  auto options = world.options();
  auto verifier = Verifier::create(options, jws);
  if (!verifier) fuzz::check_error(verifier.error());
  return 0;
}
