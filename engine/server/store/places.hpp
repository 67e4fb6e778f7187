// Places and what hangs off one: its admin and inspectors (inspector_bindings), checkpoints, the declaration
// code (sealed, with its lookup hash) and the pending offer to transfer it (place_offers). Sealed values
// pass through as stored; `now` is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

using storage::Transaction;

struct PlaceRecord {
  std::string id, name, address, category, region;
  std::int64_t created_at = 0;
  std::string code_text, declaration_code_enc;
};

// Who runs a place: its admin, and how many bindings `account_id` has there (0 or 1).
struct PlaceAccess {
  std::string admin_id;
  std::int64_t bindings = 0;
};
Result<std::optional<PlaceAccess>> place_access(Transaction& tx, const std::string& place_id,
                                                const std::string& account_id);

Result<std::optional<PlaceRecord>> place_by_id(Transaction& tx, const std::string& place_id);
Result<std::optional<PlaceRecord>> place_by_declaration_code(Transaction& tx, const std::string& declaration_code_hash);
Result<bool> place_exists(Transaction& tx, const std::string& place_id);
Result<bool> account_administers_a_place(Transaction& tx, const std::string& account_id);

struct NewPlace {
  std::string id, admin_id, region, address, category, name, declaration_code_enc, declaration_code_hash, code_text;
  std::int64_t created_at = 0;
};
// Errors: storage.constraint when the admin already has a place (the UNIQUE constraint).
Result<void> insert_place(Transaction& tx, const NewPlace& place);
Result<void> set_declaration_code(Transaction& tx, const std::string& place_id, const std::string& code_enc,
                                  const std::string& code_hash);
Result<void> set_place_admin(Transaction& tx, const std::string& place_id, const std::string& account_id);

// Checkpoints, in creation order.
struct CheckpointRecord {
  std::string id, name;
};
Result<std::vector<CheckpointRecord>> place_checkpoints(Transaction& tx, const std::string& place_id);
// Rows inserted: 0 when the place already has a checkpoint of that name.
Result<std::int64_t> insert_checkpoint(Transaction& tx, const std::string& id, const std::string& place_id,
                                       const std::string& name, std::int64_t created_at);
// Rows deleted.
Result<std::int64_t> delete_checkpoint(Transaction& tx, const std::string& place_id, const std::string& checkpoint_id);

// Inspectors, in binding order.
struct InspectorRecord {
  std::string account_id, phone_enc;
  std::optional<std::string> name_enc;  // the person's, when the account has one
  std::int64_t bound_at = 0;
};
Result<std::vector<InspectorRecord>> place_inspectors(Transaction& tx, const std::string& place_id);
// A no-op when already bound.
Result<void> bind_inspector(Transaction& tx, const std::string& place_id, const std::string& account_id,
                            std::int64_t bound_at);
// Rows deleted.
Result<std::int64_t> unbind_inspector(Transaction& tx, const std::string& place_id, const std::string& account_id);
Result<std::vector<PlaceRecord>> places_of_inspector(Transaction& tx, const std::string& account_id);

// Transfer offers: at most one pending per place.
Result<bool> account_has_phone(Transaction& tx, const std::string& account_id, const std::string& phone_hash);
struct NewOffer {
  std::string id, place_id, from_account, phone_hash, phone_enc;
  std::int64_t created_at = 0, expires_at = 0;
};
// Replaces the place's pending offer, if any.
Result<void> put_place_offer(Transaction& tx, const NewOffer& offer);
struct OfferRecord {
  std::string id, place_id;
  std::optional<std::string> phone_enc;
  std::int64_t created_at = 0, expires_at = 0;
};
Result<std::optional<OfferRecord>> live_offer_of_place(Transaction& tx, const std::string& place_id, std::int64_t now);
// The deleted offer's id, if there was one.
Result<std::optional<std::string>> delete_offer_of_place(Transaction& tx, const std::string& place_id);
Result<void> delete_offer(Transaction& tx, const std::string& offer_id);
// Offer `offer_id` if it is addressed to the phone of `account_id`, live, and still made by the place's admin.
struct OfferToAccount {
  std::string id, place_id, from_account;
};
Result<std::optional<OfferToAccount>> live_offer_to(Transaction& tx, const std::string& offer_id,
                                                    const std::string& account_id, std::int64_t now);
// Every such offer to `account_id`, oldest first, with the place and the sender's sealed phone.
struct OfferToMe {
  std::string id;
  PlaceRecord place;  // id, name, address, category, region only
  std::optional<std::string> from_phone_enc;
  std::int64_t created_at = 0, expires_at = 0;
};
Result<std::vector<OfferToMe>> live_offers_to(Transaction& tx, const std::string& account_id, std::int64_t now);

}  // namespace greenlight::store
