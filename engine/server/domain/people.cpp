// Citizens: real-name details, health declarations, the dynamic personal code, status publication.
#include <algorithm>
#include <unordered_map>

#include "greenlight/server/declaration.hpp"
#include "greenlight/encoding.hpp"
#include "greenlight/qr/qr_image.hpp"
#include "greenlight/status_list.hpp"
#include "impl.hpp"
#include "../store/proxies.hpp"

namespace greenlight::service {
namespace {

// The signed-in account's person, or person.identity_required.
Result<Person> require_person(Transaction& tx, const std::string& account_id) {
  auto person = person_of_account(tx, account_id);
  if (!person) return person.error();
  if (!*person) return make_error("person.identity_required", "enter your real-name details first");
  return std::move(**person);
}

int severity(const std::string& status) {
  auto s = health_status_from(status);
  return s ? static_cast<int>(*s) : 0;
}

constexpr std::uint64_t kDay = 86400;
// How far a code's issuing and a status change may lie apart on the clocks of the server processes and
// verifiers and still matter: verifiers tolerate 60 s of skew by default (kVerifierSkew), and a code whose
// status was read just before a change may be stamped just after it (my_code takes its time before it reads
// the status, a change takes its time before it commits, and another server process's clock may run ahead).
// Generous, as it only costs an entry near midnight, or kept a few minutes longer.
constexpr std::uint64_t kCodeIssueSkew = 300;
// How much later than a status change's time a code stamped with the older q may be issued (see above).
constexpr std::uint64_t kChangeCommitMargin = 5;

// expires_at: the last second at which the entry may still change a decision (docs/rules.md).
Result<void> publish_entry(Transaction& tx, std::int64_t q, const std::string& subject, const std::string& status,
                           std::uint64_t now, std::int64_t expires_at) {
  auto h = subject_hash(subject);
  return store::insert_status_entry(tx, q, base64url_encode(ByteView(h.data(), h.size())), status,
                                    static_cast<std::int64_t>(now), expires_at);
}

}  // namespace

std::string open_or_empty(const PiiVault& vault, const std::optional<std::string>& sealed) {
  if (!sealed) return "";
  auto plain = vault.open(*sealed);
  return plain ? *plain : "";
}

int status_severity(const std::string& status) { return severity(status); }

Result<void> check_name(const std::string& name) {
  auto length = printable_length(name);
  if (!length || *length == 0 || *length > 64 || name.find_first_not_of(' ') == std::string::npos)
    return make_error("person.name", "a name is 1 to 64 characters without control characters");
  return {};
}

Result<void> check_id_number(const std::string& id_number) {
  if (!is_valid_id_number(id_number))
    return make_error("person.id_number", "not a valid resident identity number (GB 11643)");
  return {};
}

Result<void> check_phone(const std::string& phone) {
  if (!is_valid_phone(phone)) return make_error("person.phone", "a mobile number is 11 digits starting with 1");
  return {};
}

Result<Person> one_person_by(Service::Impl& s, Transaction& tx, const std::string& column, const std::string& hash) {
  auto people = store::current_people_by(tx, column, hash);
  if (!people) return people.error();
  if (people->empty()) return make_error("person.not_found", "no person with these details");
  if (people->size() == 1) return std::move(people->front());
  // Never guess: an account squatting an ID number, or a family phone on several records, would otherwise
  // take the action meant for someone else.
  json candidates = json::array();
  std::string ids;
  for (const auto& p : *people) {
    auto masked = masked_person(s, p);
    masked["kind"] = p.account_id ? "account" : "proxy";
    masked["assurance"] = p.assurance;
    candidates.push_back(std::move(masked));
    ids += (ids.empty() ? "" : ", ") + p.id;
  }
  auto e =
      make_error("person.ambiguous", std::to_string(people->size()) + " people match (" + ids + "): act by personId");
  e.details = json{{"candidates", candidates}}.dump();
  return e;
}

Result<void> count_claim_attempt(Service::Impl& s, const Request& r) {
  auto counted = s.run_keeping([&](Transaction& tx) -> Answer {
    auto who = s.authenticate(tx, r);
    if (!who) return who.error();
    if (auto c = count_event(tx, "claim:" + who->account_id, 10, 3600, s.now()); !c) return c.error();
    return Reply{};
  });
  if (!counted) return counted.error();
  return {};
}

bool claim_code_matches(const Service::Impl& s, const std::optional<std::string>& claim_hash, const std::string& code) {
  return claim_hash && !code.empty() && *claim_hash == s.vault.lookup_hash("claim", normalize_claim_code(code));
}

json masked_person(const Service::Impl& s, const Person& p) {
  return {{"id", p.id},
          {"name", mask_name(open_or_empty(s.vault, p.name_enc))},
          {"idNumber", mask_id_number(open_or_empty(s.vault, p.id_number_enc))},
          {"status", p.status}};
}

Result<std::string> account_phone(Service::Impl& s, Transaction& tx, const std::string& account_id) {
  auto phone_enc = store::account_phone_enc(tx, account_id);
  if (!phone_enc) return phone_enc.error();
  if (!*phone_enc) return make_error("account.not_found", "no such account");
  return s.vault.open(**phone_enc);
}

Result<std::int64_t> publish_status(Service::Impl& s, Transaction& tx, const std::string& person_id,
                                    const std::string& status, const StatusChange& why) {
  auto before = store::person_status(tx, person_id);
  if (!before) return before.error();
  if (!*before) return make_error("person.not_found", "no such person");
  // The counter row stays locked until commit, so numbers become visible in order and a delta `since` a
  // number never misses an earlier one committed late.
  auto q = store::next_status_seq(tx);
  if (!q) return q;
  auto now = s.now();
  auto person = store::set_person_status(tx, person_id, status, *q);
  if (!person) return person.error();
  if (!*person) return make_error("person.not_found", "no such person");
  auto history = store::insert_status_change(tx, {*q, person_id, status, **before, why.source, why.case_id,
                                                  why.actor_id, why.reason, static_cast<std::int64_t>(now)});
  if (!history) return history.error();
  // Dynamic codes (only account holders have them) carry the pseudonym of their day: publish under each day
  // whose codes a verifier may still accept, or that a code read just before this change may be stamped with.
  // Always, not only for pseudonyms already in subject_pseudonyms: a code being issued concurrently may not
  // have committed its row yet, and a pseudonym no code carried reveals nothing.
  const auto& subject = (*person)->subject;
  if ((*person)->has_account) {
    // A code carrying an older q was stamped before this change commits: at most kChangeCommitMargin after
    // now (a change's transaction takes milliseconds; the margin also holds the clock differences of server
    // processes kept by NTP), and verifiers accept it for code_ttl after that plus their skew (docs/rules.md).
    auto codes_accepted_until =
        static_cast<std::int64_t>(now + s.options.code_ttl + kVerifierSkew + kChangeCommitMargin);
    for (auto day = (now - s.options.code_ttl - kCodeIssueSkew) / kDay; day <= (now + kCodeIssueSkew) / kDay; ++day)
      if (auto p = publish_entry(tx, *q, s.vault.day_pseudonym(subject, day), status, now, codes_accepted_until); !p)
        return p.error();
    if (static_cast<std::int64_t>(now) <= s.legacy_subject_codes_until)
      if (auto p = publish_entry(tx, *q, subject, status, now, codes_accepted_until); !p) return p.error();
  }
  // A printed proxy code carries its own exp: its entries are needed until then (and the skew), not longer.
  auto proxies = store::live_proxy_subjects(tx, person_id);
  if (!proxies) return proxies.error();
  for (const auto& proxy : *proxies) {
    auto accepted_until = proxy.expires_at + kVerifierSkew;
    if (accepted_until < static_cast<std::int64_t>(now)) continue;  // no verifier accepts it any more
    if (auto p = publish_entry(tx, *q, proxy.subject, status, now, accepted_until); !p) return p.error();
  }
  return q;
}

Result<std::string> day_pseudonym_for(Service::Impl& s, Transaction& tx, const Person& person, std::uint64_t at) {
  auto day = at / kDay;
  auto pseudonym = s.vault.day_pseudonym(person.subject, day);
  auto recorded = store::record_day_pseudonym(tx, pseudonym, person.id, static_cast<std::int64_t>(day),
                                              static_cast<std::int64_t>(at));
  if (!recorded) return recorded.error();
  return pseudonym;
}

Result<void> start_legacy_subject_window(Service::Impl& s, Transaction& tx) {
  // A day covers codes still on screens (code_ttl) and a rolling upgrade whose older processes still issue them.
  auto until = static_cast<std::int64_t>(s.now() + s.options.code_ttl + kDay);
  auto fixed = store::fix_legacy_subject_codes_until(tx, until);
  if (!fixed) return fixed.error();
  s.legacy_subject_codes_until = *fixed;
  return {};
}

Result<std::int64_t> publish_revocation(Service::Impl& s, Transaction& tx, const std::string& subject,
                                        std::int64_t credential_expires_at) {
  auto q = store::next_status_seq(tx);
  if (!q) return q;
  if (auto p = publish_entry(tx, *q, subject, "revoked", s.now(), credential_expires_at + kVerifierSkew); !p)
    return p.error();
  return q;
}

Result<json> me_json(Service::Impl& s, Transaction& tx, const std::string& account_id) {
  auto account = store::account(tx, account_id);
  if (!account) return account.error();
  if (!*account) return make_error("auth.required", "the account no longer exists");
  auto person = person_of_account(tx, account_id);
  if (!person) return person.error();
  auto admin = store::places_administered_by(tx, account_id);
  if (!admin) return admin.error();
  auto bound = store::places_inspected_by(tx, account_id);
  if (!bound) return bound.error();

  json roles = json::array({"citizen"});
  if (!admin->empty()) roles.push_back("place-admin");
  if (!bound->empty()) roles.push_back("inspector");
  if ((*account)->authority) roles.push_back("authority");
  json inspector_of = json::array();
  for (const auto& place_id : *bound) inspector_of.push_back(place_id);
  json person_json = nullptr;
  if (*person) {
    person_json = masked_person(s, **person);
    auto declared = store::last_declared_at(tx, (*person)->id);
    if (!declared) return declared.error();
    person_json["declaredAt"] = *declared ? json(**declared) : json(nullptr);
  }
  return json{{"id", account_id},
              {"phone", mask_phone(open_or_empty(s.vault, (*account)->phone_enc))},
              {"roles", roles},
              {"person", person_json},
              {"adminOf", admin->empty() ? json(nullptr) : json(admin->front())},
              {"inspectorOf", inspector_of}};
}

Answer Service::me(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto me = me_json(s, tx, who.account_id);
    if (!me) return me.error();
    return json_reply(std::move(*me));
  });
}

