// Places: creation (one per admin), the poster, declaration codes, admin transfer, checkpoints, and the
// inspectors who bind with the declaration code.
#include "greenlight/gl1_text.hpp"
#include "greenlight/qr/printable.hpp"
#include "impl.hpp"

namespace greenlight::service {
namespace {

enum class Need { admin, staff, viewer };  // staff = admin or inspector; viewer = staff or authority

constexpr const char* kPlaceColumns =
    "SELECT id, name, address, category, region, created_at, code_text, declaration_code_enc FROM places ";

Result<json> checkpoints_json(Transaction& tx, const std::string& place_id) {
  auto rows = tx.query("SELECT id, name FROM checkpoints WHERE place_id = $1 ORDER BY created_at, name", {place_id});
  if (!rows) return rows.error();
  json list = json::array();
  for (const auto& row : rows->rows) list.push_back({{"id", row.text(0)}, {"name", row.text(1)}});
  return list;
}

Result<json> place_json(Service::Impl& s, Transaction& tx, const storage::Row& row, bool with_secret) {
  auto checkpoints = checkpoints_json(tx, row.text(0));
  if (!checkpoints) return checkpoints.error();
  json place = {{"id", row.text(0)},   {"name", row.text(1)},       {"address", row.text(2)},
                {"category", row.text(3)}, {"region", row.text(4)}, {"createdAt", row.integer(5)},
                {"code", row.text(6)}, {"checkpoints", *checkpoints}};
  if (with_secret) {
    auto code = s.vault.open(row.text(7));
    if (!code) return code.error();
    place["declarationCode"] = *code;
  }
  return place;
}

// The place for a caller who needs `need` on it. A place the caller has no role in is auth.forbidden
// whether or not it exists, so ids cannot be probed; authorities see place.not_found.
Result<PlaceRoles> require_place(Transaction& tx, const std::string& place_id, const Session& who, Need need) {
  auto roles = place_roles(tx, place_id, who.account_id);
  if (!roles) return roles.error();
  bool allowed = need == Need::admin ? roles->admin
               : need == Need::staff ? roles->admin || roles->inspector
                                     : roles->admin || roles->inspector || who.authority;
  if (!allowed) {
    if (who.authority && !roles->exists) return make_error("place.not_found", "no such place");
    return make_error("auth.forbidden", "you have no role at this place");
  }
  return roles;
}

Result<storage::Row> place_row(Transaction& tx, const std::string& place_id) {
  auto rows = tx.query(std::string(kPlaceColumns) + "WHERE id = $1", {place_id});
  if (!rows) return rows.error();
  if (rows->empty()) return make_error("place.not_found", "no such place");
  return rows->front();
}

Result<std::string> place_code_url(Service::Impl& s, const Issuer& issuer, const std::string& id, const PlaceInfo& info) {
  Credential c;
  c.type = CredentialType::place;
  c.sub = id;
  c.iat = s.now();
  c.exp = c.iat + s.options.place_code_ttl;
  c.place = info;
  auto text = issuer.issue(c);
  if (!text) return text.error();
  return gl1_url(s.options.public_url + "citizen/", *text);
}

// Runs `work` for a signed-in caller with `need` on the place in params[0].
Answer with_place(Service::Impl& s, const Request& r, Need need,
                  const std::function<Answer(Transaction&, const Session&, const std::string&)>& work) {
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    const auto& place_id = r.params.at(0);
    if (auto roles = require_place(tx, place_id, who, need); !roles) return roles.error();
    return work(tx, who, place_id);
  });
}

Result<PlacePoster> poster_of(Transaction& tx, const std::string& place_id, const Request& r) {
  auto row = place_row(tx, place_id);
  if (!row) return row.error();
  PlacePoster poster;
  poster.place_name = row->text(1);
  poster.address = row->text(2);
  poster.category_label = row->text(3);
  poster.region = row->text(4);
  poster.place_id = row->text(0);
  poster.code_url = row->text(6);
  if (r.query.count("locale")) poster.locale = r.query.at("locale") == "en" ? "en" : "zh-CN";
  return poster;
}

