// The server's keys and the signed documents it hands to verifiers, kept in a data directory.
//
// On first start the directory gets a root key, one issuer key per use (person, proxy, place, rules,
// status, regions) and the PII master key, each in its own file with mode 0600. A production root stays offline:
// put a trust list signed elsewhere (`greenlight sign-doc`) at <data>/trust-list.jws and delete
// keys/root.key.json; the server then serves that document and never signs one.
//
// The issuer key files are the server's first keys only: the service imports them into its database,
// which holds the keys it signs with from then on, so that an authority can rotate them (service.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "greenlight/crypto.hpp"
#include "greenlight/error.hpp"
#include "greenlight/server/privacy.hpp"

namespace greenlight {

// An issuer key as a trust list publishes it.
struct PublishedKey {
  PublicKey public_key{};
  std::string use;  // person, proxy, place, rules, status or regions
  // Codes issued before this, less a day of clock skew, are refused. 0 for the key files: codes they
  // signed before the server kept keys in its database stay valid however old (posters, printed proxies).
  std::uint64_t not_before = 0;
  std::optional<std::uint64_t> retired_at;  // codes issued after this are refused
};

// The keys a server signs with (the active key of each use) and every key its trust list publishes:
// the active ones, the next ones (known to checkpoints before they sign anything) and the retired ones
// (what they signed stays valid).
struct IssuerKeySet {
  std::int64_t generation = 0;   // moves with every rotation
  std::uint64_t changed_at = 0;  // when the last rotation (or the import) happened
  KeyPair person, proxy, place, rules, status, regions;
  std::vector<PublishedKey> published;
};

// Writes a key file in keygen's JSON ({"kid","public","secret"}: base64url, the secret is the seed), readable
// by its owner only from the first byte. Errors: keyring.io.
Result<void> write_key_file(const std::string& path, const KeyPair& key);

// Copies what a data directory holds of keys into `out_dir` under the same names: keys/* (the root, the
// first issuer keys and pii.key) and trust-list.jws when the root is kept offline; folders 0700, files
// 0600. Creates nothing in `data_dir`. Returns the names copied, relative to `out_dir`, sorted.
// Errors: keyring.io (no keys/ folder, or a file cannot be read or written).
Result<std::vector<std::string>> copy_key_files(const std::string& data_dir, const std::string& out_dir);

struct Keyring {
  std::string data_dir;
  std::string issuer_id;
  std::optional<KeyPair> root;  // absent when the root is kept offline
  PublicKey root_public{};
  KeyPair person, proxy, place, rules, status, regions;
  PiiVault::Key pii_key{};

  // Errors: keyring.io (the directory or a file cannot be read or written), keyring.invalid (a key file
  // is damaged), keyring.root (no root key and no trust-list.jws).
  static Result<Keyring> open_or_create(const std::string& data_dir, const std::string& issuer_id);

  // The key files as a key set: generation 0, each file key active, nothing else published.
  IssuerKeySet file_keys() const;

  // The trust list verifiers load: <data>/trust-list.jws if present, else one issued at `iat` by the root
  // that publishes `keys` (seq = iat).
  Result<std::string> trust_list(const IssuerKeySet& keys, std::uint64_t iat) const;
  bool offline_root() const { return !root.has_value(); }
};

}  // namespace greenlight
