// Rule sets published by authorities: checked against their example cases, stored, then served (signed with
// the rules key) to every verifier as the next rules document (docs/api.md "Rule sets").
#include "greenlight/decision.hpp"
#include "greenlight/json_limits.hpp"
#include "greenlight/rule_set.hpp"
#include "../store/documents.hpp"
#include "impl.hpp"

namespace greenlight::service {

Answer Service::publish_rules(const Request& r) {
  auto& s = *impl_;
  Fields f(r.body);
  const auto* rules = f.value("rules");
  const auto* cases = f.value("cases");
  auto dry_run = f.boolean("dryRun", false).value_or(false);
  // A dry run (the console's "Test" button) stores and audits nothing, so it needs no reason.
  auto reason = dry_run && !f.has("reason") ? std::optional<std::string>("") : stated_reason(f);
  if (auto done = f.finish(); !done) return done.error();
  if (!rules->is_object())
    return make_error("rules.invalid", "rules: a rule set object (engine/rules/default.json's shape)");
  if (!cases->is_array() || cases->empty())
    return make_error("rules.cases",
                      "cases: at least one example case; a rule set is published only after its cases pass");
  auto now = s.now();
  // What verifiers will see, bar the signature: iss, iat, exp and seq are the server's.
  auto payload = *rules;
  payload["iss"] = s.keys.issuer_id;
  payload["iat"] = now;
  payload["exp"] = now + 30 * 86400;
  payload["seq"] = now;
  auto set = parse_rule_set(payload);
  if (!set) return set.error();
  auto report = test_rule_set(*set, *cases);
  if (!report) return report.error();
  json results = json::array();
  for (const auto& line : report->results) results.push_back(to_json(line));
  if (dry_run)
    return s.run_signed_in(r, [&](Transaction&, const Session& who) -> Answer {
      if (auto ok = require_authority(who); !ok) return ok.error();
      return json_reply({{"published", false},
                         {"rules", set->rules.size()},
                         {"passed", report->passed},
                         {"failed", report->failed},
                         {"results", results}});
    });
  if (report->failed > 0) {
    auto e = make_error("rules.test_failed", std::to_string(report->failed) + " of " +
                                                 std::to_string(report->results.size()) +
                                                 " cases failed: " + results.dump());
    return e;
  }
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    // Seqs only grow (verifiers refuse a lower one): at least the time, and past the newest published.
    auto newest = store::newest_rule_set_seq(tx);
    if (!newest) return newest.error();
    auto seq = std::max<std::int64_t>(static_cast<std::int64_t>(now), *newest ? **newest + 1 : 0);
    auto stored = store::insert_rule_set(
        tx, {seq, rules->dump(), cases->dump(), static_cast<std::int64_t>(now), *reason, who.account_id, std::nullopt});
    if (!stored) return stored.error();
    if (auto a = write_audit(s, tx, who.account_id, "rules.publish", "rules:" + std::to_string(seq), *reason,
                             {{"rules", set->rules.size()}, {"cases", report->passed}});
        !a)
      return a.error();
    s.documents.use_rules(*rules, static_cast<std::uint64_t>(seq));
    return json_reply({{"published", true},
                       {"seq", seq},
                       {"rules", set->rules.size()},
                       {"passed", report->passed},
                       {"failed", 0},
                       {"results", results}},
                      true);
  });
}

Answer Service::list_rule_sets(const Request& r) {
  auto& s = *impl_;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    auto rows = store::recent_rule_sets(tx);
    if (!rows) return rows.error();
    json sets = json::array();
    for (const auto& row : *rows) {
      auto payload = json::parse(row.payload, nullptr, false);
      json ids = json::array();
      if (payload.is_object() && payload.contains("rules") && payload["rules"].is_array())
        for (const auto& rule : payload["rules"])
          ids.push_back(rule.is_object() ? rule.value("id", json(nullptr)) : json(nullptr));
      sets.push_back(
          {{"seq", row.seq},
           {"publishedAt", row.published_at},
           {"reason", row.reason},
           {"publishedBy",
            {{"id", row.published_by}, {"name", row.publisher_name ? json(*row.publisher_name) : json(nullptr)}}},
           {"ruleIds", ids}});
    }
    return json_reply({{"ruleSets", sets}, {"builtIn", sets.empty()}});
  });
}

Answer Service::get_rule_set(const Request& r) {
  auto& s = *impl_;
  auto seq_given = whole_number(r.params.at(0), "rules.not_found", "no rule set with that seq");
  if (!seq_given) return seq_given.error();
  std::int64_t seq = *seq_given;
  return s.run_signed_in(r, [&](Transaction& tx, const Session& who) -> Answer {
    if (auto ok = require_authority(who); !ok) return ok.error();
    auto found = store::rule_set(tx, seq);
    if (!found) return found.error();
    if (!*found) return make_error("rules.not_found", "no rule set with that seq");
    const auto& row = **found;
    return json_reply(
        {{"seq", row.seq},
         {"rules", json::parse(row.payload)},
         {"cases", json::parse(row.cases)},
         {"publishedAt", row.published_at},
         {"reason", row.reason},
         {"publishedBy",
          {{"id", row.published_by}, {"name", row.publisher_name ? json(*row.publisher_name) : json(nullptr)}}}});
  });
}

}  // namespace greenlight::service
