// JWS compact serialization with EdDSA.
#include "greenlight/jws.hpp"

#include <cstring>

#include "greenlight/encoding.hpp"

namespace greenlight::jws {

Result<VerifiedDocument> verify(std::string_view compact, std::string_view expected_typ, const KeyLookup& key_for,
                                std::string_view error_code, std::size_t max_bytes) {
  std::string code(error_code);
  auto fail = [&](std::string message) { return make_error(code, std::move(message)); };
  if (compact.size() > max_bytes)
    return fail("document of " + std::to_string(compact.size()) + " bytes exceeds " + std::to_string(max_bytes));
  while (!compact.empty() && (compact.back() == '\n' || compact.back() == '\r' || compact.back() == ' '))
    compact.remove_suffix(1);

  auto dot1 = compact.find('.');
  auto dot2 = dot1 == std::string_view::npos ? dot1 : compact.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || compact.find('.', dot2 + 1) != std::string_view::npos)
    return fail("not a JWS compact serialization (three base64url parts)");
  auto header_b64 = compact.substr(0, dot1);
  auto payload_b64 = compact.substr(dot1 + 1, dot2 - dot1 - 1);
  auto signature_b64 = compact.substr(dot2 + 1);

  auto header_bytes = base64url_decode(header_b64);
  if (!header_bytes) return fail("JWS header is not base64url");
  auto header = parse_json(as_chars(*header_bytes), JsonLimits{4096, 4}, code);
  if (!header) return header.error();
  if (!header->is_object()) return fail("JWS header must be a JSON object");
  auto text_field = [&](const char* name) -> std::optional<std::string> {
    auto it = header->find(name);
    if (it == header->end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  auto alg = text_field("alg");
  if (alg != "EdDSA") return fail("JWS alg must be \"EdDSA\"");
  if (header->contains("crit")) return fail("JWS crit headers are not supported");
  auto typ = text_field("typ");
  if (typ != expected_typ) return fail("JWS typ must be \"" + std::string(expected_typ) + "\"");
  auto kid_text = text_field("kid");
  if (!kid_text) return fail("JWS header has no kid");
  auto kid_bytes = base64url_decode(*kid_text);
  if (!kid_bytes || kid_bytes->size() != Kid{}.size()) return fail("JWS kid must be base64url of 8 bytes");
  VerifiedDocument doc;
  std::memcpy(doc.kid.data(), kid_bytes->data(), doc.kid.size());
  doc.typ = *typ;

  auto key = key_for(doc.kid);
  if (!key) return fail("document signed by an unknown key (kid " + *kid_text + ")");
  auto signature = base64url_decode(signature_b64);
  if (!signature) return fail("JWS signature is not base64url");
  auto signing_input = compact.substr(0, dot2);
  if (!verify_signature(*key, as_bytes(signing_input), *signature)) return fail("document signature does not verify");

  auto payload = base64url_decode(payload_b64);
  if (!payload) return fail("JWS payload is not base64url");
  doc.payload.assign(reinterpret_cast<const char*>(payload->data()), payload->size());
  return doc;
}

std::string sign(const KeyPair& key, std::string_view typ, const nlohmann::json& payload) {
  nlohmann::json header = {
      {"alg", "EdDSA"}, {"kid", base64url_encode(kid_of(key.public_key))}, {"typ", std::string(typ)}};
  std::string signing_input =
      base64url_encode(as_bytes(header.dump())) + "." + base64url_encode(as_bytes(payload.dump()));
  auto signature = greenlight::sign(key, as_bytes(signing_input));
  return signing_input + "." + base64url_encode(signature);
}

}  // namespace greenlight::jws