Reply raw_reply(std::string body, std::string media_type) {
  Reply reply;
  reply.raw = std::move(body);
  reply.media_type = std::move(media_type);
  return reply;
}

Result<void> require_account_without_place(Transaction& tx, const std::string& account_id) {
  auto admin = tx.query("SELECT id FROM places WHERE admin_id = $1", {account_id});
  if (!admin) return admin.error();
  if (!admin->empty()) return make_error("place.admin_exists", "this account already administers a place");
  return {};
}

}  // namespace

Result<PlaceRoles> place_roles(Transaction& tx, const std::string& place_id, const std::string& account_id) {
  auto rows = tx.query(
      "SELECT p.admin_id, (SELECT COUNT(*) FROM inspector_bindings b WHERE b.place_id = p.id AND b.account_id = $2) "
      "FROM places p WHERE p.id = $1",
      {place_id, account_id});
  if (!rows) return rows.error();
  if (rows->empty()) return PlaceRoles{};
  return PlaceRoles{true, rows->front().text(0) == account_id, rows->front().integer(1) > 0};
}

Answer Service::create_place(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto region = f.text("region", 6, true, "place.invalid");
  auto address = f.text("address", 200, true, "place.invalid");
  auto category = f.text("category", 32, true, "place.invalid");
  auto name = f.text("name", 100, true, "place.invalid");
  if (auto done = f.finish(); !done) return done.error();
  if (!is_region_code(*region)) return make_error("place.invalid", "region: a 6-digit administrative division code");
  if (!is_place_category(*category)) return make_error("place.invalid", "category: not a place category (docs/format.md)");

  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto free = require_account_without_place(tx, who.account_id); !free) return free.error();
    auto id = new_id("pl-");
    auto keys = s.signing_keys(tx);
    if (!keys) return keys.error();
    auto url = place_code_url(s, (*keys)->place, id, PlaceInfo{*name, *category, *region, *address});
    if (!url) return url.error();
    auto code = new_declaration_code();
    auto saved = tx.query(
        "INSERT INTO places (id, admin_id, region, address, category, name, declaration_code_enc, declaration_code_hash, "
        "code_text, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {id, who.account_id, *region, *address, *category, *name, s.vault.seal(code),
         s.vault.lookup_hash("declaration", code), *url, static_cast<std::int64_t>(s.now())});
    if (!saved) {
      // Two creations racing for the same admin: the UNIQUE constraint decides.
      if (saved.error().code == "storage.constraint") return make_error("place.admin_exists", "this account already administers a place");
      return saved.error();
    }
    auto row = place_row(tx, id);
    if (!row) return row.error();
    auto place = place_json(s, tx, *row, true);
    if (!place) return place.error();
    return json_reply(std::move(*place), true);
  });
}

Answer Service::get_place(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto roles = require_place(tx, r.params.at(0), who, Need::viewer);
    if (!roles) return roles.error();
    auto row = place_row(tx, r.params.at(0));
    if (!row) return row.error();
    auto place = place_json(s, tx, *row, roles->admin);
    if (!place) return place.error();
    return json_reply(std::move(*place));
  });
}

Answer Service::place_poster_svg(const Request& r) {
  return with_place(*impl_, r, Need::admin, [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
    auto poster = poster_of(tx, place_id, r);
    if (!poster) return poster.error();
    auto svg = render_place_poster_svg(*poster);
    if (!svg) return svg.error();
    return raw_reply(std::move(*svg), "image/svg+xml");
  });
}

Answer Service::place_poster_png(const Request& r) {
  return with_place(*impl_, r, Need::admin, [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
    auto poster = poster_of(tx, place_id, r);
    if (!poster) return poster.error();
    auto png = render_place_poster_png(*poster);
    if (!png) return png.error();
    return raw_reply(std::move(*png), "image/png");
  });
}

Answer Service::rotate_declaration_code(const Request& r) {
  auto& s = *impl_;
  return with_place(s, r, Need::admin, [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
    auto code = new_declaration_code();
    auto done = tx.query("UPDATE places SET declaration_code_enc = $2, declaration_code_hash = $3 WHERE id = $1",
                         {place_id, s.vault.seal(code), s.vault.lookup_hash("declaration", code)});
    if (!done) return done.error();
    return json_reply({{"declarationCode", code}});
  });
}

