// The server's keys and the signed documents it hands to verifiers, kept in a data directory.
//
// On first start the directory gets a root key, one issuer key per use (person, proxy, place, rules,
// status) and the PII master key, each in its own file with mode 0600. A production root stays offline:
// put a trust list signed elsewhere (`greenlight sign-doc`) at <data>/trust-list.jws and delete
// keys/root.key.json; the server then serves that document and never signs one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "greenlight/crypto.hpp"
#include "greenlight/error.hpp"
#include "greenlight/privacy.hpp"

namespace greenlight {

struct Keyring {
  std::string data_dir;
  std::string issuer_id;
  std::optional<KeyPair> root;  // absent when the root is kept offline
  PublicKey root_public{};
  KeyPair person, proxy, place, rules, status;
  PiiVault::Key pii_key{};

  // Errors: keyring.io (the directory or a file cannot be read or written), keyring.invalid (a key file
  // is damaged), keyring.root (no root key and no trust-list.jws).
  static Result<Keyring> open_or_create(const std::string& data_dir, const std::string& issuer_id);

  // The trust list verifiers load: <data>/trust-list.jws if present, else one signed now by the root.
  Result<std::string> trust_list(std::uint64_t now) const;
};

}  // namespace greenlight
