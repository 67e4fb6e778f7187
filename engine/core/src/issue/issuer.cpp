// Issuing: claims -> COSE_Sign1 -> Base45 -> "GL1:".
#include "greenlight/issuer.hpp"

#include "greenlight/cose.hpp"
#include "greenlight/gl1_text.hpp"
#include "greenlight/jws.hpp"

namespace greenlight {

Result<std::string> Issuer::issue(Credential credential) const {
  credential.iss = iss_;
  auto claims = encode_claims(credential);
  if (!claims) return claims.error();
  return issue_raw_claims(*claims);
}

std::string Issuer::issue_raw_claims(ByteView claims) const { return encode_gl1_text(cose::sign1(key_, claims)); }

std::string Issuer::sign_document(std::string_view typ, const nlohmann::json& payload) const {
  return jws::sign(key_, typ, payload);
}

}  // namespace greenlight
