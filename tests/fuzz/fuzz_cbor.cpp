// CBOR decoding: never crashes within the limits; whatever decodes re-encodes canonically, and the canonical
// encoding decodes to a value that encodes to the same bytes again (encode is a fixed point).
#include "fuzz_support.hpp"

using namespace greenlight;

GL_FUZZ_TARGET(fuzz_cbor_one) {
  auto value = cbor::decode(ByteView(data, size));
  if (!value) {
    fuzz::check_error(value.error());
    GL_FUZZ_CHECK(value.error().code == "format.cbor");
    return 0;
  }
  Bytes canonical = cbor::encode(*value);
  cbor::Limits roomy;  // the canonical form may be longer (e.g. a half float written wider)
  roomy.max_bytes = canonical.size() + 64;
  auto again = cbor::decode(canonical, roomy);
  GL_FUZZ_CHECK(again.ok());
  GL_FUZZ_CHECK(cbor::encode(*again) == canonical);
  // The accessors used by the parsers above CBOR.
  (void)value->as_int64();
  if (value->type == cbor::Type::map) {
    (void)value->find(1);
    (void)value->find("iss");
  }
  return 0;
}
