// CWT claims -> Credential: never crashes; a credential that decodes passes check_credential, encodes, and
// its encoding is a fixed point (encode(decode(encode(c))) == encode(c)).
#include "fuzz_support.hpp"

using namespace greenlight;

GL_FUZZ_TARGET(fuzz_claims_one) {
  auto credential = decode_claims(ByteView(data, size));
  if (!credential) {
    fuzz::check_error(credential.error());
    GL_FUZZ_CHECK(credential.error().code == "format.claims" || credential.error().code == "format.cbor");
    return 0;
  }
  GL_FUZZ_CHECK(check_credential(*credential).ok());
  auto encoded = encode_claims(*credential);
  if (!encoded) {
    fuzz::fail("decoded credential does not encode: " + encoded.error().message);
  }
  auto again = decode_claims(*encoded);
  GL_FUZZ_CHECK(again.ok());
  auto encoded_again = encode_claims(*again);
  GL_FUZZ_CHECK(encoded_again.ok() && *encoded_again == *encoded);
  (void)to_json(*credential).dump();
  return 0;
}
