// Status lists: load_status_list never crashes and fails with status.* codes. Input starting with '{' is a
// payload signed here by the status key (so the payload parser and the delta merge are reached); anything
// else is a whole JWS. A snapshot with seq 1 is loaded, so a delta with "base":1 applies to it.
#include "fuzz_support.hpp"
#include "../core/fixture.hpp"

using namespace greenlight;

namespace {
struct Setup {
  test::World world;
  TrustList trust;
  StatusList current;
  Setup() {
    std::vector<PublicKey> roots{world.root.public_key};
    TrustListCheck tc;
    tc.roots = &roots;
    tc.now = test::kNow;
    trust = *load_trust_list(world.trust_list(), tc);
    StatusListCheck sc;
    sc.trust = &trust;
    sc.now = test::kNow;
    current = *load_status_list(world.status_list(1, {{"p-7f3a9c", "red", 5}, {"x-51be02", "revoked", 2}}), sc);
  }
};
}  // namespace

GL_FUZZ_TARGET(fuzz_status_list_one) {
  static const Setup setup;
  std::string_view text = fuzz::as_text(data, size);
  std::string jws = !text.empty() && text[0] == '{' ? fuzz::sign_raw_jws(setup.world.status_key, kStatusListTyp, text)
                                                    : std::string(text);

  StatusListCheck check;
  check.trust = &setup.trust;
  check.now = test::kNow;
  check.current = &setup.current;
  check.max_bytes = 1u << 20;
  auto list = load_status_list(jws, check);
  if (!list) {
    fuzz::check_error(list.error());
    GL_FUZZ_CHECK(list.error().code.rfind("status.", 0) == 0);
    return 0;
  }
  GL_FUZZ_CHECK(list->seq >= 1);
  const StatusEntry* entry = list->find(subject_hash("p-7f3a9c"));
  if (entry) (void)to_string(entry->s);
  return 0;
}