// Real-name details. Typing an ID number proves nothing, so it never attaches the account to a record someone
// else made (a relative's proxy card, a counter): that takes the claim code printed on the card, or a visit
// to a service counter (identity-verifications). One current record per ID number.
Answer Service::set_identity(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto name = f.text("name", 64, true, "person.name");
  auto id_number = f.text("idNumber", 18, true, "person.id_number");
  auto claim_code = f.text("claimCode", 20, false, "person.claim_invalid");
  if (auto done = f.finish(); !done) return done.error();
  if (auto ok = check_name(*name); !ok) return ok.error();
  if (auto ok = check_id_number(*id_number); !ok) return ok.error();
  auto id_hash = s.vault.lookup_hash("id", *id_number);
  if (claim_code)
    if (auto counted = count_claim_attempt(s, r); !counted) return counted.error();

  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto mine = person_of_account(tx, who.account_id);
    if (!mine) return mine.error();
    if (*mine) {
      if (open_or_empty(s.vault, (*mine)->id_number_enc) != *id_number)
        return make_error("person.identity_exists", "your real-name details are already set to another ID number");
      // A name checked at a counter (or printed on a card) is not the account's to change.
      if ((*mine)->assurance == "asserted") {
        auto renamed = store::rename_person(tx, (*mine)->id, s.vault.seal(*name));
        if (!renamed) return renamed.error();
      }
    } else {
      auto phone = account_phone(s, tx, who.account_id);
      if (!phone) return phone.error();
      auto known = people_by_id_number(tx, id_hash);
      if (!known) return known.error();
      if (known->size() > 1 || (known->size() == 1 && known->front().account_id))
        return make_error("person.identity_exists",
                          "this ID number belongs to another account; if it is yours, have your ID card checked at a "
                          "service counter");
      if (known->size() == 1) {
        // Someone without a phone, known from a card: the card's claim code proves the holder has it. The
        // same answer whether the code or the name is wrong, so neither is confirmed.
        const auto& person = known->front();
        if (!claim_code)
          return make_error("person.claim_required",
                            "this ID number is already registered: enter the claim code printed on your card, or go to "
                            "a service counter");
        auto claim = store::claim_code_hash(tx, person.id);
        if (!claim) return claim.error();
        if (!claim_code_matches(s, *claim, *claim_code) || open_or_empty(s.vault, person.name_enc) != *name)
          return make_error("person.claim_invalid", "the claim code does not match these real-name details");
        auto linked = store::link_account(tx, person.id, who.account_id, s.vault.seal(*phone),
                                          s.vault.lookup_hash("phone", *phone));
        if (!linked) return linked.error();
        if (auto a = write_audit(s, tx, who.account_id, "identity.claim", person.id, "claim code"); !a)
          return a.error();
      } else {
        auto created = store::insert_account_person(
            tx,
            {new_id("h-"), new_subject(), s.vault.seal(*name), s.vault.seal(*id_number), id_hash, s.vault.seal(*phone),
             s.vault.lookup_hash("phone", *phone), static_cast<std::int64_t>(s.now())},
            who.account_id);
        if (!created) return created.error();
      }
    }
    auto me = me_json(s, tx, who.account_id);
    if (!me) return me.error();
    return json_reply(std::move(*me));
  });
}

