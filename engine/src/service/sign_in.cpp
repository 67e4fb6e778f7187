// Sign-in by phone and SMS one-time code; sessions are random tokens stored as hashes.
#include "impl.hpp"

namespace greenlight::service {
namespace {

constexpr std::int64_t kOtpResendAfter = 60;
constexpr std::uint32_t kOtpPerPhonePerHour = 5;
constexpr std::uint32_t kSignInPerPhonePerHour = 10;
constexpr std::uint32_t kSignInPerAddressPerHour = 60;
constexpr std::int64_t kWrongCodesPerChallenge = 5;

std::string otp_hash(const PiiVault& vault, const std::string& phone_hash, const std::string& code) {
  return vault.lookup_hash("otp", phone_hash + ":" + code);
}

std::string sms_text(const std::string& code) {
  return "【Greenlight】验证码 " + code + "，5分钟内有效，请勿告诉他人。Your Greenlight sign-in code is " + code +
         " (valid 5 minutes).";
}

// Rate-limit rows outlive their window by a day at most (pruned now and then, not on every request).
Result<void> prune_rate_limits(Transaction& tx, std::uint64_t now) {
  if (random_uniform(64) != 0) return {};
  auto done = tx.query("DELETE FROM rate_limits WHERE window_start < $1", {static_cast<std::int64_t>(now) - 86400});
  if (!done) return done.error();
  return {};
}

}  // namespace

Answer Service::request_otp(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto phone = f.text("phone", 20);
  if (auto done = f.finish(); !done) return done.error();
  if (auto ok = check_phone(*phone); !ok) return ok.error();
  auto now = s.now();
  auto phone_hash = s.vault.lookup_hash("phone", *phone);
  auto code = new_otp();

  auto stored = s.run_keeping([&](Transaction& tx) -> Answer {
    if (auto p = prune_rate_limits(tx, now); !p) return p.error();
    for (auto [key, limit] : {std::pair{"otp-address:" + r.address, s.options.otp_per_address_per_hour},
                              std::pair{"otp-phone-hour:" + phone_hash, kOtpPerPhonePerHour}}) {
      if (auto counted = count_event(tx, key, limit, 3600, now); !counted) return counted.error();
    }
    // One code per phone per 60 s, measured from the last one sent (not a clock-minute window).
    auto last = tx.query("SELECT created_at FROM otp_challenges WHERE phone_hash = $1", {phone_hash});
    if (!last) return last.error();
    if (!last->empty() && last->front().integer(0) + kOtpResendAfter > static_cast<std::int64_t>(now)) {
      auto e = make_error("auth.rate_limited", "a code was sent less than a minute ago");
      e.retry_after = static_cast<std::uint32_t>(last->front().integer(0) + kOtpResendAfter - static_cast<std::int64_t>(now));
      return e;
    }
    auto saved = tx.query(
        "INSERT INTO otp_challenges (phone_hash, code_hash, expires_at, attempts, created_at) VALUES ($1, $2, $3, 0, $4) "
        "ON CONFLICT (phone_hash) DO UPDATE SET code_hash = $2, expires_at = $3, attempts = 0, created_at = $4",
        {phone_hash, otp_hash(s.vault, phone_hash, code), static_cast<std::int64_t>(now + s.options.otp_ttl),
         static_cast<std::int64_t>(now)});
    if (!saved) return saved.error();
    return Reply{};
  });
  if (!stored) return stored;

  // Sent outside the transaction: a slow gateway must not hold the database.
  if (auto sent = s.sms.send(*phone, sms_text(code)); !sent) {
    s.run([&](Transaction& tx) -> Answer {
      if (auto d = tx.query("DELETE FROM otp_challenges WHERE phone_hash = $1", {phone_hash}); !d) return d.error();
      return Reply{};
    });
    auto e = sent.error();
    e.retry_after = 60;
    return e;
  }
  return json_reply({{"expiresIn", s.options.otp_ttl}, {"resendAfter", kOtpResendAfter}}, Reply::Kind::accepted);
}

Answer Service::sign_in(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto phone = f.text("phone", 20);
  auto code = f.text("code", 6);
  if (auto done = f.finish(); !done) return done.error();
  if (auto ok = check_phone(*phone); !ok) return ok.error();
  auto now = s.now();
  auto phone_hash = s.vault.lookup_hash("phone", *phone);

  return s.run_keeping([&](Transaction& tx) -> Answer {
    for (auto [key, limit] : {std::pair{"signin-phone:" + phone_hash, kSignInPerPhonePerHour},
                              std::pair{"signin-address:" + r.address, kSignInPerAddressPerHour}}) {
      if (auto counted = count_event(tx, key, limit, 3600, now); !counted) return counted.error();
    }
    auto challenge = tx.query("SELECT code_hash, expires_at, attempts FROM otp_challenges WHERE phone_hash = $1", {phone_hash});
    if (!challenge) return challenge.error();
    if (challenge->empty() || challenge->front().integer(1) <= static_cast<std::int64_t>(now))
      return make_error("auth.otp", "no valid code for this phone: request a new one");
    if (challenge->front().text(0) != otp_hash(s.vault, phone_hash, *code)) {
      // Counted and committed even though the answer is an error: guessing must run out.
      auto attempts = challenge->front().integer(2) + 1;
      auto counted = attempts >= kWrongCodesPerChallenge
                         ? tx.query("DELETE FROM otp_challenges WHERE phone_hash = $1", {phone_hash})
                         : tx.query("UPDATE otp_challenges SET attempts = $2 WHERE phone_hash = $1", {phone_hash, attempts});
      if (!counted) return counted.error();
      return make_error("auth.otp", "wrong code");
    }
    if (auto d = tx.query("DELETE FROM otp_challenges WHERE phone_hash = $1", {phone_hash}); !d) return d.error();

    auto created = tx.query(
        "INSERT INTO accounts (id, phone_hash, phone_enc, authority, created_at) VALUES ($1, $2, $3, 0, $4) "
        "ON CONFLICT (phone_hash) DO NOTHING",
        {new_id("a-"), phone_hash, s.vault.seal(*phone), static_cast<std::int64_t>(now)});
    if (!created) return created.error();
    auto account = tx.query("SELECT id FROM accounts WHERE phone_hash = $1", {phone_hash});
    if (!account) return account.error();
    auto account_id = account->front().text(0);

    // Expired sessions of this account go when it signs in again (the table stays the size of live ones).
    auto pruned = tx.query("DELETE FROM sessions WHERE account_id = $1 AND expires_at <= $2", {account_id, static_cast<std::int64_t>(now)});
    if (!pruned) return pruned.error();
    auto token = new_token();
    auto expires = static_cast<std::int64_t>(now + s.options.session_ttl);
    auto session = tx.query("INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                            {token_hash(token), account_id, static_cast<std::int64_t>(now), expires});
    if (!session) return session.error();
    auto me = me_json(s, tx, account_id);
    if (!me) return me.error();
    return json_reply({{"token", token}, {"expiresAt", expires}, {"me", *me}}, Reply::Kind::created);
  });
}

Answer Service::sign_out(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto d = tx.query("DELETE FROM sessions WHERE token_hash = $1", {token_hash(r.token)}); !d) return d.error();
    return json_reply(nullptr, Reply::Kind::no_content);
  });
}

}  // namespace greenlight::service
