// Check-ins: batches from checkpoints (idempotent by client id, codes re-verified here) and self
// check-ins from a citizen's phone with companions.
#include <cctype>
#include <map>
#include <set>

#include "impl.hpp"
#include "../store/checkins.hpp"
#include "../store/places.hpp"

namespace greenlight::service {
namespace {

constexpr std::size_t kMaxRecords = 1000;
constexpr std::size_t kMaxCompanions = 10;

const std::vector<std::string_view> kDecisions = {"admit", "deny", "refer"};
const std::vector<std::string_view> kStatuses = {"green", "yellow", "orange", "red", "revoked"};
const std::vector<std::string_view> kTemperatureClasses = {"normal", "fever"};

bool valid_client_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

// Personal details given by hand (a manual registration or a companion named on the spot), sealed; the name
// also in clear for this request only, to match it against a known person.
struct SealedIdentity {
  std::string name;
  std::string name_enc, id_number_enc, id_number_hash;
  std::optional<std::string> phone_enc, phone_hash;
};

Result<SealedIdentity> read_identity(Service::Impl& s, const json& object, const std::string& where) {
  Fields f(object, where);
  auto name = f.text("name", 64, true, "person.name");
  auto id_number = f.text("idNumber", 18, true, "person.id_number");
  auto phone = f.text("phone", 20, false, "person.phone");
  if (auto done = f.finish(); !done) return done.error();
  auto named = [&](const char* field, const Error& e) { return make_error(e.code, where + field + ": " + e.message); };
  if (auto ok = check_name(*name); !ok) return named("name", ok.error());
  if (auto ok = check_id_number(*id_number); !ok) return named("idNumber", ok.error());
  if (phone) {
    if (auto ok = check_phone(*phone); !ok) return named("phone", ok.error());
  }
  SealedIdentity out{*name,        s.vault.seal(*name), s.vault.seal(*id_number), s.vault.lookup_hash("id", *id_number),
                     std::nullopt, std::nullopt};
  if (phone) {
    out.phone_enc = s.vault.seal(*phone);
    out.phone_hash = s.vault.lookup_hash("phone", *phone);
  }
  return out;
}

// One row of the checkins table, built from a record or a self check-in.
struct Visit {
  std::string client_id, place_id;
  std::optional<std::string> checkpoint, inspector_id;
  std::string submitted_by, method;
  std::int64_t time = 0;
  std::optional<std::string> decision, status;
  std::string reasons = "[]";
  std::optional<std::string> temperature_class;
  std::optional<double> temperature;
  std::optional<std::string> subject, person_id, code_type, verify_error, companion_of;
  std::optional<SealedIdentity> manual;
  // verified-scan | unverified-scan | self-scan | hand-registration | companion (migration 0008)
  std::string provenance;
};

Result<bool> insert_visit(Transaction& tx, const Visit& v, std::int64_t received_at) {
  const auto& m = v.manual;
  auto manual = [&](auto field) { return m ? std::optional<std::string>((*m).*field) : std::nullopt; };
  return store::insert_checkin(tx, {v.client_id,
                                    v.place_id,
                                    v.checkpoint,
                                    v.inspector_id,
                                    v.submitted_by,
                                    v.method,
                                    v.time,
                                    received_at,
                                    v.decision,
                                    v.status,
                                    v.reasons,
                                    v.temperature_class,
                                    v.temperature,
                                    v.subject,
                                    v.person_id,
                                    v.code_type,
                                    v.verify_error,
                                    v.companion_of,
                                    manual(&SealedIdentity::name_enc),
                                    manual(&SealedIdentity::id_number_enc),
                                    manual(&SealedIdentity::id_number_hash),
                                    m ? m->phone_enc : std::nullopt,
                                    m ? m->phone_hash : std::nullopt,
                                    v.provenance});
}

// The person behind a verified code's subject (a person code's day pseudonym, people.subject in a code
// issued before pseudonyms, or a proxy code's subject), if we know them.
Result<std::optional<std::string>> person_of_subject(Transaction& tx, CredentialType type, const std::string& subject) {
  return type == CredentialType::proxy ? store::person_of_proxy_subject(tx, subject)
                                       : store::person_of_person_subject(tx, subject);
}

// The person a hand-given identity names: the current record with its ID number, and only when the name
// given is that record's too (an ID number alone is anyone's to type).
Result<std::optional<std::string>> person_of_identity(Service::Impl& s, Transaction& tx,
                                                      const SealedIdentity& identity) {
  auto known = people_by_id_number(tx, identity.id_number_hash);
  if (!known) return known.error();
  if (known->size() != 1 || open_or_empty(s.vault, known->front().name_enc) != identity.name)
    return std::optional<std::string>();
  return std::optional<std::string>(known->front().id);
}

struct Rejection {
  json client_id;
  Error error;
};

// Reads one record into a visit; errors are the record's rejection (checkin.invalid for shape problems).
Result<Visit> read_record(Service::Impl& s, const json& record, std::size_t index) {
  auto where = "records[" + std::to_string(index) + "].";
  auto whole = "records[" + std::to_string(index) + "]: ";  // for messages about the record, not one field
  Fields f(record, where);
  Visit v;
  auto client_id = f.text("clientId", 64);
  auto place_id = f.text("placeId", 64);
  v.checkpoint = f.text("checkpoint", 64, false);
  auto time = f.uint("time", INT64_MAX);
  auto method = f.choice("method", {"inspector-scan", "manual"});
  auto code = f.text("code", kMaxCodeTextBytes, false);
  auto decision = f.choice("decision", kDecisions, false, true);
  auto status = f.choice("status", kStatuses, false, true);
  auto reasons = f.text_array("reasons", 16, 64, false);
  auto temperature_class = f.choice("temperatureClass", kTemperatureClasses, false, true);
  v.temperature = f.number("temperature", 30, 45, false);
  const auto* manual = f.value("manual", false);
  auto finished = f.finish();
  if (!finished) return make_error("checkin.invalid", finished.error().message);
  if (!valid_client_id(*client_id))
    return make_error("checkin.invalid", where + "clientId: 1 to 64 of A-Z a-z 0-9 . _ -");
  v.client_id = *client_id;
  v.place_id = *place_id;
  v.time = static_cast<std::int64_t>(*time);
  v.method = *method;
  if (decision && !decision->empty()) v.decision = *decision;
  if (status && !status->empty()) v.status = *status;
  if (reasons) v.reasons = json(*reasons).dump();
  if (temperature_class && !temperature_class->empty()) v.temperature_class = *temperature_class;
  if (v.method == "inspector-scan") {
    if (!code || manual)
      return make_error("checkin.invalid", whole + "an inspector-scan record has a code and no manual details");
    if (!v.decision) return make_error("checkin.invalid", where + "decision: required for a scan");
  } else {
    if (code || !manual) return make_error("checkin.invalid", whole + "a manual record has manual details and no code");
    auto identity = read_identity(s, *manual, where + "manual.");
    if (!identity && identity.error().code == "request.invalid")
      return make_error("checkin.invalid", identity.error().message);
    if (!identity) return identity.error();
    v.manual = std::move(*identity);
    v.provenance = "hand-registration";
  }
  if (code) v.code_type = *code;  // the text, until verified below
  return v;
}

// Re-verifies a scanned code at the record's time: fills subject, code type and verify_error (no database).
// A code that does not verify at that time (forged, expired, not yet valid, revoked) is kept as what the
// checkpoint saw but tied to nobody: a client chooses the time, and must not pin a visit on someone with it.
Result<void> verify_code(const Verifier& verifier, Visit& v) {
  auto text = *v.code_type;
  v.code_type.reset();
  auto result = verifier.verify(text, VerifyContext{static_cast<std::uint64_t>(v.time)});
  if (result.error) v.verify_error = result.error->code;
  v.provenance = "unverified-scan";
  if (!result.credential) return {};
  if (result.credential->type == CredentialType::place)
    return make_error("checkin.invalid", "code: a place code is not a visit");
  v.code_type = std::string(to_string(result.credential->type));
  if (result.error) return {};
  v.subject = result.credential->sub;
  v.provenance = "verified-scan";
  return {};
}

// The person behind the visit: a verified code's subject, or a manual registration's ID number and name.
Result<void> attach_person(Service::Impl& s, Transaction& tx, Visit& v) {
  Result<std::optional<std::string>> person = std::optional<std::string>();
  if (v.subject && v.code_type) person = person_of_subject(tx, *credential_type_from(*v.code_type), *v.subject);
  else if (v.manual) person = person_of_identity(s, tx, *v.manual);
  if (!person) return person.error();
  v.person_id = *person;
  return {};
}

// What one call did with check-ins, told to the metrics sink once the call is over.
struct CheckinTally {
  std::map<std::string, std::uint64_t> stored;  // rows written, by method
  std::vector<std::string> rejected;            // the codes of records refused in a batch that went through
};

void report(const Service::Impl& s, const Answer& answer, const CheckinTally& tally) {
  auto* sink = s.options.metrics;
  if (!sink) return;
  if (!answer) return sink->checkin_rejected(answer.error().code);
  for (const auto& [method, count] : tally.stored)
    if (count) sink->checkins_stored(method, count);
  for (const auto& code : tally.rejected) sink->checkin_rejected(code);
}

// Writes a visit, counting it when it is new (a resent clientId writes nothing).
Result<bool> store_visit(Transaction& tx, const Visit& v, std::int64_t received_at, CheckinTally& tally) {
  auto stored = insert_visit(tx, v, received_at);
  if (stored && *stored) ++tally.stored[v.method];
  return stored;
}

Answer ingest(Service::Impl& s, const Request& r, CheckinTally& tally) {
  Fields f(r.body);
  const auto* records = f.value("records");
  if (auto done = f.finish(); !done) return done.error();
  if (!records->is_array()) return make_error("request.invalid", "records: expected an array");
  if (records->size() > kMaxRecords) return make_error("checkin.batch_too_large", "at most 1000 records per request");
  auto verifier = s.verifier();
  if (!verifier) return verifier.error();
  auto now = static_cast<std::int64_t>(s.now());

  // Who sends, and for which places (a short transaction, so nobody unknown makes us verify anything).
  std::string account_id;
  std::set<std::string> mine;
  auto allowed = s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    account_id = who.account_id;
    auto places = store::places_of_staff(tx, account_id);
    if (!places) return places.error();
    mine.insert(places->begin(), places->end());
    return Reply{};
  });
  if (!allowed) return allowed;

