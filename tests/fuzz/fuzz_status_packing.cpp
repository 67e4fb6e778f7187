// Packed status entries: unpack_status_entries never crashes and fails only with status.list_invalid; what
// it accepts has strictly increasing keys inside the prefix range, packs again to entries that read back the
// same, and loads through a signed snapshot (the same bytes as its entries field) with the same look-ups.
// Input: the packed bytes themselves.
#include "fuzz_support.hpp"
#include "../core/fixture.hpp"

using namespace greenlight;

namespace {
struct PackingSetup {
  test::World world;
  TrustList trust;
  PackingSetup() {
    std::vector<PublicKey> roots{world.root.public_key};
    TrustListCheck tc;
    tc.roots = &roots;
    tc.now = test::kNow;
    trust = *load_trust_list(world.trust_list(), tc);
  }
};

bool same_entries(const PackedStatusEntries& a, const PackedStatusEntries& b) {
  if (a.bits != b.bits || a.entries.size() != b.entries.size()) return false;
  for (std::size_t i = 0; i < a.entries.size(); ++i)
    if (a.entries[i].key != b.entries[i].key || a.entries[i].q != b.entries[i].q || a.entries[i].s != b.entries[i].s)
      return false;
  return true;
}
}  // namespace

GL_FUZZ_TARGET(fuzz_status_packing_one) {
  static const PackingSetup setup;
  ByteView packed(data, size);
  auto list = unpack_status_entries(packed, 1u << 16);
  if (!list) {
    fuzz::check_error(list.error());
    GL_FUZZ_CHECK(list.error().code == "status.list_invalid");
    return 0;
  }
  GL_FUZZ_CHECK(list->bits >= 32 && list->bits <= 64);
  const std::uint64_t key_max = list->bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << list->bits) - 1;
  for (std::size_t i = 0; i < list->entries.size(); ++i) {
    GL_FUZZ_CHECK(list->entries[i].key <= key_max);
    if (i) GL_FUZZ_CHECK(list->entries[i - 1].key < list->entries[i].key);
  }
  auto again = unpack_status_entries(pack_status_entries(*list));
  GL_FUZZ_CHECK(again && same_entries(*again, *list));

  // The same bytes as a signed snapshot's entries: loaded, and the look-ups agree with the entries.
  std::string payload = "{\"iss\":\"" + setup.world.iss + "\",\"iat\":" + std::to_string(test::kNow - 60) +
                        ",\"exp\":" + std::to_string(test::kNow + 3600) + ",\"seq\":1,\"entries\":\"" +
                        base64url_encode(packed) + "\"}";
  StatusListCheck check;
  check.trust = &setup.trust;
  check.now = test::kNow;
  auto loaded = load_status_list(fuzz::sign_raw_jws(setup.world.status_key, kStatusListTyp, payload), check);
  GL_FUZZ_CHECK(loaded && loaded->size() == list->entries.size());
  GL_FUZZ_CHECK(loaded->find(subject_hash("p-7f3a9c")) == nullptr || !list->entries.empty());
  return 0;
}
