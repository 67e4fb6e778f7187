// Proxy codes: printed once for a relative without a phone; the creator is their emergency contact.
// Regenerating or deleting revokes the old code's subject through the status list.
//
// Only for people without an account of their own, and only for a record the creator made (or opens with the
// claim code printed on its card): a stranger's ID number and name must not buy a proxy, nor the answers
// tell whether a name goes with an ID number. The list shows the status a card was printed with, never the
// person's current one (the creator is not the one to follow it).
#include <ctime>

#include "greenlight/qr/printable.hpp"
#include "greenlight/qr/qr_image.hpp"
#include "impl.hpp"
#include "../store/proxies.hpp"

namespace greenlight::service {
namespace {

constexpr std::int64_t kLiveProxiesPerCitizen = 10;
constexpr std::uint32_t kProxiesCreatedPerCitizenPerDay = 20;

using store::ProxyRecord;

json proxy_json(const Service::Impl& s, const ProxyRecord& proxy) {
  auto phone = open_or_empty(s.vault, proxy.phone_enc);
  return {{"id", proxy.id},
          {"name", mask_name(open_or_empty(s.vault, proxy.name_enc))},
          {"idNumber", mask_id_number(open_or_empty(s.vault, proxy.id_number_enc))},
          {"phone", phone.empty() ? json(nullptr) : json(mask_phone(phone))},
          {"status", proxy.issued_status},
          {"issuedAt", proxy.issued_at},
          {"expiresAt", proxy.expires_at},
          {"revokedAt", proxy.revoked_at ? json(*proxy.revoked_at) : json(nullptr)}};
}

Result<ProxyRecord> my_proxy(Transaction& tx, const std::string& proxy_id, const std::string& account_id) {
  auto proxy = store::proxy_of_creator(tx, proxy_id, account_id);
  if (!proxy) return proxy.error();
  if (!*proxy) return make_error("proxy.not_found", "no such proxy of yours");
  return std::move(**proxy);
}

// Signs a new proxy code for person_id and stores it; returns the proxy with text and SVG.
Answer issue_proxy(Service::Impl& s, Transaction& tx, const std::string& person_id, const std::string& creator_id) {
  auto person = person_by_id(tx, person_id);
  if (!person) return person.error();
  auto seq = current_status_seq(tx);
  if (!seq) return seq.error();
  auto creator_phone = account_phone(s, tx, creator_id);
  if (!creator_phone) return creator_phone.error();
  auto name = s.vault.open((*person)->name_enc);
  if (!name) return name.error();

  Credential c;
  c.type = CredentialType::proxy;
  c.sub = new_subject();
  c.iat = s.now();
  c.exp = c.iat + s.options.proxy_ttl;
  c.status = health_status_from((*person)->status);
  c.name = mask_name(*name);
  if ((*person)->phone_enc) {
    if (auto phone = s.vault.open(*(*person)->phone_enc)) c.phone = mask_phone(*phone);
  }
  c.contact = mask_phone(*creator_phone);
  c.seq = static_cast<std::uint64_t>(*seq);
  // Printed and long-lived: the itinerary as of now (checkpoints scan proxy codes, so it has their visits).
  auto travel = code_travel(s, tx, **person, c.iat);
  if (!travel) return travel.error();
  c.itinerary = std::move(travel->itinerary);
  auto keys = s.signing_keys(tx);
  if (!keys) return keys.error();
  auto text = (*keys)->proxy.issue(c);
  if (!text) return text.error();
  auto svg = render_qr_svg(*text);
  if (!svg) return svg.error();

  auto id = new_id("px-");
  auto saved = store::insert_proxy(tx, {id, person_id, creator_id, c.sub, *text, static_cast<std::int64_t>(c.iat),
                                        static_cast<std::int64_t>(c.exp), (*person)->status});
  if (!saved) return saved.error();
  // The holder's way to an account of their own: a claim code, printed on the card (until claimed) and
  // nowhere else, so it goes where the card goes.
  if (!(*person)->account_id) {
    auto claim = store::claim_code_enc(tx, person_id);
    if (!claim) return claim.error();
    if (!*claim) {
      auto code = new_claim_code();
      auto stored = store::set_claim_code(tx, person_id, s.vault.seal(code), s.vault.lookup_hash("claim", code));
      if (!stored) return stored.error();
    }
  }
  auto row = my_proxy(tx, id, creator_id);
  if (!row) return row.error();
  auto out = proxy_json(s, *row);
  out["text"] = *text;
  out["svg"] = *svg;
  return json_reply(std::move(out), true);
}

// Marks the proxy revoked and publishes its subject as revoked.
Result<void> revoke(Service::Impl& s, Transaction& tx, const ProxyRecord& proxy,
                    const std::optional<std::string>& replaced_by) {
  if (proxy.revoked_at) return make_error("proxy.revoked", "this proxy code is already revoked");
  auto done = store::mark_proxy_revoked(tx, proxy.id, static_cast<std::int64_t>(s.now()), replaced_by);
  if (!done) return done.error();
  if (auto q = publish_revocation(s, tx, proxy.subject, proxy.expires_at); !q) return q.error();
  return {};
}

// The person a proxy is for: a new record, or the one already known with this ID number when the creator made
// it (they are its emergency contact) or gives the claim code printed on its card. Anything else, an account
// holder included, is one answer (proxy.person_exists) whatever the name, so no name is confirmed.
Result<std::string> proxy_person(Service::Impl& s, Transaction& tx, const std::string& name,
                                 const std::string& id_number, const std::optional<std::string>& phone,
                                 const std::optional<std::string>& claim_code, const std::string& creator_id) {
  auto id_hash = s.vault.lookup_hash("id", id_number);
  auto known = people_by_id_number(tx, id_hash);
  if (!known) return known.error();
  if (!known->empty()) {
    const auto& person = known->front();
    auto record = store::claim_state(tx, person.id);
    if (!record) return record.error();
    bool made_by_creator = record->emergency_contact_id == creator_id;
    bool claimed = claim_code && claim_code_matches(s, record->claim_code_hash, *claim_code);
    if (known->size() > 1 || person.account_id || !(made_by_creator || claimed) ||
        open_or_empty(s.vault, person.name_enc) != name)
      return make_error(
          "proxy.person_exists",
          "this person is already registered (with an account of their own or a printed card): ask for the "
          "claim code printed on their card, or go to a service counter");
    auto contact = store::set_emergency_contact_if_none(tx, person.id, creator_id);
    if (!contact) return contact.error();
    return person.id;
  }
  auto id = new_id("h-");
  auto created = store::insert_vouched_person(
      tx,
      {id, new_subject(), s.vault.seal(name), s.vault.seal(id_number), id_hash,
       phone ? std::optional<std::string>(s.vault.seal(*phone)) : std::nullopt,
       phone ? std::optional<std::string>(s.vault.lookup_hash("phone", *phone)) : std::nullopt,
       static_cast<std::int64_t>(s.now())},
      creator_id);
  if (!created) return created.error();
  return id;
}

std::string date_of(std::int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch + 8 * 3600);  // printed for China Standard Time
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[16];
  std::strftime(out, sizeof out, "%Y-%m-%d", &tm);
  return out;
}

}  // namespace