// A transfer is an offer to a phone number, accepted (or declined) by that phone's account: the admin's
// request answers the same whether or not the phone has an account or already administers a place, so it
// cannot be used to find out who uses Greenlight. The place moves only on acceptance.
namespace {

constexpr std::int64_t kOfferTtl = 7 * 86400;

json offer_json(Service::Impl& s, const storage::Row& row) {
  // id, place_id, phone_enc, created_at, expires_at
  return {{"id", row.text(0)},
          {"placeId", row.text(1)},
          {"phone", mask_phone(open_or_empty(s.vault, row.optional_text(2)))},
          {"createdAt", row.integer(3)},
          {"expiresAt", row.integer(4)}};
}

// The caller's pending offer `offer_id`, if it is addressed to the caller's phone, live, and still made by
// the place's admin. Errors: offer.not_found.
Result<storage::Row> offer_for(Service::Impl& s, Transaction& tx, const std::string& offer_id, const Session& who) {
  auto rows = tx.query(
      "SELECT o.id, o.place_id, o.from_account FROM place_offers o JOIN accounts a ON a.phone_hash = o.phone_hash "
      "JOIN places p ON p.id = o.place_id AND p.admin_id = o.from_account "
      "WHERE o.id = $1 AND a.id = $2 AND o.expires_at > $3",
      {offer_id, who.account_id, static_cast<std::int64_t>(s.now())});
  if (!rows) return rows.error();
  if (rows->empty()) return make_error("offer.not_found", "no such pending offer to you");
  return rows->front();
}

}  // namespace

Answer Service::transfer_place(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto phone = f.text("phone", 20);
  if (auto done = f.finish(); !done) return done.error();
  if (auto ok = check_phone(*phone); !ok) return ok.error();
  return with_place(s, r, Need::admin, [&](Transaction& tx, const Session& who, const std::string& place_id) -> Answer {
    auto phone_hash = s.vault.lookup_hash("phone", *phone);
    // Only the admin's own phone is refused: that says nothing the admin does not know.
    auto mine = tx.query("SELECT 1 FROM accounts WHERE id = $1 AND phone_hash = $2", {who.account_id, phone_hash});
    if (!mine) return mine.error();
    if (!mine->empty()) return make_error("place.admin_exists", "you already administer this place");
    auto now = static_cast<std::int64_t>(s.now());
    auto id = new_id("po-");
    // One pending offer per place: a new one replaces it.
    auto saved = tx.query(
        "INSERT INTO place_offers (id, place_id, from_account, phone_hash, phone_enc, created_at, expires_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (place_id) DO UPDATE SET id = $1, from_account = $3, "
        "phone_hash = $4, phone_enc = $5, created_at = $6, expires_at = $7",
        {id, place_id, who.account_id, phone_hash, s.vault.seal(*phone), now, now + kOfferTtl});
    if (!saved) return saved.error();
    if (auto a = write_audit(s, tx, who.account_id, "place.transfer_offer", place_id, "transfer", {{"offerId", id}}); !a)
      return a.error();
    return json_reply({{"id", id}, {"placeId", place_id}, {"phone", mask_phone(*phone)}, {"createdAt", now}, {"expiresAt", now + kOfferTtl}});
  });
}

Answer Service::place_offer(const Request& r) {
  auto& s = *impl_;
  return with_place(s, r, Need::admin, [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
    auto rows = tx.query("SELECT id, place_id, phone_enc, created_at, expires_at FROM place_offers WHERE place_id = $1 AND expires_at > $2",
                         {place_id, static_cast<std::int64_t>(s.now())});
    if (!rows) return rows.error();
    return json_reply({{"offer", rows->empty() ? json(nullptr) : offer_json(s, rows->front())}});
  });
}

