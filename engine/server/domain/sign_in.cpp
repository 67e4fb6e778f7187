// Sign-in by phone and SMS one-time code; sessions are random tokens stored as hashes.
//
// Throttling is per (phone, client address) pair, so a stranger cannot lock the owner out: only codes
// actually sent count toward a phone's quotas, and wrong codes slow down and void the pending code only
// for the address they come from (back-off in rate_limit.cpp). What keeps guessing infeasible, for a
// 6-digit code (10^6 values):
//   - one address gets at most kWrongCodesPerChallenge (5) guesses at a pending code, and then backs off
//     exponentially: 2 s after its 5th consecutive failure, 4 s after the 6th, ..., capped at an hour;
//     the delays after failures 5..14 add up to 2046 s, so a pair makes at most ~15 wrong guesses in its
//     first hour and about one an hour after that (~38 a day, p <= 4e-5 a day per address);
//   - every address together: at most kWrongCodesPerPhonePerHour (50) wrong codes per phone per clock
//     hour, past which the phone's sign-ins wait for the next hour: p <= 50 / 10^6 = 5e-5 an hour, 1.2e-3
//     for a full day of attack from many addresses (the old limit of 10 attempts a phone an hour came with
//     the lock-out). Reaching this ceiling takes 50 wrong codes within one hour from at least 4 addresses;
//     it is the one lock-out left, and it is far above what a person typing their code needs (1 to 5);
//   - each address also has its own hourly limits over all phones (kSignInPerAddressPerHour, and
//     --rate-limit-address for codes).
// Codes: one per pair per 60 s and kOtpSentPerPairPerHour (5) per pair an hour, at most
// kOtpSentPerPhonePerHour (20) SMS to one phone an hour in all (SMS bombing), counted only when sent.
// Even at that ceiling the owner is not shut out: the codes went to their phone, and the last is valid 300 s.
#include "impl.hpp"

