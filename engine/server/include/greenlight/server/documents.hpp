// The signed documents a server hands to checkpoints, with the versions that let them refresh cheaply.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "greenlight/server/keyring.hpp"

namespace greenlight {

struct SignedDocument {
  std::string jws;
  std::string version;  // quoted, derived from the bytes: equal versions, equal bytes (the HTTP front sends it as the
                        // entity tag)
  std::uint64_t seq = 0;
  std::uint64_t iat = 0;
};

// Builds the trust list, rules and region-risk list for a key set (status lists come from the database:
// service.hpp) and
// re-signs them daily and when the key set changes (thread-safe). A document's iat is the start of the day
// (UTC) or the last change, whichever is later, so every server process on one database signs the same
// bytes (Ed25519 is deterministic) and a checkpoint gets one version from any replica.
class DocumentService {
 public:
  explicit DocumentService(const Keyring& keys) : keys_(keys) {}

  // Errors: keyring.root (see Keyring::trust_list).
  Result<SignedDocument> trust_list(const IssuerKeySet& keys, std::uint64_t now);
  // Signed with keys.rules.
  SignedDocument rules(const IssuerKeySet& keys, std::uint64_t now);
  // Serves `payload` (a rule set; its iss/iat/exp/seq are replaced) as sequence `seq` from now on, instead of
  // the engine's default rules. A verifier refuses a lower seq than it has, so seqs only grow.
  void use_rules(nlohmann::json payload, std::uint64_t seq);
  std::uint64_t rules_seq();
  // The region-risk list (docs/api.md "Region risk"), signed with keys.regions: the published entries, or an
  // empty list at seq 0 before any is published, so a checkpoint can always sync one.
  SignedDocument region_risk(const IssuerKeySet& keys, std::uint64_t now);
  // Serves `regions` (the entries array as published) as sequence `seq` from now on.
  void use_region_risk(nlohmann::json regions, std::uint64_t seq);
  std::uint64_t region_risk_seq();

 private:
  static SignedDocument make(std::string jws, std::uint64_t seq, std::uint64_t iat);

  const Keyring& keys_;
  std::mutex mutex_;
  SignedDocument trust_list_, rules_, region_risk_;
  std::int64_t trust_list_generation_ = -1, rules_generation_ = -1, region_risk_generation_ = -1;
  std::uint64_t trust_list_day_ = 0, rules_day_ = 0, region_risk_day_ = 0;
  std::optional<nlohmann::json> published_rules_;
  std::uint64_t published_seq_ = 0;
  nlohmann::json published_regions_ = nlohmann::json::array();
  std::uint64_t published_regions_seq_ = 0;  // 0: none published
};

}  // namespace greenlight