Answer Service::cancel_place_offer(const Request& r) {
  auto& s = *impl_;
  return with_place(s, r, Need::admin, [&](Transaction& tx, const Session& who, const std::string& place_id) -> Answer {
    auto done = tx.query("DELETE FROM place_offers WHERE place_id = $1 RETURNING id", {place_id});
    if (!done) return done.error();
    if (done->empty()) return make_error("offer.not_found", "this place has no pending offer");
    if (auto a = write_audit(s, tx, who.account_id, "place.transfer_cancel", place_id, "transfer", {{"offerId", done->front().text(0)}}); !a)
      return a.error();
    return json_reply(nullptr);
  });
}

Answer Service::my_place_offers(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto rows = tx.query(
        "SELECT o.id, p.id, p.name, p.address, p.category, p.region, f.phone_enc, o.created_at, o.expires_at "
        "FROM place_offers o JOIN accounts a ON a.phone_hash = o.phone_hash JOIN places p ON p.id = o.place_id "
        "AND p.admin_id = o.from_account JOIN accounts f ON f.id = o.from_account "
        "WHERE a.id = $1 AND o.expires_at > $2 ORDER BY o.created_at, o.id",
        {who.account_id, static_cast<std::int64_t>(s.now())});
    if (!rows) return rows.error();
    json offers = json::array();
    for (const auto& row : rows->rows)
      offers.push_back({{"id", row.text(0)},
                        {"place", {{"id", row.text(1)}, {"name", row.text(2)}, {"address", row.text(3)}, {"category", row.text(4)}, {"region", row.text(5)}}},
                        {"from", mask_phone(open_or_empty(s.vault, row.optional_text(6)))},
                        {"createdAt", row.integer(7)},
                        {"expiresAt", row.integer(8)}});
    return json_reply({{"offers", offers}});
  });
}

Answer Service::accept_place_offer(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto offer = offer_for(s, tx, r.params.at(0), who);
    if (!offer) return offer.error();
    auto place_id = offer->text(1);
    // One place per admin; this answer goes to the recipient only.
    if (auto free = require_account_without_place(tx, who.account_id); !free) return free.error();
    if (auto done = tx.query("UPDATE places SET admin_id = $2 WHERE id = $1", {place_id, who.account_id}); !done) return done.error();
    if (auto d = tx.query("DELETE FROM place_offers WHERE id = $1", {offer->text(0)}); !d) return d.error();
    if (auto a = write_audit(s, tx, who.account_id, "place.transfer_accept", place_id, "transfer",
                             {{"offerId", offer->text(0)}, {"from", offer->text(2)}});
        !a)
      return a.error();
    auto row = place_row(tx, place_id);
    if (!row) return row.error();
    auto place = place_json(s, tx, *row, true);
    if (!place) return place.error();
    return json_reply(std::move(*place));
  });
}

Answer Service::decline_place_offer(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto offer = offer_for(s, tx, r.params.at(0), who);
    if (!offer) return offer.error();
    if (auto d = tx.query("DELETE FROM place_offers WHERE id = $1", {offer->text(0)}); !d) return d.error();
    if (auto a = write_audit(s, tx, who.account_id, "place.transfer_decline", offer->text(1), "transfer", {{"offerId", offer->text(0)}}); !a)
      return a.error();
    return json_reply(nullptr);
  });
}

Answer Service::list_inspectors(const Request& r) {
  auto& s = *impl_;
  return with_place(s, r, Need::admin, [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
    auto rows = tx.query(
        "SELECT a.id, a.phone_enc, p.name_enc, b.bound_at FROM inspector_bindings b JOIN accounts a ON a.id = b.account_id "
        "LEFT JOIN people p ON p.account_id = a.id WHERE b.place_id = $1 ORDER BY b.bound_at, a.id",
        {place_id});
    if (!rows) return rows.error();
    json list = json::array();
    for (const auto& row : rows->rows) {
      auto phone = s.vault.open(row.text(1));
      auto name = row.is_null(2) ? Result<std::string>(std::string()) : s.vault.open(row.text(2));
      list.push_back({{"id", row.text(0)},
                      {"phone", phone ? mask_phone(*phone) : ""},
                      {"name", name && !name->empty() ? json(mask_name(*name)) : json(nullptr)},
                      {"boundAt", row.integer(3)}});
    }
    return json_reply({{"inspectors", list}});
  });
}

