// Base45 (and the other text encodings, and the GL1 text wrapper): decoding never crashes, a decoded text
// re-encodes to itself (Base45 is canonical), and any bytes round-trip through encode -> decode.
#include "fuzz_support.hpp"

using namespace greenlight;

GL_FUZZ_TARGET(fuzz_base45_one) {
  std::string_view text = fuzz::as_text(data, size);
  ByteView bytes(data, size);

  auto decoded = base45_decode(text);
  if (decoded) {
    GL_FUZZ_CHECK(base45_encode(*decoded) == text);
  } else {
    GL_FUZZ_CHECK(decoded.error().code == "format.base45");
    fuzz::check_error(decoded.error());
  }
  auto again = base45_decode(base45_encode(bytes));
  GL_FUZZ_CHECK(again && *again == Bytes(bytes.begin(), bytes.end()));

  if (auto b64 = base64url_decode(text)) GL_FUZZ_CHECK(base64url_decode(base64url_encode(*b64)) == b64);
  GL_FUZZ_CHECK(base64url_decode(base64url_encode(bytes)) == Bytes(bytes.begin(), bytes.end()));
  if (auto hex = hex_decode(text)) GL_FUZZ_CHECK(hex_decode(hex_encode(*hex)) == hex);
  GL_FUZZ_CHECK(hex_decode(hex_encode(bytes)) == Bytes(bytes.begin(), bytes.end()));

  // The QR text: "GL1:" + Base45, or a URL with it in the fragment.
  auto cose = decode_gl1_text(text);
  if (cose) {
    auto reencoded = decode_gl1_text(encode_gl1_text(*cose));
    GL_FUZZ_CHECK(reencoded && *reencoded == *cose);
  } else {
    fuzz::check_error(cose.error());
    GL_FUZZ_CHECK(cose.error().code.rfind("format.", 0) == 0);
  }
  return 0;
}
