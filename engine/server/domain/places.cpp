// Places: creation (one per admin), the poster, declaration codes, admin transfer, checkpoints, and the
// inspectors who bind with the declaration code.
#include "greenlight/gl1_text.hpp"
#include "greenlight/qr/printable.hpp"
#include "impl.hpp"
#include "../store/places.hpp"

namespace greenlight::service {
namespace {

enum class Need { admin, staff, viewer };  // staff = admin or inspector; viewer = staff or authority

using store::PlaceRecord;

Result<json> checkpoints_json(Transaction& tx, const std::string& place_id) {
  auto rows = store::place_checkpoints(tx, place_id);
  if (!rows) return rows.error();
  json list = json::array();
  for (const auto& cp : *rows) list.push_back({{"id", cp.id}, {"name", cp.name}});
  return list;
}

Result<json> place_json(Service::Impl& s, Transaction& tx, const PlaceRecord& row, bool with_secret) {
  auto checkpoints = checkpoints_json(tx, row.id);
  if (!checkpoints) return checkpoints.error();
  json place = {{"id", row.id},           {"name", row.name},
                {"address", row.address}, {"category", row.category},
                {"region", row.region},   {"createdAt", row.created_at},
                {"code", row.code_text},  {"checkpoints", *checkpoints}};
  if (with_secret) {
    auto code = s.vault.open(row.declaration_code_enc);
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
  bool allowed = need == Need::admin   ? roles->admin
                 : need == Need::staff ? roles->admin || roles->inspector
                                       : roles->admin || roles->inspector || who.authority;
  if (!allowed) {
    if (who.authority && !roles->exists) return make_error("place.not_found", "no such place");
    return make_error("auth.forbidden", "you have no role at this place");
  }
  return roles;
}

Result<PlaceRecord> place_row(Transaction& tx, const std::string& place_id) {
  auto place = store::place_by_id(tx, place_id);
  if (!place) return place.error();
  if (!*place) return make_error("place.not_found", "no such place");
  return std::move(**place);
}

Result<std::string> place_code_url(Service::Impl& s, const Issuer& issuer, const std::string& id,
                                   const PlaceInfo& info) {
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
  poster.place_name = row->name;
  poster.address = row->address;
  poster.category_label = row->category;
  poster.region = row->region;
  poster.place_id = row->id;
  poster.code_url = row->code_text;
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
  auto admin = store::account_administers_a_place(tx, account_id);
  if (!admin) return admin.error();
  if (*admin) return make_error("place.admin_exists", "this account already administers a place");
  return {};
}

}  // namespace

Result<PlaceRoles> place_roles(Transaction& tx, const std::string& place_id, const std::string& account_id) {
  auto access = store::place_access(tx, place_id, account_id);
  if (!access) return access.error();
  if (!*access) return PlaceRoles{};
  return PlaceRoles{true, (*access)->admin_id == account_id, (*access)->bindings > 0};
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
  if (!is_place_category(*category))
    return make_error("place.invalid", "category: not a place category (docs/format.md)");

  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto free = require_account_without_place(tx, who.account_id); !free) return free.error();
    auto id = new_id("pl-");
    auto keys = s.signing_keys(tx);
    if (!keys) return keys.error();
    auto url = place_code_url(s, (*keys)->place, id, PlaceInfo{*name, *category, *region, *address});
    if (!url) return url.error();
    auto code = new_declaration_code();
    auto saved =
        store::insert_place(tx, {id, who.account_id, *region, *address, *category, *name, s.vault.seal(code),
                                 s.vault.lookup_hash("declaration", code), *url, static_cast<std::int64_t>(s.now())});
    if (!saved) {
      // Two creations racing for the same admin: the UNIQUE constraint decides.
      if (saved.error().code == "storage.constraint")
        return make_error("place.admin_exists", "this account already administers a place");
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
  return with_place(*impl_, r, Need::admin,
                    [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
                      auto poster = poster_of(tx, place_id, r);
                      if (!poster) return poster.error();
                      auto svg = render_place_poster_svg(*poster);
                      if (!svg) return svg.error();
                      return raw_reply(std::move(*svg), "image/svg+xml");
                    });
}

Answer Service::place_poster_png(const Request& r) {
  return with_place(*impl_, r, Need::admin,
                    [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
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
    auto done = store::set_declaration_code(tx, place_id, s.vault.seal(code), s.vault.lookup_hash("declaration", code));
    if (!done) return done.error();
    return json_reply({{"declarationCode", code}});
  });
}

// A transfer is an offer to a phone number, accepted (or declined) by that phone's account: the admin's
// request answers the same whether or not the phone has an account or already administers a place, so it
// cannot be used to find out who uses Greenlight. The place moves only on acceptance.
namespace {

constexpr std::int64_t kOfferTtl = 7 * 86400;

json offer_json(Service::Impl& s, const store::OfferRecord& offer) {
  return {{"id", offer.id},
          {"placeId", offer.place_id},
          {"phone", mask_phone(open_or_empty(s.vault, offer.phone_enc))},
          {"createdAt", offer.created_at},
          {"expiresAt", offer.expires_at}};
}

// The caller's pending offer `offer_id`, if it is addressed to the caller's phone, live, and still made by
// the place's admin. Errors: offer.not_found.
Result<store::OfferToAccount> offer_for(Service::Impl& s, Transaction& tx, const std::string& offer_id,
                                        const Session& who) {
  auto offer = store::live_offer_to(tx, offer_id, who.account_id, static_cast<std::int64_t>(s.now()));
  if (!offer) return offer.error();
  if (!*offer) return make_error("offer.not_found", "no such pending offer to you");
  return std::move(**offer);
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
    auto mine = store::account_has_phone(tx, who.account_id, phone_hash);
    if (!mine) return mine.error();
    if (*mine) return make_error("place.admin_exists", "you already administer this place");
    auto now = static_cast<std::int64_t>(s.now());
    auto id = new_id("po-");
    // One pending offer per place: a new one replaces it.
    auto saved = store::put_place_offer(
        tx, {id, place_id, who.account_id, phone_hash, s.vault.seal(*phone), now, now + kOfferTtl});
    if (!saved) return saved.error();
    if (auto a = write_audit(s, tx, who.account_id, "place.transfer_offer", place_id, "transfer", {{"offerId", id}});
        !a)
      return a.error();
    return json_reply({{"id", id},
                       {"placeId", place_id},
                       {"phone", mask_phone(*phone)},
                       {"createdAt", now},
                       {"expiresAt", now + kOfferTtl}});
  });
}

Answer Service::place_offer(const Request& r) {
  auto& s = *impl_;
  return with_place(s, r, Need::admin, [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
    auto offer = store::live_offer_of_place(tx, place_id, static_cast<std::int64_t>(s.now()));
    if (!offer) return offer.error();
    return json_reply({{"offer", !*offer ? json(nullptr) : offer_json(s, **offer)}});
  });
}

Answer Service::cancel_place_offer(const Request& r) {
  auto& s = *impl_;
  return with_place(s, r, Need::admin, [&](Transaction& tx, const Session& who, const std::string& place_id) -> Answer {
    auto done = store::delete_offer_of_place(tx, place_id);
    if (!done) return done.error();
    if (!*done) return make_error("offer.not_found", "this place has no pending offer");
    if (auto a =
            write_audit(s, tx, who.account_id, "place.transfer_cancel", place_id, "transfer", {{"offerId", **done}});
        !a)
      return a.error();
    return json_reply(nullptr);
  });
}

Answer Service::my_place_offers(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto rows = store::live_offers_to(tx, who.account_id, static_cast<std::int64_t>(s.now()));
    if (!rows) return rows.error();
    json offers = json::array();
    for (const auto& o : *rows)
      offers.push_back({{"id", o.id},
                        {"place",
                         {{"id", o.place.id},
                          {"name", o.place.name},
                          {"address", o.place.address},
                          {"category", o.place.category},
                          {"region", o.place.region}}},
                        {"from", mask_phone(open_or_empty(s.vault, o.from_phone_enc))},
                        {"createdAt", o.created_at},
                        {"expiresAt", o.expires_at}});
    return json_reply({{"offers", offers}});
  });
}

