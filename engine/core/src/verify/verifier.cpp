// Verification pipeline: text -> COSE -> algorithm -> key -> signature -> claims -> trust -> time.
// Claims are decoded only after the signature verified, so unauthenticated bytes see one parser only.
#include "greenlight/verifier.hpp"

#include <chrono>

#include "greenlight/cose.hpp"
#include "greenlight/encoding.hpp"

namespace greenlight {

std::uint64_t system_clock_now() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

Result<Verifier> Verifier::create(VerifierOptions options, std::string_view trust_list_jws) {
  if (options.roots.empty()) return make_error("config.roots", "at least one root public key is required");
  if (options.skew_seconds < 0) return make_error("config.skew", "skew must not be negative");
  crypto_init();
  Verifier probe(std::move(options), TrustList{});
  TrustListCheck check{&probe.options_.roots, probe.now(), probe.options_.skew_seconds, std::nullopt};
  auto list = load_trust_list(trust_list_jws, check);
  if (!list) return list.error();
  probe.trust_list_ = std::move(*list);
  return probe;
}

Result<void> Verifier::update_trust_list(std::string_view trust_list_jws) {
  TrustListCheck check{&options_.roots, now(), options_.skew_seconds, trust_list_.seq};
  auto list = load_trust_list(trust_list_jws, check);
  if (!list) return list.error();
  trust_list_ = std::move(*list);
  return {};
}

VerifyResult Verifier::verify(std::string_view text, const VerifyContext& context) const {
  VerifyResult result;
  auto refuse = [&](Error e) {
    result.valid = false;
    result.error = std::move(e);
    return std::move(result);
  };

  auto cose_bytes = decode_gl1_text(text, options_.max_code_bytes);
  if (!cose_bytes) return refuse(cose_bytes.error());
  auto message = cose::parse_sign1(*cose_bytes);
  if (!message) return refuse(message.error());

  auto alg = message->alg();
  if (!alg || alg->as_int64() != cose::kAlgEdDSA) {
    // verify_sign1 words the algorithm error; no key is needed to refuse it.
    return refuse(cose::verify_sign1(*message, PublicKey{}).error());
  }
  const cbor::Value* kid_value = message->kid();
  if (!kid_value) return refuse(make_error("crypto.key_unknown", "the code has no kid"));
  if (kid_value->string.size() != Kid{}.size())
    return refuse(
        make_error("crypto.key_unknown", "kid " + hex_encode(kid_value->as_byte_view()) + " is not a trusted key"));
  Kid kid;
  std::copy(kid_value->string.begin(), kid_value->string.end(), kid.begin());

  const TrustedKey* signer = nullptr;
  bool verified = trust_list_.for_each_key(kid, [&](const TrustedKey& key) {
    if (!signer) signer = &key;
    if (cose::verify_sign1(*message, key.key)) {
      signer = &key;
      return true;
    }
    return false;
  });
  if (!signer) return refuse(make_error("crypto.key_unknown", "kid " + hex_encode(kid) + " is not in the trust list"));
  if (!verified)
    return refuse(make_error("crypto.signature", "the signature does not match the key " + hex_encode(kid)));

  auto credential = decode_claims(message->payload);
  if (!credential) return refuse(credential.error());
  result.credential = std::move(*credential);
  const Credential& c = *result.credential;

  if (c.iss != signer->iss)
    return refuse(make_error("trust.issuer_mismatch", "issuer \"" + c.iss + "\" may not use key " + hex_encode(kid) +
                                                          " (it belongs to \"" + signer->iss + "\")"));
  if (!signer->may_sign(to_string(c.type)))
    return refuse(make_error("trust.key_use",
                             "key " + hex_encode(kid) + " may not sign " + std::string(to_string(c.type)) + " codes"));
  if (c.iat < signer->nbf || c.iat > signer->exp)
    return refuse(
        make_error("trust.key_expired", "the code was issued outside the validity of key " + hex_encode(kid)));

  std::uint64_t now = context.now ? *context.now : this->now();
  auto skew = static_cast<std::uint64_t>(options_.skew_seconds);
  if (now > skew && c.exp < now - skew)
    return refuse(make_error("time.expired", "the code expired at " + std::to_string(c.exp)));
  if (c.iat > now + skew)
    return refuse(make_error("time.not_yet_valid", "the code is issued in the future (" + std::to_string(c.iat) + ")"));

  result.valid = true;
  return result;
}

}  // namespace greenlight
