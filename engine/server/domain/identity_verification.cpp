// Identity verification at a service counter (docs/api.md "Authority"): staff saw the ID card, so the account
// with the given phone becomes the verified holder of the ID number. It is the one way to take an ID number
// back from an account that typed it first (squatting): that record is moved aside, its own visits kept.
#include "../store/authority_queries.hpp"
#include "impl.hpp"

namespace greenlight::service {

Answer Service::verify_identity(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto phone = f.text("phone", 20, true, "person.phone");
  auto name = f.text("name", 64, true, "person.name");
  auto id_number = f.text("idNumber", 18, true, "person.id_number");
  auto reason = stated_reason(f);
  if (auto done = f.finish(); !done) return done.error();
  if (auto ok = check_phone(*phone); !ok) return ok.error();
  if (auto ok = check_name(*name); !ok) return ok.error();
  if (auto ok = check_id_number(*id_number); !ok) return ok.error();
  auto id_hash = s.vault.lookup_hash("id", *id_number);
  auto phone_hash = s.vault.lookup_hash("phone", *phone);

  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    auto account = store::account_id_by_phone_hash(tx, phone_hash);
    if (!account) return account.error();
    if (!*account) return make_error("account.not_found", "no account signs in with this phone: sign in once first");
    auto account_id = **account;
    auto mine = person_of_account(tx, account_id);
    if (!mine) return mine.error();
    if (*mine && open_or_empty(s.vault, (*mine)->id_number_enc) != *id_number)
      return make_error("person.identity_exists", "this account's real-name details hold another ID number");
    auto known = people_by_id_number(tx, id_hash);
    if (!known) return known.error();

    // The record that becomes the holder's: the account's own, else one a relative or counter made for the
    // number (no account yet), else a new one.
    std::optional<std::string> existing = *mine ? std::optional<std::string>((*mine)->id) : std::nullopt;
    for (const auto& p : *known)
      if (!existing && !p.account_id) existing = p.id;
    auto target = existing.value_or(new_id("h-"));
    json superseded = json::array();
    for (const auto& p : *known) {
      if (p.id == target) continue;
      if (p.assurance == "verified")
        return make_error("person.identity_exists", "another account was verified as this ID number's holder");
      // Squatted (or a duplicate made before one record per ID number): no longer found by the number.
      auto moved = store::supersede_person(tx, p.id, target, "superseded:" + p.id);
      if (!moved) return moved.error();
      superseded.push_back(p.id);
    }
    auto now = static_cast<std::int64_t>(s.now());
    auto sealed_phone = s.vault.seal(*phone);
    auto done =
        existing
            ? store::make_verified_holder(tx, target, account_id, s.vault.seal(*name), sealed_phone, phone_hash)
            : store::insert_verified_person(tx, {target, account_id, new_subject(), s.vault.seal(*name),
                                                 s.vault.seal(*id_number), id_hash, sealed_phone, phone_hash, now});
    if (!done) return done.error();
    if (auto a = write_audit(s, tx, who.account_id, "identity.verify", target, *reason, {{"superseded", superseded}});
        !a)
      return a.error();
    auto person = person_by_id(tx, target);
    if (!person) return person.error();
    auto out = masked_person(s, **person);
    out["assurance"] = "verified";
    return json_reply({{"person", out}, {"superseded", superseded}});
  });
}

}  // namespace greenlight::service