Answer Service::accept_place_offer(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto offer = offer_for(s, tx, r.params.at(0), who);
    if (!offer) return offer.error();
    auto place_id = offer->place_id;
    // One place per admin; this answer goes to the recipient only.
    if (auto free = require_account_without_place(tx, who.account_id); !free) return free.error();
    if (auto done = store::set_place_admin(tx, place_id, who.account_id); !done) return done.error();
    if (auto d = store::delete_offer(tx, offer->id); !d) return d.error();
    if (auto a = write_audit(s, tx, who.account_id, "place.transfer_accept", place_id, "transfer",
                             {{"offerId", offer->id}, {"from", offer->from_account}});
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
    if (auto d = store::delete_offer(tx, offer->id); !d) return d.error();
    if (auto a = write_audit(s, tx, who.account_id, "place.transfer_decline", offer->place_id, "transfer",
                             {{"offerId", offer->id}});
        !a)
      return a.error();
    return json_reply(nullptr);
  });
}

Answer Service::list_inspectors(const Request& r) {
  auto& s = *impl_;
  return with_place(s, r, Need::admin, [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
    auto rows = store::place_inspectors(tx, place_id);
    if (!rows) return rows.error();
    json list = json::array();
    for (const auto& inspector : *rows) {
      auto phone = s.vault.open(inspector.phone_enc);
      auto name = !inspector.name_enc ? Result<std::string>(std::string()) : s.vault.open(*inspector.name_enc);
      list.push_back({{"id", inspector.account_id},
                      {"phone", phone ? mask_phone(*phone) : ""},
                      {"name", name && !name->empty() ? json(mask_name(*name)) : json(nullptr)},
                      {"boundAt", inspector.bound_at}});
    }
    return json_reply({{"inspectors", list}});
  });
}