  // Checks and signature verification outside the write transaction: the database is held only to store.
  json rejected = json::array();
  auto reject = [&](const json& record, const Error& e) {
    json id = record.is_object() && record.contains("clientId") && record["clientId"].is_string() ? record["clientId"]
                                                                                                  : json(nullptr);
    rejected.push_back({{"clientId", id}, {"code", e.code}, {"message", e.message}});
  };
  std::vector<Visit> visits;
  for (std::size_t i = 0; i < records->size(); ++i) {
    const auto& record = (*records)[i];
    auto visit = read_record(s, record, i);
    if (!visit) {
      reject(record, visit.error());
      continue;
    }
    if (!mine.count(visit->place_id)) {
      reject(record, make_error("checkin.place", "placeId: not a place you are an inspector of"));
      continue;
    }
    if (visit->time > now + static_cast<std::int64_t>(s.options.future_skew) ||
        visit->time < now - static_cast<std::int64_t>(s.options.retention_days * 86400)) {
      reject(record, make_error("checkin.time", "time: more than 5 minutes ahead or older than the retention period"));
      continue;
    }
    if (visit->method == "inspector-scan") {
      if (auto verified = verify_code(**verifier, *visit); !verified) {
        reject(record, verified.error());
        continue;
      }
    }
    visit->inspector_id = account_id;
    visit->submitted_by = account_id;
    visits.push_back(std::move(*visit));
  }