namespace {

const std::vector<std::string_view> kSymptoms = {
    "fever", "cough", "fatigue", "sore-throat", "loss-of-smell", "shortness-of-breath", "diarrhea"};

// The declaration as the rules see it (every field present, so rules never meet a missing value).
Result<json> read_declaration(const json& body) {
  Fields f(body);
  auto symptoms = f.text_array("symptoms", kSymptoms.size(), 32);
  auto fever = f.boolean("fever");
  auto contact = f.boolean("contactWithCase");
  const auto* travel = f.value("travel");
  if (auto done = f.finish(); !done) return done.error();
  for (const auto& symptom : *symptoms)
    if (std::find(kSymptoms.begin(), kSymptoms.end(), symptom) == kSymptoms.end())
      return make_error("request.invalid", "symptoms: unknown symptom " + symptom);
  Fields t(*travel, "travel.");
  auto high_risk = t.boolean("highRiskArea");
  auto regions = t.text_array("regions", 20, 6, false);
  if (auto done = t.finish(); !done) return done.error();
  for (const auto& region : regions.value_or(std::vector<std::string>{}))
    if (!is_region_code(region)) return make_error("request.invalid", "travel.regions: 6-digit region codes");
  return json{{"symptoms", *symptoms},
              {"fever", *fever},
              {"contactWithCase", *contact},
              {"travel", {{"highRiskArea", *high_risk}, {"regions", regions.value_or(std::vector<std::string>{})}}}};
}

}  // namespace