namespace greenlight::service {
namespace {

constexpr std::int64_t kOtpResendAfter = 60;
constexpr std::uint32_t kOtpSentPerPairPerHour = 5;
constexpr std::uint32_t kOtpSentPerPhonePerHour = 20;
constexpr std::uint32_t kWrongCodesPerPhonePerHour = 50;
constexpr std::uint32_t kSignInPerAddressPerHour = 60;
constexpr std::int64_t kWrongCodesPerChallenge = 5;

std::string otp_hash(const PiiVault& vault, const std::string& phone_hash, const std::string& code) {
  return vault.lookup_hash("otp", phone_hash + ":" + code);
}

std::string sms_text(const std::string& code) {
  return "【Greenlight】验证码 " + code + "，5分钟内有效，请勿告诉他人。Your Greenlight sign-in code is " + code +
         " (valid 5 minutes).";
}

std::string pair_key(const std::string& phone_hash, const std::string& address) {
  return "otp:" + phone_hash + ":" + address;
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
  auto pair = pair_key(phone_hash, r.address);
  const std::string sent_to_pair = "otp-sent-pair:" + phone_hash + ":" + r.address,
                    sent_to_phone = "otp-sent-phone:" + phone_hash;

  auto stored = s.run_keeping([&](Transaction& tx) -> Answer {
    if (auto p = prune_sign_in_limits(tx, now); !p) return p.error();
    // The caller's own address pays for every request; the phone only for codes sent.
    if (auto counted = count_event(tx, "otp-address:" + r.address, s.options.otp_per_address_per_hour, 3600, now);
        !counted)
      return counted.error();
    auto throttle = read_throttle(tx, pair, now);
    if (!throttle) return throttle.error();
    // One code per pair per 60 s, measured from the last one sent (not a clock-minute window).
    if (throttle->last_sent_at + kOtpResendAfter > static_cast<std::int64_t>(now)) {
      auto e = make_error("auth.rate_limited", "a code was sent less than a minute ago");
      e.retry_after =
          static_cast<std::uint32_t>(throttle->last_sent_at + kOtpResendAfter - static_cast<std::int64_t>(now));
      return e;
    }
    for (auto [key, limit] :
         {std::pair{sent_to_pair, kOtpSentPerPairPerHour}, std::pair{sent_to_phone, kOtpSentPerPhonePerHour}}) {
      if (auto under = under_limit(tx, key, limit, 3600, now); !under) return under.error();
      if (auto added = add_event(tx, key, 3600, now); !added) return added.error();
    }
    throttle->last_sent_at = static_cast<std::int64_t>(now);
    if (auto saved = save_throttle(tx, pair, *throttle); !saved) return saved.error();
    auto saved =
        store::save_otp_challenge(tx, phone_hash, otp_hash(s.vault, phone_hash, code),
                                  static_cast<std::int64_t>(now + s.options.otp_ttl), static_cast<std::int64_t>(now));
    if (!saved) return saved.error();
    return Reply{};
  });
  if (!stored) return stored;

  // Sent outside the transaction: a slow gateway must not hold the database.
  if (auto sent = s.sms.send(*phone, sms_text(code)); !sent) {
    // Not sent, so neither kept nor counted.
    s.run([&](Transaction& tx) -> Answer {
      auto d = store::delete_otp_challenge_code(tx, phone_hash, otp_hash(s.vault, phone_hash, code));
      if (!d) return d.error();
      for (const auto& key : {sent_to_pair, sent_to_phone})
        if (auto undone = add_event(tx, key, 3600, now, -1); !undone) return undone.error();
      return Reply{};
    });
    auto e = sent.error();
    e.retry_after = 60;
    return e;
  }
  return json_reply({{"expiresIn", s.options.otp_ttl}, {"resendAfter", kOtpResendAfter}});
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

  auto pair = pair_key(phone_hash, r.address);
  const std::string wrong_for_phone = "otp-wrong-phone:" + phone_hash;

  return s.run_keeping([&](Transaction& tx) -> Answer {
    if (auto counted = count_event(tx, "signin-address:" + r.address, kSignInPerAddressPerHour, 3600, now); !counted)
      return counted.error();
    auto challenge = store::otp_challenge(tx, phone_hash);
    if (!challenge) return challenge.error();
    if (!*challenge || (*challenge)->expires_at <= static_cast<std::int64_t>(now))
      return make_error("auth.otp", "no valid code for this phone: request a new one");
    auto challenge_at = (*challenge)->created_at;
    auto throttle = read_throttle(tx, pair, now);
    if (!throttle) return throttle.error();
    // The pending code is void for this address after its 5th wrong code (it stays good for the others).
    if (throttle->challenge_at == challenge_at && throttle->challenge_failures >= kWrongCodesPerChallenge)
      return make_error("auth.otp", "too many wrong codes: request a new one");
    if (auto waited = check_backoff(*throttle, now); !waited) return waited.error();
    if (auto under = under_limit(tx, wrong_for_phone, kWrongCodesPerPhonePerHour, 3600, now); !under)
      return under.error();
    if ((*challenge)->code_hash != otp_hash(s.vault, phone_hash, *code)) {
      // Counted and committed even though the answer is an error: guessing must run out.
      throttle->failures += 1;
      throttle->last_failure_at = static_cast<std::int64_t>(now);
      if (throttle->challenge_at != challenge_at) throttle->challenge_failures = 0;
      throttle->challenge_at = challenge_at;
      throttle->challenge_failures += 1;
      if (auto saved = save_throttle(tx, pair, *throttle); !saved) return saved.error();
      if (auto added = add_event(tx, wrong_for_phone, 3600, now); !added) return added.error();
      return make_error("auth.otp", "wrong code");
    }
    // Signed in: this pair starts afresh (no failures, and a new code may be asked for at once, as the
    // spacing only guards a pending code).
    if (throttle->exists) {
      if (auto d = store::delete_throttle(tx, pair); !d) return d.error();
    }
    if (auto d = store::delete_otp_challenge(tx, phone_hash); !d) return d.error();

    auto created = store::insert_phone_account_if_new(tx, new_id("a-"), phone_hash, s.vault.seal(*phone),
                                                      static_cast<std::int64_t>(now));
    if (!created) return created.error();
    auto account = store::account_id_by_phone_hash(tx, phone_hash);
    if (!account) return account.error();
    if (!*account) return make_error("server.internal", "the account just made is not found");
    auto account_id = **account;

    // Expired sessions of this account go when it signs in again (the table stays the size of live ones).
    auto pruned = store::delete_expired_sessions(tx, account_id, static_cast<std::int64_t>(now));
    if (!pruned) return pruned.error();
    auto token = new_token();
    auto expires = static_cast<std::int64_t>(now + s.options.session_ttl);
    auto session = store::insert_session(tx, token_hash(token), account_id, static_cast<std::int64_t>(now), expires);
    if (!session) return session.error();
    auto me = me_json(s, tx, account_id);
    if (!me) return me.error();
    return json_reply({{"token", token}, {"expiresAt", expires}, {"me", *me}}, true);
  });
}

Answer Service::sign_out(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto d = store::delete_session(tx, token_hash(r.token)); !d) return d.error();
    return json_reply(nullptr);
  });
}

Answer Service::sign_out_everywhere(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    auto ended = store::delete_account_sessions(tx, who.account_id);
    if (!ended) return ended.error();
    // Staff sign-outs are in the audit log like their sign-ins.
    if (who.authority) {
      if (auto a = write_audit(s, tx, who.account_id, "authority.sign_out_everywhere", who.account_id, "sign-out",
                               {{"sessions", *ended}, {"address", r.address}});
          !a)
        return a.error();
    }
    return json_reply(nullptr);
  });
}

}  // namespace greenlight::service