Answer Service::create_proxy(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto name = f.text("name", 64, true, "person.name");
  auto id_number = f.text("idNumber", 18, true, "person.id_number");
  auto phone = f.text("phone", 20, false, "person.phone");
  auto claim_code = f.text("claimCode", 20, false, "person.claim_invalid");
  if (auto done = f.finish(); !done) return done.error();
  if (auto ok = check_name(*name); !ok) return ok.error();
  if (auto ok = check_id_number(*id_number); !ok) return ok.error();
  if (phone) {
    if (auto ok = check_phone(*phone); !ok) return ok.error();
  }
  if (claim_code)
    if (auto counted = count_claim_attempt(s, r); !counted) return counted.error();
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto me = person_of_account(tx, who.account_id);
    if (!me) return me.error();
    if (!*me) return make_error("person.identity_required", "enter your own real-name details first");
    auto live = store::live_proxy_count(tx, who.account_id);
    if (!live) return live.error();
    if (*live >= kLiveProxiesPerCitizen) return make_error("proxy.limit", "you already have 10 live proxy codes");
    if (auto counted =
            count_event(tx, "proxy-create:" + who.account_id, kProxiesCreatedPerCitizenPerDay, 86400, s.now());
        !counted)
      return counted.error();
    auto person = proxy_person(s, tx, *name, *id_number, phone, claim_code, who.account_id);
    if (!person) return person.error();
    auto issued = issue_proxy(s, tx, *person, who.account_id);
    if (!issued) return issued;
    if (auto a = write_audit(s, tx, who.account_id, "proxy.create", *person, "printed proxy code",
                             {{"proxyId", issued->body["id"]}});
        !a)
      return a.error();
    return issued;
  });
}

Answer Service::list_proxies(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto proxies = store::proxies_of_creator(tx, who.account_id);
    if (!proxies) return proxies.error();
    json list = json::array();
    for (const auto& proxy : *proxies) list.push_back(proxy_json(s, proxy));
    return json_reply({{"proxies", list}});
  });
}

Answer Service::proxy_card(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto proxy = my_proxy(tx, r.params.at(0), who.account_id);
    if (!proxy) return proxy.error();
    if (proxy->revoked_at) return make_error("proxy.revoked", "this proxy code was revoked");
    auto creator_phone = account_phone(s, tx, who.account_id);
    if (!creator_phone) return creator_phone.error();
    ProxyCard card;
    card.masked_name = mask_name(open_or_empty(s.vault, proxy->name_enc));
    card.masked_id_number = mask_id_number(open_or_empty(s.vault, proxy->id_number_enc));
    card.issued_date = date_of(proxy->issued_at);
    card.code_text = proxy->code_text;
    card.emergency_contact_masked_phone = mask_phone(*creator_phone);
    card.claim_code = open_or_empty(s.vault, proxy->claim_code_enc);
    card.locale = r.query.count("locale") && r.query.at("locale") == "en" ? "en" : "zh-CN";
    auto html = render_proxy_card_html(card);
    if (!html) return html.error();
    Reply reply;
    reply.raw = std::move(*html);
    reply.media_type = "text/html; charset=utf-8";
    return reply;
  });
}

Answer Service::regenerate_proxy(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto old = my_proxy(tx, r.params.at(0), who.account_id);
    if (!old) return old.error();
    if (old->revoked_at) return make_error("proxy.revoked", "this proxy code is already revoked");
    auto person = person_by_id(tx, old->person_id);
    if (!person) return person.error();
    if (*person && (*person)->account_id)
      return make_error("proxy.person_exists", "this person now has an account of their own and shows their own code");
    auto fresh = issue_proxy(s, tx, old->person_id, who.account_id);
    if (!fresh) return fresh;
    if (auto done = revoke(s, tx, *old, fresh->body["id"].get<std::string>()); !done) return done.error();
    return fresh;
  });
}

Answer Service::revoke_proxy(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto proxy = my_proxy(tx, r.params.at(0), who.account_id);
    if (!proxy) return proxy.error();
    if (auto done = revoke(s, tx, *proxy, std::nullopt); !done) return done.error();
    auto row = my_proxy(tx, r.params.at(0), who.account_id);
    if (!row) return row.error();
    return json_reply(proxy_json(s, *row));
  });
}

}  // namespace greenlight::service
