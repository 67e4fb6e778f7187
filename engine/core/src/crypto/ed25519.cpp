// Ed25519 and SHA-256 through libsodium.
#include <sodium.h>

#include <cstring>
#include <mutex>

#include "greenlight/crypto.hpp"
#include "greenlight/encoding.hpp"

namespace greenlight {

void crypto_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no usable libsodium: nothing safe can run
  });
}

Seed KeyPair::seed() const {
  Seed s;
  std::memcpy(s.data(), secret_key.data(), s.size());
  return s;
}

KeyPair::~KeyPair() { sodium_memzero(secret_key.data(), secret_key.size()); }

KeyPair generate_key_pair() {
  crypto_init();
  KeyPair kp;
  crypto_sign_keypair(kp.public_key.data(), kp.secret_key.data());
  return kp;
}

KeyPair key_pair_from_seed(const Seed& seed) {
  crypto_init();
  KeyPair kp;
  crypto_sign_seed_keypair(kp.public_key.data(), kp.secret_key.data(), seed.data());
  return kp;
}

Signature sign(const KeyPair& key, ByteView message) {
  crypto_init();
  Signature sig;
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), key.secret_key.data());
  return sig;
}

bool verify_signature(const PublicKey& key, ByteView message, ByteView signature) {
  if (signature.size() != crypto_sign_BYTES) return false;
  crypto_init();
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), key.data()) == 0;
}

Sha256Digest sha256(ByteView data) {
  crypto_init();
  Sha256Digest out;
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

Kid kid_of(const PublicKey& key) {
  auto digest = sha256(key);
  Kid kid;
  std::memcpy(kid.data(), digest.data(), kid.size());
  return kid;
}

namespace {
template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> fixed_from_text(std::string_view text) {
  auto bytes = base64url_decode(text);
  if (!bytes || bytes->size() != N) return std::nullopt;
  std::array<std::uint8_t, N> out;
  std::memcpy(out.data(), bytes->data(), N);
  return out;
}
}  // namespace

std::optional<PublicKey> public_key_from_text(std::string_view b64url) { return fixed_from_text<32>(b64url); }
std::optional<Seed> seed_from_text(std::string_view b64url) { return fixed_from_text<32>(b64url); }

}  // namespace greenlight

namespace greenlight {

Bytes random_bytes(std::size_t count) {
  crypto_init();
  Bytes out(count);
  randombytes_buf(out.data(), out.size());
  return out;
}

std::uint32_t random_uniform(std::uint32_t upper) {
  crypto_init();
  return randombytes_uniform(upper);
}

}  // namespace greenlight
