// JWS compact serialization: parsing and verification never crash and fail with the caller's error code.
// Input starting with a 0 byte: the rest is a payload, signed here; it must verify and come back unchanged.
#include "fuzz_support.hpp"
#include "../core/fixture.hpp"

using namespace greenlight;

GL_FUZZ_TARGET(fuzz_jws_one) {
  static const KeyPair key = test::seeded_key(1);
  static const Kid kid = kid_of(key.public_key);
  jws::KeyLookup lookup = [](const Kid& k) -> std::optional<PublicKey> {
    if (k == kid) return key.public_key;
    return std::nullopt;
  };
  std::string_view text = fuzz::as_text(data, size);
  if (!text.empty() && text[0] == '\0') {
    std::string_view payload = text.substr(1);
    std::string compact = fuzz::sign_raw_jws(key, "gl-fuzz", payload);
    auto document = jws::verify(compact, "gl-fuzz", lookup, "fuzz.jws_invalid");
    GL_FUZZ_CHECK(document.ok());
    GL_FUZZ_CHECK(document->payload == payload && document->typ == "gl-fuzz" && document->kid == kid);
    return 0;
  }
  auto document = jws::verify(text, "gl-trust-list", lookup, "fuzz.jws_invalid", 1u << 20);
  if (!document) {
    fuzz::check_error(document.error());
    GL_FUZZ_CHECK(document.error().code == "fuzz.jws_invalid");
    return 0;
  }
  GL_FUZZ_CHECK(document->typ == "gl-trust-list" && document->kid == kid);
  // The payload parser the documents use, with its bounds.
  auto json = parse_json(document->payload, JsonLimits{}, "fuzz.json_invalid");
  if (!json) fuzz::check_error(json.error());
  return 0;
}