Answer Service::unbind_inspector(const Request& r) {
  return with_place(*impl_, r, Need::admin,
                    [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
                      auto done = store::unbind_inspector(tx, place_id, r.params.at(1));
                      if (!done) return done.error();
                      if (*done == 0) return make_error("inspector.not_found", "that account is not an inspector here");
                      return json_reply(nullptr);
                    });
}

Answer Service::list_checkpoints(const Request& r) {
  return with_place(*impl_, r, Need::staff,
                    [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
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
    auto saved = store::insert_checkpoint(tx, id, place_id, *name, static_cast<std::int64_t>(s.now()));
    if (!saved) return saved.error();
    if (*saved == 0) return make_error("checkpoint.exists", "a checkpoint with this name exists");
    return json_reply({{"id", id}, {"name", *name}}, true);
  });
}

Answer Service::remove_checkpoint(const Request& r) {
  return with_place(*impl_, r, Need::admin,
                    [&](Transaction& tx, const Session&, const std::string& place_id) -> Answer {
                      auto done = store::delete_checkpoint(tx, place_id, r.params.at(1));
                      if (!done) return done.error();
                      if (*done == 0) return make_error("checkpoint.not_found", "no such checkpoint here");
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
    auto place =
        store::place_by_declaration_code(tx, s.vault.lookup_hash("declaration", normalize_declaration_code(*code)));
    if (!place) return place.error();
    if (!*place) return make_error("place.declaration_code", "no place has this declaration code");
    auto bound = store::bind_inspector(tx, (*place)->id, who->account_id, static_cast<std::int64_t>(now));
    if (!bound) return bound.error();
    auto out = place_json(s, tx, **place, false);
    if (!out) return out.error();
    return json_reply(std::move(*out));
  });
}

Answer Service::inspector_places(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto rows = store::places_of_inspector(tx, who.account_id);
    if (!rows) return rows.error();
    json list = json::array();
    for (const auto& row : *rows) {
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
    auto done = store::unbind_inspector(tx, r.params.at(0), who.account_id);
    if (!done) return done.error();
    if (*done == 0) return make_error("place.not_found", "you are not bound to this place");
    return json_reply(nullptr);
  });
}

}  // namespace greenlight::service
