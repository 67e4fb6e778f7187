// The service's shared state: transactions, sessions, the verifier for codes shown to the server.
#include "greenlight/server/service.hpp"

#include "greenlight/server/schema.hpp"
#include "../store/authentication.hpp"
#include "impl.hpp"

namespace greenlight::service {

Service::Impl::Impl(storage::Database& db_, const Keyring& keys_, SmsSender& sms_, ServiceOptions options_)
    : db(db_), keys(keys_), sms(sms_), options(std::move(options_)), vault(keys_.pii_key), documents(keys_) {
  if (options.public_url.empty() || options.public_url.back() != '/') options.public_url += '/';
}

Result<std::shared_ptr<const Verifier>> Service::Impl::verifier() {
  auto current = signing_keys();
  if (!current) return current.error();
  auto trust = documents.trust_list((*current)->set, now());
  if (!trust) return trust.error();
  std::lock_guard lock(verifier_mutex_);
  if (!verifier_ || verifier_version_ != trust->version) {
    VerifierOptions o;
    o.roots = {keys.root_public};
    auto created = Verifier::create(std::move(o), trust->jws);
    if (!created) return created.error();
    verifier_ = std::make_shared<const Verifier>(std::move(*created));
    verifier_version_ = trust->version;
  }
  return verifier_;
}

namespace {

// One transaction on `database`: work's error rolls it back and is the answer; so is a failed commit.
Answer run_on(storage::Database& database, const std::function<Answer(Transaction&)>& work) {
  std::optional<Answer> answer;
  auto done = database.transact([&](Transaction& tx) -> Result<void> {
    answer = work(tx);
    if (!*answer) return answer->error();
    return {};
  });
  if (!done) {
    if (answer && !*answer) return answer->error();  // the work's own error, rolled back
    return done.error();                             // the commit failed: nothing happened
  }
  return std::move(*answer);
}

}  // namespace

Answer Service::Impl::run(const std::function<Answer(Transaction&)>& work) { return run_on(db, work); }

Answer Service::Impl::run_read(const std::function<Answer(Transaction&)>& work) {
  if (options.read_db != nullptr) {
    auto answer = run_on(*options.read_db, work);
    // The standby away (restarting, or promoted and gone): the primary can answer.
    if (answer || answer.error().code != "storage.unavailable") return answer;
  }
  return run(work);
}

Answer Service::Impl::run_keeping(const std::function<Answer(Transaction&)>& work) {
  std::optional<Answer> answer;
  auto done = db.transact([&](Transaction& tx) -> Result<void> {
    answer = work(tx);
    if (!*answer && answer->error().code.rfind("storage.", 0) == 0) return answer->error();
    return {};
  });
  if (!done) return done.error();
  return std::move(*answer);
}

Result<Session> Service::Impl::authenticate(Transaction& tx, const Request& r) {
  if (r.token.empty() || r.token.size() > 128) return make_error("auth.required", "sign in first");
  // A password session ends the moment its credential is disabled (`greenlight-server authority disable`),
  // on every server process: checked here, on every call, not only at sign-in.
  auto session = store::live_session(tx, token_hash(r.token), static_cast<std::int64_t>(now()));
  if (!session) return session.error();
  if (!*session)
    return make_error("auth.required", "the session is unknown, expired, signed out or of a disabled account");
  // The authority role needs a password session: an SMS code alone never opens look-ups or tracing.
  return Session{(*session)->account_id, (*session)->authority && (*session)->method == "password"};
}

Answer Service::Impl::run_signed_in(const Request& r, const std::function<Answer(Transaction&, const Session&)>& work) {
  return run([&](Transaction& tx) -> Answer {
    auto who = authenticate(tx, r);
    if (!who) return who.error();
    return work(tx, *who);
  });
}

Service::Service(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Service::~Service() = default;

Result<std::unique_ptr<Service>> Service::create(storage::Database& db, const Keyring& keys, SmsSender& sms,
                                                 ServiceOptions options) {
  auto impl = std::make_unique<Impl>(db, keys, sms, std::move(options));
  if (auto imported = impl->db.transact([&](Transaction& tx) { return import_file_keys(*impl, tx); }); !imported)
    return imported.error();
  if (auto sealed = impl->db.transact([&](Transaction& tx) { return seal_plaintext_declarations(*impl, tx); }); !sealed)
    return sealed.error();
  if (auto legacy = impl->db.transact([&](Transaction& tx) { return start_legacy_subject_window(*impl, tx); }); !legacy)
    return legacy.error();
  if (auto v = impl->verifier(); !v) return v.error();
  return std::unique_ptr<Service>(new Service(std::move(impl)));
}

Answer Service::health(const Request&) {
  auto& s = *impl_;
  auto version = s.db.schema_version();
  if (!version) return version.error();
  return json_reply({{"status", "ok"},
                     {"db", s.db.backend() == storage::Backend::sqlite ? "sqlite" : "postgresql"},
                     {"schema", *version}});
}

}  // namespace greenlight::service
