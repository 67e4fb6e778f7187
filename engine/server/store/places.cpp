// The places statements (places.hpp), their SQL as the domain code wrote it.
#include "places.hpp"

namespace greenlight::store {
namespace {

constexpr const char* kPlaceColumns =
    "SELECT id, name, address, category, region, created_at, code_text, declaration_code_enc FROM places ";

// A row of kPlaceColumns (or the same columns under another prefix).
Result<PlaceRecord> place_of_row(const storage::Row& row) {
  auto cols =
      row.as<std::string, std::string, std::string, std::string, std::string, std::int64_t, std::string, std::string>();
  if (!cols) return cols.error();
  auto& [id, name, address, category, region, created_at, code_text, code_enc] = *cols;
  return PlaceRecord{id, name, address, category, region, created_at, code_text, code_enc};
}

Result<std::optional<PlaceRecord>> first_place_of(const Result<storage::Rows>& rows) {
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<PlaceRecord>();
  auto place = place_of_row(rows->front());
  if (!place) return place.error();
  return std::optional<PlaceRecord>(std::move(*place));
}

Result<std::vector<PlaceRecord>> places_of_rows(const Result<storage::Rows>& rows) {
  if (!rows) return rows.error();
  std::vector<PlaceRecord> out;
  for (const auto& row : rows->rows) {
    auto place = place_of_row(row);
    if (!place) return place.error();
    out.push_back(std::move(*place));
  }
  return out;
}

Result<void> place_write(const Result<storage::Rows>& rows) {
  if (!rows) return rows.error();
  return {};
}

Result<std::int64_t> place_changes(const Result<storage::Rows>& rows) {
  if (!rows) return rows.error();
  return rows->affected;
}

}  // namespace

Result<std::optional<PlaceAccess>> place_access(Transaction& tx, const std::string& place_id,
                                                const std::string& account_id) {
  auto rows = tx.query(
      "SELECT p.admin_id, (SELECT COUNT(*) FROM inspector_bindings b WHERE b.place_id = p.id AND b.account_id = $2) "
      "FROM places p WHERE p.id = $1",
      {place_id, account_id});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<PlaceAccess>();
  auto cols = rows->front().as<std::string, std::int64_t>();
  if (!cols) return cols.error();
  auto& [admin_id, bindings] = *cols;
  return std::optional<PlaceAccess>(PlaceAccess{admin_id, bindings});
}

Result<std::optional<PlaceRecord>> place_by_id(Transaction& tx, const std::string& place_id) {
  return first_place_of(tx.query(std::string(kPlaceColumns) + "WHERE id = $1", {place_id}));
}

Result<std::optional<PlaceRecord>> place_by_declaration_code(Transaction& tx,
                                                             const std::string& declaration_code_hash) {
  return first_place_of(
      tx.query(std::string(kPlaceColumns) + "WHERE declaration_code_hash = $1", {declaration_code_hash}));
}

Result<bool> place_exists(Transaction& tx, const std::string& place_id) {
  auto rows = tx.query("SELECT id FROM places WHERE id = $1", {place_id});
  if (!rows) return rows.error();
  return !rows->empty();
}

Result<bool> account_administers_a_place(Transaction& tx, const std::string& account_id) {
  auto rows = tx.query("SELECT id FROM places WHERE admin_id = $1", {account_id});
  if (!rows) return rows.error();
  return !rows->empty();
}

Result<void> insert_place(Transaction& tx, const NewPlace& p) {
  return place_write(tx.query(
      "INSERT INTO places (id, admin_id, region, address, category, name, declaration_code_enc, declaration_code_hash, "
      "code_text, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {p.id, p.admin_id, p.region, p.address, p.category, p.name, p.declaration_code_enc, p.declaration_code_hash,
       p.code_text, p.created_at}));
}

Result<void> set_declaration_code(Transaction& tx, const std::string& place_id, const std::string& code_enc,
                                  const std::string& code_hash) {
  return place_write(tx.query("UPDATE places SET declaration_code_enc = $2, declaration_code_hash = $3 WHERE id = $1",
                              {place_id, code_enc, code_hash}));
}

Result<void> set_place_admin(Transaction& tx, const std::string& place_id, const std::string& account_id) {
  return place_write(tx.query("UPDATE places SET admin_id = $2 WHERE id = $1", {place_id, account_id}));
}

Result<std::vector<CheckpointRecord>> place_checkpoints(Transaction& tx, const std::string& place_id) {
  auto rows = tx.query("SELECT id, name FROM checkpoints WHERE place_id = $1 ORDER BY created_at, name", {place_id});
  if (!rows) return rows.error();
  std::vector<CheckpointRecord> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string>();
    if (!cols) return cols.error();
    auto& [id, name] = *cols;
    out.push_back({id, name});
  }
  return out;
}

Result<std::int64_t> insert_checkpoint(Transaction& tx, const std::string& id, const std::string& place_id,
                                       const std::string& name, std::int64_t created_at) {
  return place_changes(
      tx.query("INSERT INTO checkpoints (id, place_id, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT "
               "(place_id, name) DO NOTHING",
               {id, place_id, name, created_at}));
}

Result<std::int64_t> delete_checkpoint(Transaction& tx, const std::string& place_id, const std::string& checkpoint_id) {
  return place_changes(tx.query("DELETE FROM checkpoints WHERE place_id = $1 AND id = $2", {place_id, checkpoint_id}));
}

