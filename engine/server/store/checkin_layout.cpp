// Day partitions and shards of `checkins` on PostgreSQL (greenlight/server/checkin_layout.hpp).
#include "greenlight/server/checkin_layout.hpp"

#include <algorithm>
#include <climits>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include <libpq-fe.h>

namespace greenlight::storage {
namespace {

constexpr std::int64_t kDay = 86400;
// Servers preparing days at once (replicas starting together) take turns: two CREATE TABLE ... PARTITION
// OF for one day would otherwise race in the catalog. Ends with the transaction.
constexpr std::int64_t kLayoutLock = 0x676c646179;  // "glday"

Result<void> lock_layout(Transaction& tx) {
  auto locked = tx.query("SELECT pg_advisory_xact_lock($1)", {kLayoutLock});
  if (!locked) return locked.error();
  return {};
}

std::string quoted_literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string day_table(std::int64_t day) {
  std::time_t t = static_cast<std::time_t>(day * kDay);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char name[64];
  std::snprintf(name, sizeof name, "checkins_%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return name;
}

// One partition of `checkins`: a time range (a day, or the table as it was before days: from MINVALUE) or,
// on a sharded coordinator, a hash partition (ranged = false).
struct Partition {
  std::string name;
  bool ranged = false;
  std::int64_t from = 0, to = 0;
};

// "MINVALUE", "'1733443200'" or "1733443200" → a time.
std::int64_t bound_value(std::string text) {
  text.erase(std::remove(text.begin(), text.end(), '\''), text.end());
  if (text == "MINVALUE") return INT64_MIN;
  if (text == "MAXVALUE") return INT64_MAX;
  return std::stoll(text);
}

// The value in "...<key> (<value>)..." of a partition bound, e.g. key "FROM".
std::string bound_part(const std::string& bound, const std::string& key) {
  auto at = bound.find(key + " (");
  if (at == std::string::npos) return "";
  at += key.size() + 2;
  return bound.substr(at, bound.find(')', at) - at);
}

Result<std::vector<Partition>> checkin_partitions(Transaction& tx) {
  auto rows = tx.query(
      "SELECT c.relname::text, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
      "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass('checkins') ORDER BY 1");
  if (!rows) return rows.error();
  std::vector<Partition> out;
  for (const auto& row : rows->rows) {
    auto cols = row.as<std::string, std::string>();
    if (!cols) return cols.error();
    auto& [name, bound] = *cols;
    Partition p{name};
    auto from = bound_part(bound, "FROM"), to = bound_part(bound, "TO");
    if (!from.empty() && !to.empty()) {
      try {
        p.ranged = true, p.from = bound_value(from), p.to = bound_value(to);
      } catch (const std::exception&) {
        return make_error("storage.error", "checkins partition " + name + ": unreadable bound " + bound);
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

// Whether `checkins` is partitioned by time here (a shard, or one server after migration 9): a plain table
// (restored from an old dump, or made by hand) is left as it is.
Result<bool> partitioned_by_day(Transaction& tx) {
  auto rows = tx.query(
      "SELECT COUNT(*) FROM pg_partitioned_table WHERE partrelid = to_regclass('checkins') AND partstrat = 'r'");
  if (!rows) return rows.error();
  auto n = rows->front().get<std::int64_t>(0);
  if (!n) return n.error();
  return *n > 0;
}

// Under the layout lock: the partitions of `checkins`, or nullopt when it is not partitioned by day here.
Result<std::optional<std::vector<Partition>>> day_partitions_locked(Transaction& tx) {
  if (auto locked = lock_layout(tx); !locked) return locked.error();
  auto by_day = partitioned_by_day(tx);
  if (!by_day) return by_day.error();
  if (!*by_day) return std::optional<std::vector<Partition>>();
  auto partitions = checkin_partitions(tx);
  if (!partitions) return partitions.error();
  return std::optional<std::vector<Partition>>(std::move(*partitions));
}

Result<int> prepare_days_here(Database& db, std::int64_t first_day, std::int64_t last_day) {
  int created = 0;
  auto done = db.transact([&](Transaction& tx) -> Result<void> {
    created = 0;
    auto found = day_partitions_locked(tx);
    if (!found) return found.error();
    if (!*found) return {};
    const auto& partitions = **found;
    for (auto day = first_day; day <= last_day; ++day) {
      auto from = day * kDay, to = from + kDay;
      bool taken = std::any_of(partitions.begin(), partitions.end(),
                               [&](const Partition& p) { return p.ranged && p.from < to && from < p.to; });
      if (taken) continue;
      auto made = tx.query("CREATE TABLE " + day_table(day) + " PARTITION OF checkins FOR VALUES FROM (" +
                           std::to_string(from) + ") TO (" + std::to_string(to) + ")");
      if (!made) return made.error();
      ++created;
    }
    return {};
  });
  if (!done) return done.error();
  return created;
}

Result<std::int64_t> drop_days_here(Database& db, std::int64_t cutoff) {
  std::int64_t dropped = 0;
  auto done = db.transact([&](Transaction& tx) -> Result<void> {
    dropped = 0;
    auto found = day_partitions_locked(tx);
    if (!found) return found.error();
    if (!*found) return {};
    for (const auto& p : **found) {
      if (!p.ranged || p.to > cutoff) continue;
      auto count = tx.query("SELECT COUNT(*) FROM " + p.name);
      if (!count) return count.error();
      auto rows = count->front().get<std::int64_t>(0);
      if (!rows) return rows.error();
      for (const auto& statement : {"ALTER TABLE checkins DETACH PARTITION " + p.name, "DROP TABLE " + p.name}) {
        auto ran = tx.query(statement);
        if (!ran) return ran.error();
      }
      dropped += *rows;
    }
    return {};
  });
  if (!done) return done.error();
  return dropped;
}

// Each shard's Database, in hash order; empty when `db` is not a sharded coordinator.
Result<std::vector<std::unique_ptr<Database>>> open_shards(Database& db) {
  auto urls = checkin_shards(db);
  if (!urls) return urls.error();
  std::vector<std::unique_ptr<Database>> out;
  for (const auto& url : *urls) {
    auto shard = Database::open(url, 1);
    if (!shard) return shard.error();
    out.push_back(std::move(*shard));
  }
  return out;
}

// A shard URL's libpq keywords (those set), or shards.invalid.
Result<std::map<std::string, std::string>> conninfo_of(const std::string& url) {
  if (url.rfind("postgresql://", 0) != 0 && url.rfind("postgres://", 0) != 0)
    return make_error("shards.invalid", "a shard is a postgresql:// URL");
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error);
  if (options == nullptr) {
    PQfreemem(parse_error);
    return make_error("shards.invalid", "a shard URL libpq cannot read");
  }
  std::map<std::string, std::string> out;
  for (auto* o = options; o->keyword != nullptr; ++o)
    if (o->val != nullptr && *o->val != '\0') out[o->keyword] = o->val;
  PQconninfoFree(options);
  return out;
}

// The coordinator's `checkins` as a CREATE TABLE for a shard: the same columns and CHECKs, the key and
// indexes the day partitions need, no foreign keys (the rows they name stay on the coordinator).
Result<std::vector<std::string>> shard_table_ddl(Transaction& tx) {
  auto columns = tx.query(
      "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_attribute a "
      "WHERE a.attrelid = to_regclass('checkins') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum");
  if (!columns) return columns.error();
  auto checks = tx.query(
      "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass('checkins') AND contype = 'c' "
      "ORDER BY conname");
  if (!checks) return checks.error();
  std::string table = "CREATE TABLE IF NOT EXISTS checkins (";
  for (const auto& row : columns->rows) {
    auto cols = row.as<std::string, std::string, bool>();
    if (!cols) return cols.error();
    auto& [name, type, not_null] = *cols;
    table += name + " " + type + (not_null ? " NOT NULL" : "") + ", ";
  }
  for (const auto& row : checks->rows) {
    auto check = row.get<std::string>(0);
    if (!check) return check.error();
    table += *check + ", ";
  }
  table += "PRIMARY KEY (client_id, time)) PARTITION BY RANGE (time)";
  return std::vector<std::string>{
      table,
      "CREATE INDEX IF NOT EXISTS checkins_by_place_time ON checkins (place_id, time)",
      "CREATE INDEX IF NOT EXISTS checkins_by_person_time ON checkins (person_id, time)",
      "CREATE INDEX IF NOT EXISTS checkins_by_subject_time ON checkins (subject, time)",
      "CREATE INDEX IF NOT EXISTS checkins_by_submitter_time ON checkins (submitted_by, time)",
      "CREATE INDEX IF NOT EXISTS checkins_by_time ON checkins (time)",
      "CREATE INDEX IF NOT EXISTS checkins_by_manual_id_number ON checkins (manual_id_number_hash, time)",
  };
}

// What postgres_fdw takes as the foreign server's options from a shard URL (user and password go to the
// user mapping); a dead shard fails a statement within connect_timeout rather than hanging it.
std::string server_options(const std::map<std::string, std::string>& conninfo) {
  static const std::set<std::string> kept = {"host",
                                             "hostaddr",
                                             "port",
                                             "dbname",
                                             "sslmode",
                                             "sslcert",
                                             "sslkey",
                                             "sslrootcert",
                                             "sslcrl",
                                             "connect_timeout",
                                             "target_session_attrs",
                                             "keepalives_idle"};
  std::string out;
  bool timeout = false;
  for (const auto& [key, value] : conninfo) {
    if (!kept.count(key)) continue;
    timeout = timeout || key == "connect_timeout";
    out += key + " " + quoted_literal(value) + ", ";
  }
  if (!timeout) out += "connect_timeout '5', ";
  // Scans of several shards run at once (a person's visits, tracing); a transaction that wrote to several
  // commits them in parallel; rows come in batches of a thousand.
  return out + "async_capable 'true', parallel_commit 'true', fetch_size '1000'";
}

}  // namespace

Result<std::vector<std::string>> checkin_shards(Database& db) {
  std::vector<std::string> urls;
  if (db.backend() != Backend::postgresql) return urls;
  auto read = db.transact([&](Transaction& tx) -> Result<void> {
    urls.clear();
    auto exists = tx.query("SELECT to_regclass('checkin_shards') IS NOT NULL");
    if (!exists) return exists.error();
    auto yes = exists->front().get<bool>(0);
    if (!yes) return yes.error();
    if (!*yes) return {};
    auto rows = tx.query("SELECT url FROM checkin_shards ORDER BY position");
    if (!rows) return rows.error();
    for (const auto& row : rows->rows) {
      auto url = row.get<std::string>(0);
      if (!url) return url.error();
      urls.push_back(*url);
    }
    return {};
  });
  if (!read) return read.error();
  return urls;
}

Result<int> prepare_checkin_days(Database& db, std::int64_t first_day, std::int64_t last_day) {
  if (db.backend() != Backend::postgresql) return 0;
  auto shards = open_shards(db);
  if (!shards) return shards.error();
  if (shards->empty()) return prepare_days_here(db, first_day, last_day);
  int created = 0;
  for (auto& shard : *shards) {
    auto made = prepare_days_here(*shard, first_day, last_day);
    if (!made) return made.error();
    created += *made;
  }
  return created;
}

Result<std::int64_t> drop_checkin_days_before(Database& db, std::int64_t cutoff) {
  if (db.backend() != Backend::postgresql) return 0;
  auto shards = open_shards(db);
  if (!shards) return shards.error();
  if (shards->empty()) return drop_days_here(db, cutoff);
  std::int64_t dropped = 0;
  for (auto& shard : *shards) {
    auto rows = drop_days_here(*shard, cutoff);
    if (!rows) return rows.error();
    dropped += *rows;
  }
  return dropped;
}

Result<ShardLayout> init_checkin_shards(Database& coordinator, const std::vector<std::string>& shard_urls,
                                        std::int64_t first_day, std::int64_t last_day) {
  if (coordinator.backend() != Backend::postgresql)
    return make_error("shards.invalid", "the coordinator is a postgresql:// database");
  if (shard_urls.empty()) return make_error("shards.invalid", "name at least one --shard URL");
  std::vector<std::map<std::string, std::string>> conninfos;
  for (const auto& url : shard_urls) {
    if (std::count(shard_urls.begin(), shard_urls.end(), url) > 1)
      return make_error("shards.invalid", "a shard URL is given twice");
    auto conninfo = conninfo_of(url);
    if (!conninfo) return conninfo.error();
    conninfos.push_back(std::move(*conninfo));
  }
  auto existing = checkin_shards(coordinator);
  if (!existing) return existing.error();
  if (!existing->empty()) {
    if (*existing != shard_urls)
      return make_error("shards.mismatch", "this database is laid out over " + std::to_string(existing->size()) +
                                               " other shard(s); moving check-ins between layouts is not supported");
    return ShardLayout{*existing, false};
  }

  std::vector<std::string> shard_ddl;
  auto read = coordinator.transact([&](Transaction& tx) -> Result<void> {
    auto any = tx.query("SELECT 1 FROM checkins LIMIT 1");
    if (!any) return any.error();
    if (!any->empty()) return make_error("shards.not_empty", "check-ins are stored here already: shard a new database");
    auto ddl = shard_table_ddl(tx);
    if (!ddl) return ddl.error();
    shard_ddl = std::move(*ddl);
    return {};
  });
  if (!read) return read.error();

  // Each shard: its own `checkins`, by day. (IF NOT EXISTS: a run that failed half-way can be run again.)
  std::vector<std::string> users;
  for (const auto& url : shard_urls) {
    auto shard = Database::open(url, 1);
    if (!shard) return shard.error();
    auto made = (*shard)->transact([&](Transaction& tx) -> Result<void> {
      if (auto locked = lock_layout(tx); !locked) return locked;
      for (const auto& statement : shard_ddl) {
        auto ran = tx.query(statement);
        if (!ran) return ran.error();
      }
      auto user = tx.query("SELECT current_user::text");
      if (!user) return user.error();
      auto name = user->front().get<std::string>(0);
      if (!name) return name.error();
      users.push_back(*name);
      return {};
    });
    if (!made) return made.error();
    auto days = prepare_days_here(**shard, first_day, last_day);
    if (!days) return days.error();
  }

  // The coordinator, in one transaction: foreign servers, the hash-partitioned parent, its foreign
  // partitions, and the shard list the maintenance reads.
  auto laid_out = coordinator.transact([&](Transaction& tx) -> Result<void> {
    if (auto locked = lock_layout(tx); !locked) return locked;
    std::vector<std::string> statements = {
        "CREATE EXTENSION IF NOT EXISTS postgres_fdw",
        "ALTER TABLE checkins RENAME TO checkins_unsharded",
        "CREATE TABLE checkins (LIKE checkins_unsharded INCLUDING DEFAULTS INCLUDING CONSTRAINTS) "
        "PARTITION BY HASH (place_id)",
        "DROP TABLE checkins_unsharded",
        "CREATE TABLE checkin_shards (position BIGINT PRIMARY KEY, url TEXT NOT NULL)",
    };
    auto n = std::to_string(shard_urls.size());
    for (std::size_t i = 0; i < shard_urls.size(); ++i) {
      auto server = "greenlight_shard_" + std::to_string(i);
      const auto& conninfo = conninfos[i];
      std::string mapping = "user " + quoted_literal(users[i]);
      if (auto password = conninfo.find("password"); password != conninfo.end())
        mapping += ", password " + quoted_literal(password->second);
      statements.push_back("CREATE SERVER " + server + " FOREIGN DATA WRAPPER postgres_fdw OPTIONS (" +
                           server_options(conninfo) + ")");
      statements.push_back("CREATE USER MAPPING FOR CURRENT_USER SERVER " + server + " OPTIONS (" + mapping + ")");
      statements.push_back("CREATE FOREIGN TABLE checkins_shard_" + std::to_string(i) +
                           " PARTITION OF checkins FOR VALUES WITH (MODULUS " + n + ", REMAINDER " + std::to_string(i) +
                           ") SERVER " + server + " OPTIONS (table_name 'checkins')");
    }
    for (const auto& statement : statements) {
      auto ran = tx.query(statement);
      if (!ran) return ran.error();
    }
    for (std::size_t i = 0; i < shard_urls.size(); ++i) {
      auto row = tx.query("INSERT INTO checkin_shards (position, url) VALUES ($1, $2)",
                          {static_cast<std::int64_t>(i), shard_urls[i]});
      if (!row) return row.error();
    }
    return {};
  });
  if (!laid_out) return laid_out.error();
  return ShardLayout{shard_urls, true};
}

}  // namespace greenlight::storage
