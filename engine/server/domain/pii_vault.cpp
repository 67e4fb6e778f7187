// PII at rest: secretbox encryption and keyed look-up hashes from one master key.
#include <sodium.h>

#include <cstring>

#include "greenlight/crypto.hpp"
#include "greenlight/encoding.hpp"
#include "greenlight/server/privacy.hpp"

namespace greenlight {
namespace {

// Separate subkeys for sealing and hashing, so neither use can leak the other.
PiiVault::Key derive(const PiiVault::Key& master, std::uint64_t id) {
  PiiVault::Key out;
  crypto_kdf_derive_from_key(out.data(), out.size(), id, "gl-pii__", master.data());
  return out;
}

}  // namespace

PiiVault::PiiVault(const Key& master_key) {
  crypto_init();
  seal_key_ = derive(master_key, 1);
  hash_key_ = derive(master_key, 2);
  pseudonym_key_ = derive(master_key, 3);
}

PiiVault::~PiiVault() {
  sodium_memzero(seal_key_.data(), seal_key_.size());
  sodium_memzero(hash_key_.data(), hash_key_.size());
  sodium_memzero(pseudonym_key_.data(), pseudonym_key_.size());
}

PiiVault::Key PiiVault::generate_key() {
  crypto_init();
  Key key;
  crypto_kdf_keygen(key.data());
  return key;
}

std::string PiiVault::seal(std::string_view plaintext) const {
  Bytes out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size());
  randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(), out.data(),
                        seal_key_.data());
  return base64url_encode(out);
}

Result<std::string> PiiVault::open(std::string_view sealed) const {
  auto bytes = base64url_decode(sealed);
  if (!bytes || bytes->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return make_error("pii.corrupt", "sealed value is malformed");
  std::string out(bytes->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()),
                                 bytes->data() + crypto_secretbox_NONCEBYTES,
                                 bytes->size() - crypto_secretbox_NONCEBYTES, bytes->data(), seal_key_.data()) != 0)
    return make_error("pii.corrupt", "sealed value does not open under this key");
  return out;
}

std::string PiiVault::lookup_hash(std::string_view kind, std::string_view value) const {
  std::array<std::uint8_t, 32> out;
  crypto_generichash_state state;
  crypto_generichash_init(&state, hash_key_.data(), hash_key_.size(), out.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kind.data()), kind.size());
  const unsigned char separator = 0;
  crypto_generichash_update(&state, &separator, 1);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(value.data()), value.size());
  crypto_generichash_final(&state, out.data(), out.size());
  return base64url_encode(out);
}

std::string PiiVault::day_pseudonym(std::string_view subject, std::uint64_t day) const {
  std::array<std::uint8_t, 16> out;
  std::array<unsigned char, 8> day_bytes;
  for (std::size_t i = 0; i < day_bytes.size(); ++i) day_bytes[i] = static_cast<unsigned char>(day >> (8 * i));
  crypto_generichash_state state;
  crypto_generichash_init(&state, pseudonym_key_.data(), pseudonym_key_.size(), out.size());
  crypto_generichash_update(&state, day_bytes.data(), day_bytes.size());  // fixed length first: no ambiguity
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(subject.data()), subject.size());
  crypto_generichash_final(&state, out.data(), out.size());
  return base64url_encode(out);
}

}  // namespace greenlight
