// COSE_Sign1 parsing, Sig_structure and EdDSA signing/verification.
#include "greenlight/cose.hpp"

namespace greenlight::cose {
namespace {

Error cose_error(std::string message) { return make_error("format.cose", std::move(message)); }

}  // namespace

std::optional<cbor::Value> Sign1::alg() const {
  if (const auto* v = protected_header.find(kHeaderAlg)) return *v;
  return std::nullopt;
}

const cbor::Value* Sign1::kid() const {
  if (const auto* v = protected_header.find(kHeaderKid)) return v;
  return unprotected_header.find(kHeaderKid);
}

Result<Sign1> parse_sign1(ByteView data, const cbor::Limits& limits) {
  auto decoded = cbor::decode(data, limits);
  if (!decoded) return decoded.error();
  const cbor::Value* root = &*decoded;
  if (root->type == cbor::Type::tag) {
    if (root->number != kTagSign1)
      return cose_error("CBOR tag " + std::to_string(root->number) + " is not COSE_Sign1 (18)");
    root = &root->items.front();
  }
  if (root->type != cbor::Type::array || root->items.size() != 4)
    return cose_error("COSE_Sign1 must be an array of four items");
  const auto& prot = root->items[0];
  const auto& unprot = root->items[1];
  const auto& payload = root->items[2];
  const auto& sig = root->items[3];
  if (prot.type != cbor::Type::bytes) return cose_error("protected header must be a byte string");
  if (unprot.type != cbor::Type::map) return cose_error("unprotected header must be a map");
  if (payload.type != cbor::Type::bytes)
    return cose_error("payload must be a byte string (detached payloads are not used)");
  if (sig.type != cbor::Type::bytes) return cose_error("signature must be a byte string");

  Sign1 out;
  out.protected_bytes.assign(prot.string.begin(), prot.string.end());
  if (out.protected_bytes.empty()) {
    out.protected_header = cbor::Value::make_map({});
  } else {
    auto header = cbor::decode(out.protected_bytes, limits);
    if (!header) return header.error();
    if (header->type != cbor::Type::map) return cose_error("protected header must encode a map");
    out.protected_header = std::move(*header);
    // RFC 9052 §4.4: with no protected attributes the Sig_structure holds a zero-length string, even if
    // the message carried h'A0' (as the cose-wg examples do).
    if (out.protected_header.items.empty()) out.protected_bytes.clear();
  }
  out.unprotected_header = unprot;
  out.payload.assign(payload.string.begin(), payload.string.end());
  out.signature.assign(sig.string.begin(), sig.string.end());
  if (const auto* kid = out.kid(); kid && kid->type != cbor::Type::bytes)
    return cose_error("kid must be a byte string");
  return out;
}

Bytes sig_structure(ByteView protected_bytes, ByteView external_aad, ByteView payload) {
  cbor::Writer w;
  w.data().reserve(protected_bytes.size() + external_aad.size() + payload.size() + 24);
  w.array(4);
  w.text("Signature1");
  w.bytes(protected_bytes);
  w.bytes(external_aad);
  w.bytes(payload);
  return w.take();
}

Result<void> verify_sign1(const Sign1& message, const PublicKey& key, ByteView external_aad) {
  auto alg = message.alg();
  if (!alg) {
    if (message.unprotected_header.find(kHeaderAlg))
      return make_error("crypto.algorithm", "the algorithm must be in the protected header");
    return make_error("crypto.algorithm", "no algorithm in the protected header");
  }
  if (alg->as_int64() != kAlgEdDSA) {
    // A CBOR negative integer is -1 - number; for number 2^64 - 1 that is -2^64, past any 64-bit type.
    auto negative = [](std::uint64_t n) {
      return n == UINT64_MAX ? std::string("-18446744073709551616") : "-" + std::to_string(n + 1);
    };
    std::string shown =
        alg->is_int() ? (alg->type == cbor::Type::negative_int ? negative(alg->number) : std::to_string(alg->number))
        : alg->type == cbor::Type::text ? "\"" + alg->string + "\""
                                        : "a non-integer";
    return make_error("crypto.algorithm", "algorithm " + shown + " is not EdDSA (-8)");
  }
  auto to_be_signed = sig_structure(message.protected_bytes, external_aad, message.payload);
  if (!verify_signature(key, to_be_signed, message.signature))
    return make_error("crypto.signature", "the signature does not match the key");
  return {};
}

Bytes sign1(const KeyPair& key, ByteView payload) {
  auto kid = kid_of(key.public_key);
  cbor::Writer header;
  header.map(2);
  header.int64(kHeaderAlg);
  header.int64(kAlgEdDSA);
  header.int64(kHeaderKid);
  header.bytes(kid);
  Bytes protected_bytes = header.take();

  auto signature = sign(key, sig_structure(protected_bytes, {}, payload));

  cbor::Writer w;
  w.tag(kTagSign1);
  w.array(4);
  w.bytes(protected_bytes);
  w.map(0);
  w.bytes(payload);
  w.bytes(signature);
  return w.take();
}

}  // namespace greenlight::cose
