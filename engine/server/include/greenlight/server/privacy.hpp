// Personal data: masking for display, GB 11643 ID-number checks, and a vault that encrypts PII at rest and
// derives keyed look-up hashes (so a database holds no name, phone or ID number in clear).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "greenlight/bytes.hpp"
#include "greenlight/error.hpp"

namespace greenlight {

// "张三" -> "张*", "张三丰" -> "张*丰", "Alice" -> "A***e" (by code point, so Chinese names mask right).
std::string mask_name(std::string_view name);
// "13812341234" -> "138****1234"; shorter numbers keep their first and last quarter.
std::string mask_phone(std::string_view phone);
// "310101199001011234" -> "3101**********1234".
std::string mask_id_number(std::string_view id_number);

// GB 11643-1999 resident identity number: 17 digits and an ISO 7064 MOD 11-2 check character (0-9 or X),
// with a plausible birth date (YYYYMMDD at positions 7-14).
bool is_valid_id_number(std::string_view id_number);
// The check character for the first 17 digits of an ID number (nullopt when they are not 17 digits).
std::optional<char> id_number_check_character(std::string_view first17);
// Mainland mobile number: 11 digits starting with 1.
bool is_valid_phone(std::string_view phone);

// Encrypts with XSalsa20-Poly1305 (libsodium secretbox) under a 32-byte master key; look-up hashes are
// keyed BLAKE2b, domain-separated by kind ("phone", "id", ...), so equal values can be found without
// decrypting and without a guessable plain hash.
class PiiVault {
 public:
  using Key = std::array<std::uint8_t, 32>;
  explicit PiiVault(const Key& master_key);
  ~PiiVault();
  PiiVault(const PiiVault&) = delete;
  PiiVault& operator=(const PiiVault&) = delete;

  static Key generate_key();

  // base64url(nonce || ciphertext).
  std::string seal(std::string_view plaintext) const;
  // Errors: pii.corrupt (not something seal() produced under this key).
  Result<std::string> open(std::string_view sealed) const;
  // base64url of a 32-byte keyed hash.
  std::string lookup_hash(std::string_view kind, std::string_view value) const;
  // The pseudonym a person's dynamic codes carry on one UTC day (epoch seconds / 86400): base64url of a
  // 16-byte keyed hash of (subject, day) under a key of its own, so it has the shape of a random subject,
  // cannot be linked to the subject or another day's pseudonym without the master key, and every server
  // process derives the same one.
  std::string day_pseudonym(std::string_view subject, std::uint64_t day) const;

 private:
  Key seal_key_{};
  Key hash_key_{};
  Key pseudonym_key_{};
};

}  // namespace greenlight