Result<std::vector<InspectorRecord>> place_inspectors(Transaction& tx, const std::string& place_id) {
  auto rows = tx.query(
      "SELECT a.id, a.phone_enc, p.name_enc, b.bound_at FROM inspector_bindings b JOIN accounts a ON a.id = "
      "b.account_id "
      "LEFT JOIN people p ON p.account_id = a.id WHERE b.place_id = $1 ORDER BY b.bound_at, a.id",
      {place_id});
  if (!rows) return rows.error();
  std::vector<InspectorRecord> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string, std::optional<std::string>, std::int64_t>();
    if (!cols) return cols.error();
    auto& [id, phone_enc, name_enc, bound_at] = *cols;
    out.push_back({id, phone_enc, name_enc, bound_at});
  }
  return out;
}

Result<void> bind_inspector(Transaction& tx, const std::string& place_id, const std::string& account_id,
                            std::int64_t bound_at) {
  return place_write(
      tx.query("INSERT INTO inspector_bindings (place_id, account_id, bound_at) VALUES ($1, $2, $3) ON CONFLICT "
               "(place_id, account_id) DO NOTHING",
               {place_id, account_id, bound_at}));
}

Result<std::int64_t> unbind_inspector(Transaction& tx, const std::string& place_id, const std::string& account_id) {
  return place_changes(
      tx.query("DELETE FROM inspector_bindings WHERE place_id = $1 AND account_id = $2", {place_id, account_id}));
}

Result<std::vector<PlaceRecord>> places_of_inspector(Transaction& tx, const std::string& account_id) {
  return places_of_rows(tx.query(
      "SELECT p.id, p.name, p.address, p.category, p.region, p.created_at, p.code_text, p.declaration_code_enc "
      "FROM inspector_bindings b JOIN places p ON p.id = b.place_id WHERE b.account_id = $1 ORDER BY b.bound_at, p.id",
      {account_id}));
}

Result<bool> account_has_phone(Transaction& tx, const std::string& account_id, const std::string& phone_hash) {
  auto rows = tx.query("SELECT 1 FROM accounts WHERE id = $1 AND phone_hash = $2", {account_id, phone_hash});
  if (!rows) return rows.error();
  return !rows->empty();
}

Result<void> put_place_offer(Transaction& tx, const NewOffer& o) {
  return place_write(
      tx.query("INSERT INTO place_offers (id, place_id, from_account, phone_hash, phone_enc, created_at, expires_at) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (place_id) DO UPDATE SET id = $1, from_account = $3, "
               "phone_hash = $4, phone_enc = $5, created_at = $6, expires_at = $7",
               {o.id, o.place_id, o.from_account, o.phone_hash, o.phone_enc, o.created_at, o.expires_at}));
}

Result<std::optional<OfferRecord>> live_offer_of_place(Transaction& tx, const std::string& place_id, std::int64_t now) {
  auto rows = tx.query(
      "SELECT id, place_id, phone_enc, created_at, expires_at FROM place_offers WHERE place_id = $1 AND expires_at > "
      "$2",
      {place_id, now});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<OfferRecord>();
  auto cols = rows->front().as<std::string, std::string, std::optional<std::string>, std::int64_t, std::int64_t>();
  if (!cols) return cols.error();
  auto& [id, offer_place, phone_enc, created_at, expires_at] = *cols;
  return std::optional<OfferRecord>(OfferRecord{id, offer_place, phone_enc, created_at, expires_at});
}

Result<std::optional<std::string>> delete_offer_of_place(Transaction& tx, const std::string& place_id) {
  auto rows = tx.query("DELETE FROM place_offers WHERE place_id = $1 RETURNING id", {place_id});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<std::string>();
  auto id = rows->front().get<std::string>(0);
  if (!id) return id.error();
  return std::optional<std::string>(*id);
}

Result<void> delete_offer(Transaction& tx, const std::string& offer_id) {
  return place_write(tx.query("DELETE FROM place_offers WHERE id = $1", {offer_id}));
}

Result<std::optional<OfferToAccount>> live_offer_to(Transaction& tx, const std::string& offer_id,
                                                    const std::string& account_id, std::int64_t now) {
  auto rows = tx.query(
      "SELECT o.id, o.place_id, o.from_account FROM place_offers o JOIN accounts a ON a.phone_hash = o.phone_hash "
      "JOIN places p ON p.id = o.place_id AND p.admin_id = o.from_account "
      "WHERE o.id = $1 AND a.id = $2 AND o.expires_at > $3",
      {offer_id, account_id, now});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<OfferToAccount>();
  auto cols = rows->front().as<std::string, std::string, std::string>();
  if (!cols) return cols.error();
  auto& [id, place_id, from_account] = *cols;
  return std::optional<OfferToAccount>(OfferToAccount{id, place_id, from_account});
}

Result<std::vector<OfferToMe>> live_offers_to(Transaction& tx, const std::string& account_id, std::int64_t now) {
  auto rows = tx.query(
      "SELECT o.id, p.id, p.name, p.address, p.category, p.region, f.phone_enc, o.created_at, o.expires_at "
      "FROM place_offers o JOIN accounts a ON a.phone_hash = o.phone_hash JOIN places p ON p.id = o.place_id "
      "AND p.admin_id = o.from_account JOIN accounts f ON f.id = o.from_account "
      "WHERE a.id = $1 AND o.expires_at > $2 ORDER BY o.created_at, o.id",
      {account_id, now});
  if (!rows) return rows.error();
  std::vector<OfferToMe> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string, std::string, std::string, std::string, std::string,
                       std::optional<std::string>, std::int64_t, std::int64_t>();
    if (!cols) return cols.error();
    auto& [id, place_id, name, address, category, region, phone_enc, created_at, expires_at] = *cols;
    OfferToMe offer{id, {}, phone_enc, created_at, expires_at};
    offer.place = PlaceRecord{place_id, name, address, category, region, 0, "", ""};
    out.push_back(std::move(offer));
  }
  return out;
}

}  // namespace greenlight::store
