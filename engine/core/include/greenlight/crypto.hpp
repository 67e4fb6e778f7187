// Ed25519 keys, signatures and SHA-256, all from libsodium.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "greenlight/bytes.hpp"

namespace greenlight {

using PublicKey = std::array<std::uint8_t, 32>;
using Seed = std::array<std::uint8_t, 32>;
using Signature = std::array<std::uint8_t, 64>;
// Key id: the first 8 bytes of SHA-256 of the raw public key.
using Kid = std::array<std::uint8_t, 8>;
using Sha256Digest = std::array<std::uint8_t, 32>;

// An Ed25519 key pair in libsodium's layout: the secret key is seed || public key.
struct KeyPair {
  PublicKey public_key{};
  std::array<std::uint8_t, 64> secret_key{};

  Seed seed() const;
  ~KeyPair();  // wipes the secret
  KeyPair() = default;
  KeyPair(const KeyPair&) = default;
  KeyPair& operator=(const KeyPair&) = default;
};

// Initialises libsodium once; safe to call from anywhere, any number of times.
void crypto_init();

KeyPair generate_key_pair();
KeyPair key_pair_from_seed(const Seed& seed);

Signature sign(const KeyPair& key, ByteView message);
// Signatures of any length other than 64 bytes are refused before libsodium sees them.
bool verify_signature(const PublicKey& key, ByteView message, ByteView signature);

Sha256Digest sha256(ByteView data);

// Cryptographically secure randomness (libsodium): tokens, ids, one-time codes.
Bytes random_bytes(std::size_t count);
// Uniform in [0, upper) without modulo bias.
std::uint32_t random_uniform(std::uint32_t upper);
Kid kid_of(const PublicKey& key);

// Keys as text: base64url of the raw bytes (the form used in trust lists and on the command line).
std::optional<PublicKey> public_key_from_text(std::string_view b64url);
std::optional<Seed> seed_from_text(std::string_view b64url);

}  // namespace greenlight
