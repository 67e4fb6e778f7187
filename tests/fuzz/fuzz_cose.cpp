// COSE_Sign1 parsing and verification against a real key: never crashes, errors are format.* / crypto.*.
// The external AAD and the message come from the input (the first byte gives the AAD's length).
#include "fuzz_support.hpp"
#include "../core/fixture.hpp"

using namespace greenlight;

GL_FUZZ_TARGET(fuzz_cose_one) {
  static const KeyPair key = test::seeded_key(2);
  std::size_t aad_size = 0;
  if (size > 0 && (data[0] & 0x80)) {  // high bit set: the next (data[0] & 0x0f) bytes are external AAD
    aad_size = std::min<std::size_t>(data[0] & 0x0f, size - 1);
    ++data, --size;
  }
  ByteView aad(data, aad_size);
  ByteView message(data + aad_size, size - aad_size);

  auto parsed = cose::parse_sign1(message);
  if (!parsed) {
    fuzz::check_error(parsed.error());
    GL_FUZZ_CHECK(parsed.error().code.rfind("format.", 0) == 0);
    return 0;
  }
  (void)parsed->alg();
  (void)parsed->kid();
  auto verified = cose::verify_sign1(*parsed, key.public_key, aad);
  if (!verified) fuzz::check_error(verified.error());
  // Re-signing the parsed payload with the key must verify.
  auto resigned = cose::parse_sign1(cose::sign1(key, parsed->payload));
  GL_FUZZ_CHECK(resigned.ok() && resigned->payload == parsed->payload);
  GL_FUZZ_CHECK(cose::verify_sign1(*resigned, key.public_key).ok());
  return 0;
}
