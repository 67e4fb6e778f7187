// COSE_Sign1 (RFC 9052 §4.2) with EdDSA (alg -8): the envelope of every GL1 code.
#pragma once

#include <optional>

#include "greenlight/bytes.hpp"
#include "greenlight/cbor.hpp"
#include "greenlight/crypto.hpp"
#include "greenlight/error.hpp"

namespace greenlight::cose {

constexpr std::int64_t kAlgEdDSA = -8;
constexpr std::uint64_t kTagSign1 = 18;
constexpr std::int64_t kHeaderAlg = 1;
constexpr std::int64_t kHeaderKid = 4;

struct Sign1 {
  Bytes protected_bytes;         // the protected header as signed (empty when it holds no attributes)
  cbor::Value protected_header;  // decoded; an empty map when protected_bytes is empty
  cbor::Value unprotected_header;
  Bytes payload;
  Bytes signature;

  // alg from the protected header (only there: an unprotected alg is not covered by the signature).
  std::optional<cbor::Value> alg() const;
  // kid from the protected header, else the unprotected one.
  const cbor::Value* kid() const;
};

// Parses tagged (18) or untagged COSE_Sign1. Errors: format.cbor (not CBOR), format.cose (wrong shape,
// another tag, header or field of the wrong type).
Result<Sign1> parse_sign1(ByteView data, const cbor::Limits& limits = {});

// The bytes that are signed: CBOR ["Signature1", protected, external_aad, payload].
Bytes sig_structure(ByteView protected_bytes, ByteView external_aad, ByteView payload);

// Checks the algorithm (crypto.algorithm unless -8 in the protected header) and the Ed25519 signature
// (crypto.signature).
Result<void> verify_sign1(const Sign1& message, const PublicKey& key, ByteView external_aad = {});

// Builds a tagged COSE_Sign1 with protected {1: -8, 4: kid}.
Bytes sign1(const KeyPair& key, ByteView payload);

}  // namespace greenlight::cose