Answer Service::unbind_inspector(const Request& r) {
  return with_place(*impl_, r, Need::admin, [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
    auto done = tx.query("DELETE FROM inspector_bindings WHERE place_id = $1 AND account_id = $2", {place_id, r.params.at(1)});
    if (!done) return done.error();
    if (done->affected == 0) return make_error("inspector.not_found", "that account is not an inspector here");
    return json_reply(nullptr);
  });
}

Answer Service::list_checkpoints(const Request& r) {
  return with_place(*impl_, r, Need::staff, [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
    auto list = checkpoints_json(tx, place_id);
    if (!list) return list.error();
    return json_reply({{"checkpoints", *list}});
  });
}

Answer Service::add_checkpoint(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto name = f.text("name", 64, true, "checkpoint.invalid");
  if (auto done = f.finish(); !done) return done.error();
  return with_place(s, r, Need::admin, [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
    auto id = new_id("cp-");
    auto saved = tx.query(
        "INSERT INTO checkpoints (id, place_id, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (place_id, name) DO NOTHING",
        {id, place_id, *name, static_cast<std::int64_t>(s.now())});
    if (!saved) return saved.error();
    if (saved->affected == 0) return make_error("checkpoint.exists", "a checkpoint with this name exists");
    return json_reply({{"id", id}, {"name", *name}}, true);
  });
}

Answer Service::remove_checkpoint(const Request& r) {
  return with_place(*impl_, r, Need::admin, [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
    auto done = tx.query("DELETE FROM checkpoints WHERE place_id = $1 AND id = $2", {place_id, r.params.at(1)});
    if (!done) return done.error();
    if (done->affected == 0) return make_error("checkpoint.not_found", "no such checkpoint here");
    return json_reply(nullptr);
  });
}

Answer Service::bind_inspector(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto code = f.text("declarationCode", 32);
  if (auto done = f.finish(); !done) return done.error();
  auto now = s.now();
  return s.run_keeping([&](Transaction& tx) -> Answer {
    auto who = s.authenticate(tx, r);
    if (!who) return who.error();
    if (auto counted = count_event(tx, "bind:" + who->account_id, 20, 3600, now); !counted) return counted.error();
    auto place = tx.query(std::string(kPlaceColumns) + "WHERE declaration_code_hash = $1",
                          {s.vault.lookup_hash("declaration", normalize_declaration_code(*code))});
    if (!place) return place.error();
    if (place->empty()) return make_error("place.declaration_code", "no place has this declaration code");
    auto bound = tx.query(
        "INSERT INTO inspector_bindings (place_id, account_id, bound_at) VALUES ($1, $2, $3) ON CONFLICT (place_id, account_id) DO NOTHING",
        {place->front().text(0), who->account_id, static_cast<std::int64_t>(now)});
    if (!bound) return bound.error();
    auto out = place_json(s, tx, place->front(), false);
    if (!out) return out.error();
    return json_reply(std::move(*out));
  });
}

Answer Service::inspector_places(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto rows = tx.query(
        "SELECT p.id, p.name, p.address, p.category, p.region, p.created_at, p.code_text, p.declaration_code_enc "
        "FROM inspector_bindings b JOIN places p ON p.id = b.place_id WHERE b.account_id = $1 ORDER BY b.bound_at, p.id",
        {who.account_id});
    if (!rows) return rows.error();
    json list = json::array();
    for (const auto& row : rows->rows) {
      auto place = place_json(s, tx, row, false);
      if (!place) return place.error();
      list.push_back(std::move(*place));
    }
    return json_reply({{"places", list}});
  });
}

Answer Service::leave_place(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto done = tx.query("DELETE FROM inspector_bindings WHERE place_id = $1 AND account_id = $2", {r.params.at(0), who.account_id});
    if (!done) return done.error();
    if (done->affected == 0) return make_error("place.not_found", "you are not bound to this place");
    return json_reply(nullptr);
  });
}

}  // namespace greenlight::service