Result<void> seal_plaintext_declarations(Service::Impl& s, Transaction& tx) {
  // Sealed text is base64url: plaintext JSON (an object of answers, an array of rule ids) starts with { or [.
  for (;;) {
    auto rows = store::plaintext_declarations(tx);
    if (!rows) return rows.error();
    if (rows->empty()) return {};
    for (const auto& row : *rows) {
      auto seal_json = [&](const std::string& text) {
        return !text.empty() && (text[0] == '{' || text[0] == '[') ? s.vault.seal(text) : text;
      };
      auto done = store::update_declaration_fields(tx, {row.id, seal_json(row.answers), seal_json(row.matched)});
      if (!done) return done.error();
    }
  }
}

Answer Service::declare(const Request& r) {
  auto& s = *impl_;
  auto answers = read_declaration(r.body);
  if (!answers) return answers.error();
  auto outcome = assess_declaration(default_declaration_rules(), *answers);
  if (!outcome) return outcome.error();
  auto declared = std::string(to_string(outcome->status));

  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto person = require_person(tx, who.account_id);
    if (!person) return person.error();
    auto now = static_cast<std::int64_t>(s.now());
    auto saved = store::insert_declaration(tx, new_id("d-"), person->id, s.vault.seal(answers->dump()), declared,
                                           s.vault.seal(json(outcome->matched).dump()), now);
    if (!saved) return saved.error();
    // A declaration only raises a status: lowering one (an authority's red included) is an authority's call,
    // or the automatic return to green after a case's quarantine.
    auto status = person->status;
    if (severity(declared) > severity(status)) {
      if (auto q = publish_status(s, tx, person->id, declared,
                                  {"declaration", "health declaration", who.account_id, std::nullopt});
          !q)
        return q.error();
      status = declared;
    }
    return json_reply({{"status", status}, {"matched", outcome->matched}, {"declaredAt", now}}, true);
  });
}

