// The signed documents a server hands to checkpoints, with the ETags that let them refresh cheaply.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "greenlight/keyring.hpp"

namespace greenlight {

struct SignedDocument {
  std::string jws;
  std::string etag;  // a strong ETag: quoted, derived from the bytes
  std::uint64_t seq = 0;
  std::uint64_t iat = 0;
};

// Builds the trust list and rules from the keyring (status lists come from the database: service.hpp) and re-signs them before they get old (thread-safe).
class DocumentService {
 public:
  explicit DocumentService(const Keyring& keys) : keys_(keys) {}

  // Errors: keyring.root (see Keyring::trust_list).
  Result<SignedDocument> trust_list(std::uint64_t now);
  SignedDocument rules(std::uint64_t now);

 private:
  static SignedDocument make(std::string jws, std::uint64_t seq, std::uint64_t iat);

  const Keyring& keys_;
  std::mutex mutex_;
  SignedDocument trust_list_, rules_;
};

}  // namespace greenlight
