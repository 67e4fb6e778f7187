// The daily maintenance (retention purge, automatic return to green) and the venue risk notices document.
#include "greenlight/crypto.hpp"
#include "greenlight/encoding.hpp"
#include "greenlight/server/checkin_layout.hpp"
#include "../store/documents.hpp"
#include "../store/maintenance.hpp"
#include "impl.hpp"

namespace greenlight::service {
namespace {

constexpr std::string_view kRiskNoticesTyp = "gl-risk-notices";
constexpr std::uint64_t kRiskNoticesLifetime = 2 * 86400;
// Day partitions made ahead of today: check-ins up to a few minutes ahead are accepted, and a server whose
// maintenance has not run for a few days still has days to write to.
constexpr std::int64_t kCheckinDaysAhead = 7;

}  // namespace

Result<void> Service::prepare_checkin_days() {
  auto& s = *impl_;
  auto made = storage::prepare_checkin_days(s.db, s.retained_since() / 86400,
                                            static_cast<std::int64_t>(s.now()) / 86400 + kCheckinDaysAhead);
  if (!made) return made.error();
  return {};
}

Result<json> Service::maintain() {
  auto& s = *impl_;
  auto now = static_cast<std::int64_t>(s.now());
  // Retention: check-ins (hand registrations included) older than retention_days go; audit rows, cases
  // and their contacts stay (the record of why statuses changed). On PostgreSQL the days wholly past go as
  // partitions (every shard's), days ahead are made, and the DELETE below finds only the day cut through.
  auto cutoff = s.retained_since();
  if (auto made = prepare_checkin_days(); !made) return made.error();
  auto dropped = storage::drop_checkin_days_before(s.db, cutoff);
  if (!dropped) return dropped.error();
  auto done = s.run([&](Transaction& tx) -> Answer {
    auto purged = store::delete_checkins_before(tx, cutoff);
    if (!purged) return purged.error();
    *purged += *dropped;
    auto expired_notices = store::delete_risk_notices_before(tx, cutoff);
    if (!expired_notices) return expired_notices.error();
    auto sessions = store::delete_sessions_expired(tx, now);
    if (!sessions) return sessions.error();
    // A code scanned at the cutoff was issued at most a code lifetime earlier: the day before at the most.
    auto pseudonyms = store::delete_pseudonyms_before(tx, cutoff / 86400 - 1);
    if (!pseudonyms) return pseudonyms.error();
    // Status entries no snapshot or delta serves any more (docs/rules.md "Only what can still change a
    // decision"), a re-signing period (a day at least) after they expired: any snapshot signed since left them
    // out, and the last change they date is older than the current period, so the snapshot's iat stays.
    auto entries_cutoff =
        now - static_cast<std::int64_t>(std::max<std::uint64_t>(s.options.status_snapshot_resign, 86400));
    auto status_entries = store::delete_status_subjects_expired_before(tx, entries_cutoff);
    if (!status_entries) return status_entries.error();
    json purge = {{"checkins", *purged},
                  {"riskNotices", *expired_notices},
                  {"pseudonyms", *pseudonyms},
                  {"statusEntries", *status_entries},
                  {"before", cutoff}};
    if (auto a = write_audit(s, tx, std::nullopt, "retention.purge", std::nullopt,
                             "retention: " + std::to_string(s.options.retention_days) + " days", purge);
        !a)
      return a.error();

    // Back to green: yellow or orange assigned by a case, whose last exposure in any case is more than
    // green_after_days ago (the quarantine runs from the exposure, not from when tracing caught up). Red (a
    // case) and statuses set by hand or by a declaration wait for an authority.
    json greened = json::array();
    if (s.options.green_after_days > 0) {
      auto since = now - static_cast<std::int64_t>(s.options.green_after_days) * 86400;
      auto due = store::people_due_green(tx, since);
      if (!due) return due.error();
      auto reason = std::to_string(s.options.green_after_days) + " days without a new exposure";
      for (const auto& person_id : *due) {
        auto q = publish_status(s, tx, person_id, "green", {"auto-green", reason, std::nullopt, std::nullopt});
        if (!q) return q.error();
        if (auto a = write_audit(s, tx, std::nullopt, "status.auto_green", person_id, reason,
                                 {{"status", "green"}, {"seq", *q}});
            !a)
          return a.error();
        greened.push_back(person_id);
      }
    }
    return json_reply({{"purged", purge}, {"green", greened}, {"at", now}});
  });
  if (!done) return done.error();
  return done->body;
}

Answer Service::run_maintenance(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  auto reason = stated_reason(f);
  if (auto done = f.finish(); !done) return done.error();
  auto allowed = s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    if (auto a = write_audit(s, tx, who.account_id, "maintenance.run", std::nullopt, *reason); !a) return a.error();
    return Reply{};
  });
  if (!allowed) return allowed;
  auto result = maintain();
  if (!result) return result.error();
  return json_reply(*result);
}

Answer Service::risk_notices(const Request& r) {
  auto& s = *impl_;
  return s.run([&](Transaction& tx) -> Answer {
    auto now = s.now();
    auto rows = store::risk_notices_since(tx, s.retained_since());
    if (!rows) return rows.error();
    json notices = json::array();
    for (const auto& n : *rows)
      notices.push_back({{"place", n.place_id},
                         {"name", n.place_name},
                         {"from", n.from_time},
                         {"to", n.to_time},
                         {"dwell", place_dwell_seconds(s, n.category)}});
    json payload = {{"iss", s.keys.issuer_id}, {"iat", now}, {"exp", now + kRiskNoticesLifetime}, {"notices", notices}};
    auto keys = s.signing_keys(tx);
    if (!keys) return keys.error();
    // The version follows the content and the key generation, not the signing time, so a verifier that
    // has an unchanged list need not fetch it again, and a rotation (perhaps of a compromised key) gets it
    // re-signed.
    auto digest = sha256(as_bytes(notices.dump() + "/" + std::to_string((*keys)->set.generation)));
    Reply reply;
    reply.version = "\"" + base64url_encode(ByteView(digest.data(), 12)) + "\"";
    reply.raw = (*keys)->status.sign_document(kRiskNoticesTyp, payload);
    reply.media_type = "application/jose";
    return reply;
  });
}

}  // namespace greenlight::service