Answer Service::my_code(const Request& r) {
  auto& s = *impl_;
  // The database part: who, their status and the current sequence number.
  Credential c;
  std::shared_ptr<const SigningKeys> keys;
  // Taken before the status is read, so the code's day is never later than what publish_status covers.
  auto issued_at = s.now();
  auto read = s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto signing = s.signing_keys(tx);
    if (!signing) return signing.error();
    keys = *signing;
    auto person = require_person(tx, who.account_id);
    if (!person) return person.error();
    // The itinerary and the latest declaration's summary ride in the code (claims tr and dc).
    auto travel = code_travel(s, tx, *person, issued_at);
    if (!travel) return travel.error();
    if (!travel->declaration) return make_error("person.declaration_required", "make a health declaration first");
    c.itinerary = std::move(travel->itinerary);
    c.declaration = travel->declaration;
    auto seq = current_status_seq(tx);
    if (!seq) return seq.error();
    auto phone = account_phone(s, tx, who.account_id);
    if (!phone) return phone.error();
    auto sub = day_pseudonym_for(s, tx, *person, issued_at);
    if (!sub) return sub.error();
    c.type = CredentialType::person;
    c.sub = std::move(*sub);
    c.status = health_status_from(person->status);
    c.name = mask_name(open_or_empty(s.vault, person->name_enc));
    c.phone = mask_phone(*phone);
    c.seq = static_cast<std::uint64_t>(*seq);
    return Reply{};
  });
  if (!read) return read;
  // Signing and drawing the QR (about a millisecond) happen outside the transaction, so they never hold
  // the database.
  c.iat = issued_at;
  c.exp = c.iat + s.options.code_ttl;
  auto text = keys->person.issue(c);
  if (!text) return text.error();
  auto svg = render_qr_svg(*text);
  if (!svg) return svg.error();
  return json_reply({{"text", *text},
                     {"svg", *svg},
                     {"status", to_string(*c.status)},
                     {"issuedAt", c.iat},
                     {"expiresAt", c.exp},
                     {"seq", *c.seq}});
}

Answer Service::my_checkins(const Request& r) {
  auto& s = *impl_;
  // Only presences that are provably the account's own (its self check-ins, scans of its codes): a hand
  // registration or a companion entry names an ID number, which anyone can type, so those show only once a
  // counter has verified who holds the number.
  auto before_given = query_number(r.query, "before", "request.invalid", "before and limit are numbers");
  if (!before_given) return before_given.error();
  auto limit_given = query_number(r.query, "limit", "request.invalid", "before and limit are numbers");
  if (!limit_given) return limit_given.error();
  std::int64_t before = before_given->value_or(INT64_MAX), limit = limit_given->value_or(50);
  if (limit < 1 || limit > 200) return make_error("request.invalid", "limit: 1 to 200");
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto person = person_of_account(tx, who.account_id);
    if (!person) return person.error();
    json list = json::array();
    if (*person) {
      auto rows = store::own_checkins(tx, (*person)->id, s.retained_since(), before, limit, (*person)->assurance);
      if (!rows) return rows.error();
      auto or_null = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
      for (const auto& c : *rows)
        list.push_back({{"clientId", c.client_id},
                        {"time", c.time},
                        {"method", c.method},
                        {"decision", or_null(c.decision)},
                        {"place", {{"id", c.place_id}, {"name", c.place_name}, {"address", c.place_address}}},
                        {"checkpoint", or_null(c.checkpoint)},
                        {"companion", c.companion}});
    }
    return json_reply({{"checkins", list}});
  });
}

}  // namespace greenlight::service