  return s.run([&](Transaction& tx) -> Answer {
    tally = {};  // the transaction may be tried again
    json accepted = json::array();
    for (auto& visit : visits) {
      if (auto attached = attach_person(s, tx, visit); !attached) return attached.error();
      if (auto stored = store_visit(tx, visit, now, tally); !stored) return stored.error();
      accepted.push_back(visit.client_id);
    }
    for (const auto& refused : rejected) tally.rejected.push_back(refused["code"].get<std::string>());
    return json_reply({{"accepted", accepted}, {"rejected", rejected}});
  });
}

}  // namespace

Answer Service::ingest_checkins(const Request& r) {
  CheckinTally tally;
  auto answer = ingest(*impl_, r, tally);
  report(*impl_, answer, tally);
  return answer;
}

namespace {

// A self check-in's resend comes within minutes: its rows are looked for in the last two days only.
constexpr std::int64_t kSelfCheckinResendWindow = 2 * 86400;

Answer self_checkin_reply(Transaction& tx, const Service::Impl& s, const std::string& client_id,
                          const std::string& place_id, std::int64_t now, const std::string& status) {
  auto rows = store::self_checkin_rows(tx, client_id, place_id, now - kSelfCheckinResendWindow);
  if (!rows) return rows.error();
  // The client id was used for another place.
  if (rows->empty()) return make_error("request.invalid", "clientId: already used");
  json checkins = json::array();
  for (const auto& row : *rows) {
    std::string who = "self";
    if (row.companion_of) {
      auto sealed = !row.manual_name_enc ? row.person_name_enc : row.manual_name_enc;
      auto name = sealed ? s.vault.open(*sealed) : Result<std::string>(std::string());
      who = name ? mask_name(*name) : "";
    }
    checkins.push_back({{"clientId", row.client_id}, {"who", who}});
  }
  const auto& first = rows->front();
  return json_reply({{"place",
                      {{"id", first.place_id},
                       {"name", first.place_name},
                       {"address", first.place_address},
                       {"category", first.place_category}}},
                     {"time", first.time},
                     {"status", status},
                     {"checkins", checkins}},
                    true);
}

Answer checkin_self(Service::Impl& s, const Request& r, CheckinTally& tally) {
  Fields f(r.body);
  auto place_code = f.text("placeCode", kMaxCodeTextBytes);
  auto client_id = f.text("clientId", 64, false);
  const auto* companions = f.value("companions", false);
  if (auto done = f.finish(); !done) return done.error();
  if (client_id && !valid_client_id(*client_id))
    return make_error("request.invalid", "clientId: 1 to 64 of A-Z a-z 0-9 . _ -");
  if (companions && (!companions->is_array() || companions->size() > kMaxCompanions))
    return make_error("request.invalid", "companions: an array of at most 10");
  auto verifier = s.verifier();
  if (!verifier) return verifier.error();
  auto verified = (*verifier)->verify(*place_code);
  if (!verified.valid) return *verified.error;
  if (verified.credential->type != CredentialType::place)
    return make_error("checkin.not_place_code", "this is not a place code: scan the code posted at the entrance");
  auto place_id = verified.credential->sub;
  auto now = static_cast<std::int64_t>(s.now());

  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    tally = {};  // the transaction may be tried again
    auto person = person_of_account(tx, who.account_id);
    if (!person) return person.error();
    if (!*person) return make_error("person.identity_required", "enter your real-name details first");
    auto place = store::place_exists(tx, place_id);
    if (!place) return place.error();
    if (!*place) return make_error("place.not_found", "this place no longer exists");

    auto id = client_id.value_or(new_id("ci-"));
    if (auto locked = store::lock_client_id(tx, s.db.backend(), id); !locked) return locked.error();
    auto earlier = store::checkin_submitter(tx, id, now - kSelfCheckinResendWindow);
    if (!earlier) return earlier.error();
    if (*earlier) {
      if (**earlier != who.account_id) return make_error("request.invalid", "clientId: already used");
      return self_checkin_reply(tx, s, id, place_id, now, (*person)->status);  // a resend: the first answer again
    }

    Visit self;
    self.client_id = id;
    self.place_id = place_id;
    self.submitted_by = who.account_id;
    self.method = "self-scan";
    self.time = now;
    self.status = (*person)->status;
    // The subject a code of theirs carries today, as a scanned one would have recorded.
    auto sub = day_pseudonym_for(s, tx, **person, static_cast<std::uint64_t>(now));
    if (!sub) return sub.error();
    self.subject = std::move(*sub);
    self.person_id = (*person)->id;
    self.code_type = "person";
    self.provenance = "self-scan";
    if (auto stored = store_visit(tx, self, now, tally); !stored) return stored.error();

    for (std::size_t i = 0; companions && i < companions->size(); ++i) {
      const auto& c = (*companions)[i];
      auto where = "companions[" + std::to_string(i) + "].";
      Visit v = self;
      v.client_id = id + "." + std::to_string(i + 1);
      v.companion_of = id;
      v.provenance = "companion";
      v.subject.reset();
      v.person_id.reset();
      v.code_type.reset();
      v.status.reset();
      if (c.is_object() && c.contains("proxyId")) {
        Fields cf(c, where);
        auto proxy_id = cf.text("proxyId", 64);
        if (auto done = cf.finish(); !done) return done.error();
        auto proxy = store::live_proxy_of(tx, *proxy_id, who.account_id);
        if (!proxy) return proxy.error();
        if (!*proxy) return make_error("proxy.not_found", where + "proxyId: not one of your live proxies");
        v.subject = (*proxy)->subject;
        v.person_id = (*proxy)->person_id;
        v.status = (*proxy)->status;
        v.code_type = "proxy";
      } else {
        auto identity = read_identity(s, c, where);
        if (!identity) return identity.error();
        auto known = person_of_identity(s, tx, *identity);
        if (!known) return known.error();
        v.person_id = *known;
        v.manual = std::move(*identity);
      }
      if (auto stored = store_visit(tx, v, now, tally); !stored) return stored.error();
    }
    return self_checkin_reply(tx, s, id, place_id, now, (*person)->status);
  });
}

}  // namespace

Answer Service::self_checkin(const Request& r) {
  CheckinTally tally;
  auto answer = checkin_self(*impl_, r, tally);
  report(*impl_, answer, tally);
  return answer;
}

}  // namespace greenlight::service
