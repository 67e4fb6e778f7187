// Issuer keys (issuer_keys), the key generation counter, and the stored codes re-signed after a compromise.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

using storage::Transaction;

struct IssuerKeyRecord {
  std::string kid, use, public_key, secret_enc, state;  // public_key base64url; secret_enc the sealed seed
  std::int64_t created_at = 0, not_before = 0;
  std::optional<std::int64_t> activated_at{}, retired_at{}, revoked_at{};
};

Result<void> insert_issuer_key(Transaction& tx, const IssuerKeyRecord& key);
// Keys that are not revoked, by use, creation time, kid (created_at, activated_at and revoked_at not read).
Result<std::vector<IssuerKeyRecord>> unrevoked_issuer_keys(Transaction& tx);
// When the newest key was made (none without keys).
Result<std::optional<std::int64_t>> newest_issuer_key_at(Transaction& tx);
// Every key, by use, creation time, kid (public_key, secret_enc and not_before not read).
Result<std::vector<IssuerKeyRecord>> all_issuer_keys(Transaction& tx);
// The active and next keys of a use (kid and state only).
Result<std::vector<IssuerKeyRecord>> current_issuer_keys(Transaction& tx, const std::string& use);
Result<void> revoke_issuer_keys(Transaction& tx, const std::string& kid_a, const std::string& kid_b, std::int64_t at);
Result<void> retire_issuer_key(Transaction& tx, const std::string& kid, std::int64_t at);
Result<void> activate_issuer_key(Transaction& tx, const std::string& kid, std::int64_t at);

// The key generation (none when the counter row is missing).
Result<std::optional<std::int64_t>> key_generation(Transaction& tx);
// Moves the generation on and returns it; the row lock orders concurrent rotations.
Result<std::int64_t> next_key_generation(Transaction& tx);
// Moves generation 0 to 1: true for the one caller that did.
Result<bool> claim_first_key_generation(Transaction& tx);

// A code the server keeps for printing (a place's poster, a live proxy card).
struct StoredCode {
  std::string id, code_text;
};
// All place codes, by id.
Result<std::vector<StoredCode>> place_codes(Transaction& tx);
// The codes of proxies neither revoked nor expired at `now`, by id.
Result<std::vector<StoredCode>> live_proxy_codes(Transaction& tx, std::int64_t now);
Result<void> save_place_code(Transaction& tx, const std::string& id, const std::string& code_text);
Result<void> save_proxy_code(Transaction& tx, const std::string& id, const std::string& code_text);

}  // namespace greenlight::store
