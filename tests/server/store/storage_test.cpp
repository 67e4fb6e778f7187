// The storage layer against both backends: every case runs on a fresh SQLite file and, when
// GREENLIGHT_TEST_POSTGRES_URL is set (scripts/test starts a throwaway cluster), on a fresh PostgreSQL
// schema. Without that variable the PostgreSQL runs are skipped with a warning, never passed silently.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <random>
#include <thread>

#include "greenlight/server/checkin_layout.hpp"
#include "greenlight/server/schema.hpp"
#include "greenlight/server/storage.hpp"

using namespace greenlight;
using namespace greenlight::storage;

namespace {

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  static const auto seed = std::random_device{}();
  return std::to_string(::getpid()) + "_" + std::to_string(seed % 100000) + "_" + std::to_string(counter++);
}

// A database of its own for one run of a test case; cleans up after itself.
class ScratchDatabase {
 public:
  virtual ~ScratchDatabase() = default;
  virtual std::string label() const = 0;
  virtual std::string url() const = 0;
  std::unique_ptr<Database> open() const {
    auto db = Database::open(url());
    if (!db) FAIL(label() << ": open: " << db.error().code << " " << db.error().message);
    return std::move(*db);
  }
};

class ScratchSqlite final : public ScratchDatabase {
 public:
  ScratchSqlite() : dir_(std::filesystem::temp_directory_path() / ("gl-storage-" + unique_suffix())) {}
  ~ScratchSqlite() override { std::filesystem::remove_all(dir_); }
  std::string label() const override { return "sqlite"; }
  // A directory that does not exist yet: open must create it.
  std::string url() const override { return "sqlite:" + (dir_ / "sub" / "greenlight.db").string(); }

 private:
  std::filesystem::path dir_;
};

// A schema of its own, reached through the URL's options=-csearch_path=..., so parallel CTest processes
// and reruns never meet each other's tables.
class ScratchPostgres final : public ScratchDatabase {
 public:
  explicit ScratchPostgres(std::string base) : base_(std::move(base)), schema_("t_" + unique_suffix()) {
    admin("CREATE SCHEMA " + schema_);
  }
  ~ScratchPostgres() override { admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE"); }
  std::string label() const override { return "postgresql"; }
  std::string url() const override {
    return base_ + (base_.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
  }

 private:
  void admin(const std::string& sql) const {
    auto db = Database::open(base_, 1);
    if (!db) FAIL("postgresql: " << db.error().message);
    auto done = (*db)->transact([&](Transaction& tx) -> Result<void> {
      auto r = tx.query(sql);
      if (!r) return r.error();
      return {};
    });
    if (!done) FAIL("postgresql: " << sql << ": " << done.error().message);
  }
  std::string base_;
  std::string schema_;
};

const char* postgres_url() {
  const char* url = std::getenv("GREENLIGHT_TEST_POSTGRES_URL");
  return url && *url ? url : nullptr;
}

// Runs check once per available backend.
template <typename Check>
void on_each_backend(Check check) {
  {
    ScratchSqlite sqlite;
    INFO("backend: sqlite");
    check(sqlite);
  }
  if (const char* url = postgres_url()) {
    ScratchPostgres postgres(url);
    INFO("backend: postgresql");
    check(postgres);
  } else {
    WARN("PostgreSQL run SKIPPED: GREENLIGHT_TEST_POSTGRES_URL is not set (scripts/test sets it)");
  }
}

// Runs statements in one transaction and returns the last one's rows; FAILs on any error.
Rows run(Database& db, const std::string& sql, const std::vector<Value>& params = {}) {
  Rows rows;
  auto done = db.transact([&](Transaction& tx) -> Result<void> {
    auto r = tx.query(sql, params);
    if (!r) return r.error();
    rows = std::move(*r);
    return {};
  });
  if (!done) FAIL(sql << ": " << done.error().code << " " << done.error().message);
  return rows;
}

Result<void> try_run(Database& db, const std::string& sql, const std::vector<Value>& params = {}) {
  return db.transact([&](Transaction& tx) -> Result<void> {
    auto r = tx.query(sql, params);
    if (!r) return r.error();
    return {};
  });
}

std::int64_t count(Database& db, const std::string& table) {
  return run(db, "SELECT COUNT(*) FROM " + table).front().get<std::int64_t>(0).value();
}

constexpr const char* kValuesTable =
    "CREATE TABLE vals (id BIGINT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, s TEXT, n TEXT)";

// The account, place and checkin rows the foreign keys of 0001 need.
void seed_account(Database& db, const std::string& id, const std::string& phone_hash) {
  run(db, "INSERT INTO accounts (id, phone_hash, phone_enc, created_at) VALUES ($1, $2, $3, $4)",
      {id, phone_hash, std::string("enc"), std::int64_t{1767225600}});
}

}  // namespace

TEST_CASE("storage: every value type binds and reads back exactly (NULL, UTF-8, int64 extremes, doubles)",
          "[storage]") {
  on_each_backend([](ScratchDatabase& scratch) {
    auto db = scratch.open();
    run(*db, kValuesTable);
    const std::int64_t big = std::numeric_limits<std::int64_t>::max();
    const std::int64_t small = std::numeric_limits<std::int64_t>::min();
    const std::vector<double> reals = {0.1, 36.6, -1e300, 5e-324, 1.0 / 3.0, 0.0};
    const std::string utf8 = "张三 — Zoë ✓ 😀";
    for (std::size_t k = 0; k < reals.size(); ++k) {
      run(*db, "INSERT INTO vals (id, i, r, s, n) VALUES ($1, $2, $3, $4, $5)",
          {std::int64_t(k), k % 2 ? big : small, reals[k], utf8 + "'$1'", nullptr});
    }
    auto rows = run(*db, "SELECT id, i, r, s, n FROM vals ORDER BY id");
    REQUIRE(rows.rows.size() == reals.size());
    for (std::size_t k = 0; k < reals.size(); ++k) {
      const auto& row = rows.rows[k];
      CHECK(row.get<std::int64_t>(0).value() == std::int64_t(k));
      CHECK(row.get<std::int64_t>(1).value() == (k % 2 ? big : small));
      CHECK(row.get<double>(2).value() == reals[k]);
      CHECK(row.get<std::string>(3).value() == utf8 + "'$1'");
      CHECK(row.is_null(4));
      CHECK(row.get<std::string>(4).value().empty());
      CHECK(row.get<std::int64_t>(4).value() == 0);
      CHECK_FALSE(row.get<std::optional<std::int64_t>>(4).value().has_value());
      CHECK_FALSE(row.get<std::optional<std::string>>(4).value().has_value());
    }
    // Placeholders out of order, reused, and a '$1' inside a literal that must stay text.
    auto echo = run(*db, "SELECT $2, $1, '$1', $2 || 'x' FROM vals WHERE id = 0", {std::string("a"), std::string("b")});
    REQUIRE(echo.front().size() == 4);
    CHECK(echo.front().get<std::string>(0).value() == "b");
    CHECK(echo.front().get<std::string>(1).value() == "a");
    CHECK(echo.front().get<std::string>(2).value() == "$1");
    CHECK(echo.front().get<std::string>(3).value() == "bx");
    // NULL bound as a parameter matches IS NULL (PostgreSQL needs the CAST to type a bare $1), and a SELECT
    // changes nothing.
    auto nulls = run(*db, "SELECT COUNT(*) FROM vals WHERE n IS NULL AND CAST($1 AS TEXT) IS NULL", {nullptr});
    CHECK(nulls.front().get<std::int64_t>(0).value() == std::int64_t(reals.size()));
    CHECK(nulls.affected == 0);
  });
}

TEST_CASE("storage: RETURNING, ON CONFLICT DO NOTHING and affected counts", "[storage]") {
  on_each_backend([](ScratchDatabase& scratch) {
    auto db = scratch.open();
    run(*db, kValuesTable);
    auto inserted =
        run(*db, "INSERT INTO vals (id, s) VALUES ($1, $2) RETURNING id, s", {std::int64_t{7}, std::string("seven")});
    REQUIRE(inserted.rows.size() == 1);
    CHECK(inserted.front().get<std::int64_t>(0).value() == 7);
    CHECK(inserted.front().get<std::string>(1).value() == "seven");
    CHECK(inserted.affected == 1);

    auto again = run(*db, "INSERT INTO vals (id, s) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                     {std::int64_t{7}, std::string("x")});
    CHECK(again.affected == 0);
    auto again_returning = run(*db, "INSERT INTO vals (id, s) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id",
                               {std::int64_t{7}, std::string("x")});
    CHECK(again_returning.empty());
    CHECK(again_returning.affected == 0);

    run(*db, "INSERT INTO vals (id, s) VALUES (8, 'eight'), (9, 'nine')");
    CHECK(run(*db, "UPDATE vals SET i = 1 WHERE id >= $1", {std::int64_t{8}}).affected == 2);
    CHECK(run(*db, "UPDATE vals SET i = 1 WHERE id > 100").affected == 0);
    CHECK(run(*db, "DELETE FROM vals WHERE id = 9").affected == 1);
    CHECK(run(*db, "CREATE INDEX vals_s ON vals (s)").affected == 0);
    auto upsert =
        run(*db, "INSERT INTO vals (id, s) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET s = excluded.s RETURNING s",
            {std::int64_t{7}, std::string("SEVEN")});
    CHECK(upsert.front().get<std::string>(0).value() == "SEVEN");
    CHECK(upsert.affected == 1);
  });
}

TEST_CASE("storage: an error from the callback or a swallowed SQL error rolls everything back", "[storage]") {
  on_each_backend([](ScratchDatabase& scratch) {
    auto db = scratch.open();
    run(*db, kValuesTable);
    auto refused = db->transact([](Transaction& tx) -> Result<void> {
      REQUIRE(tx.query("INSERT INTO vals (id) VALUES (1)"));
      REQUIRE(tx.query("INSERT INTO vals (id) VALUES (2)"));
      return make_error("test.refused", "changed my mind");
    });
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == "test.refused");
    CHECK(count(*db, "vals") == 0);

    // PostgreSQL aborts a transaction at its first error; SQLite is made to behave the same.
    run(*db, "INSERT INTO vals (id) VALUES (1)");
    auto swallowed = db->transact([](Transaction& tx) -> Result<void> {
      REQUIRE(tx.query("INSERT INTO vals (id) VALUES (2)"));
      CHECK(tx.query("INSERT INTO vals (id) VALUES (1)").error().code == "storage.constraint");
      CHECK_FALSE(tx.query("INSERT INTO vals (id) VALUES (3)"));
      return {};
    });
    REQUIRE_FALSE(swallowed);
    CHECK(count(*db, "vals") == 1);

    CHECK(run(*db, "SELECT COUNT(*) FROM vals; -- a trailing comment is not a second statement")
              .front()
              .get<std::int64_t>(0)
              .value() == 1);
    auto bad_sql = try_run(*db, "SELEKT 1");
    REQUIRE_FALSE(bad_sql);
    CHECK(bad_sql.error().code == "storage.error");
    auto two_statements = try_run(*db, "INSERT INTO vals (id) VALUES (5); INSERT INTO vals (id) VALUES (6)");
    REQUIRE_FALSE(two_statements);
    CHECK(two_statements.error().code == "storage.error");
    CHECK(count(*db, "vals") == 1);
    // The database is still usable after all that.
    CHECK(run(*db, "INSERT INTO vals (id) VALUES (4)").affected == 1);
  });
}

TEST_CASE("storage: UNIQUE and FOREIGN KEY violations are storage.constraint and never quote the values", "[storage]") {
  on_each_backend([](ScratchDatabase& scratch) {
    auto db = scratch.open();
    REQUIRE(db->migrate(schema_migrations()));
    const std::string secret = "secret-phone-hash-13800138000";
    seed_account(*db, "a-1", secret);
    auto duplicate =
        try_run(*db, "INSERT INTO accounts (id, phone_hash, phone_enc, created_at) VALUES ($1, $2, $3, $4)",
                {std::string("a-2"), secret, std::string("enc"), std::int64_t{1}});
    REQUIRE_FALSE(duplicate);
    CHECK(duplicate.error().code == "storage.constraint");
    CHECK(duplicate.error().message.find(secret) == std::string::npos);

    auto orphan =
        try_run(*db, "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, 1, 2)",
                {std::string("tok"), std::string("no-such-account-" + secret)});
    REQUIRE_FALSE(orphan);
    CHECK(orphan.error().code == "storage.constraint");
    CHECK(orphan.error().message.find(secret) == std::string::npos);

    auto bad_status = try_run(*db, "UPDATE counters SET value = $1 WHERE name = 'status_seq' AND value = $2",
                              {std::string("not-a-number-" + secret), std::int64_t{0}});
    if (!bad_status) CHECK(bad_status.error().message.find(secret) == std::string::npos);
    CHECK(count(*db, "accounts") == 1);
    CHECK(count(*db, "sessions") == 0);
  });
}

TEST_CASE("storage: migrate applies each migration once, in its own transaction, and records it", "[storage]") {
  on_each_backend([](ScratchDatabase& scratch) {
    auto db = scratch.open();
    auto fresh = db->schema_version();
    REQUIRE(fresh);
    CHECK(*fresh == 0);

    const auto& migrations = schema_migrations();
    REQUIRE_FALSE(migrations.empty());
    CHECK(migrations.front().version == 1);
    CHECK(migrations.front().name == "initial");
    REQUIRE(db->migrate(migrations));
    CHECK(*db->schema_version() == migrations.back().version);
    CHECK(run(*db, "SELECT value FROM counters WHERE name = 'status_seq'").front().get<std::int64_t>(0).value() == 0);

    REQUIRE(db->migrate(migrations));  // idempotent: nothing re-run (the INSERT into counters would clash)
    CHECK(count(*db, "schema_migrations") == std::int64_t(migrations.size()));
    auto recorded = run(*db, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
    CHECK(recorded.front().get<std::string>(1).value() == "initial");
    CHECK(recorded.front().get<std::int64_t>(2).value() > 1700000000);

    auto more = migrations;
    more.push_back({1000, "extra",
                    "-- a comment line\nCREATE TABLE extra (a TEXT);\nINSERT INTO extra (a)\n  VALUES ('x;y');\n",
                    std::nullopt});
    more.push_back({1001, "broken", "CREATE TABLE half (a TEXT);\nNOT SQL AT ALL;\n", std::nullopt});
    auto partly = db->migrate(more);
    REQUIRE_FALSE(partly);
    CHECK(partly.error().code == "storage.error");
    CHECK(*db->schema_version() == 1000);
    CHECK(run(*db, "SELECT a FROM extra").front().get<std::string>(0).value() == "x;y");
    CHECK_FALSE(try_run(*db, "SELECT COUNT(*) FROM half"));  // the broken migration left nothing behind
  });
}

TEST_CASE("storage: a backend's own migration runs there only; a $$ body keeps its semicolons", "[storage]") {
  on_each_backend([](ScratchDatabase& scratch) {
    auto db = scratch.open();
    auto pg = db->backend() == Backend::postgresql;
    std::vector<Migration> migrations = {
        {1, "pg_only",
         "CREATE TABLE pg_only (a BIGINT);\nDO $$\nBEGIN\n  INSERT INTO pg_only VALUES (1);\n  INSERT INTO pg_only "
         "VALUES (2);\nEND $$;\n",
         Backend::postgresql},
        {2, "sqlite_only", "CREATE TABLE lite_only (a TEXT);\n", Backend::sqlite},
    };
    auto migrated = db->migrate(migrations);
    INFO((migrated ? std::string() : migrated.error().message));
    REQUIRE(migrated);
    CHECK(*db->schema_version() == 2);  // both recorded, whichever ran
    CHECK(bool(try_run(*db, "SELECT COUNT(*) FROM pg_only")) == pg);
    CHECK(bool(try_run(*db, "SELECT COUNT(*) FROM lite_only")) == !pg);
    if (pg) CHECK(count(*db, "pg_only") == 2);
  });
}

TEST_CASE("storage: an upgraded PostgreSQL keeps its check-ins as the partition before days", "[storage]") {
  on_each_backend([](ScratchDatabase& scratch) {
    auto db = scratch.open();
    if (db->backend() != Backend::postgresql) return;
    const auto& all = schema_migrations();
    std::vector<Migration> before_days;
    for (const auto& m : all)
      if (m.version < 9) before_days.push_back(m);
    REQUIRE(db->migrate(before_days));
    // A row of the old table (foreign keys aside: this is about where it goes, not what it names).
    auto yesterday = static_cast<std::int64_t>(std::time(nullptr)) - 86400;
    REQUIRE(db->transact([&](Transaction& tx) -> Result<void> {
      if (auto off = tx.query("SET LOCAL session_replication_role = replica"); !off) return off.error();
      auto row = tx.query(
          "INSERT INTO checkins (client_id, place_id, submitted_by, method, time, received_at, reasons, provenance) "
          "VALUES ('old-1', 'pl-1', 'ac-1', 'manual', $1, $1, '[]', 'hand-registration')",
          {yesterday});
      if (!row) return row.error();
      return {};
    }));
    auto upgraded = db->migrate(all);
    INFO((upgraded ? std::string() : upgraded.error().message));
    REQUIRE(upgraded);
    CHECK(count(*db, "checkins") == 1);
    CHECK(count(*db, "pg_inherits WHERE inhparent = 'checkins'::regclass") == 1);  // the old table
    // Days are made only where the old table does not reach: from tomorrow on.
    auto today = static_cast<std::int64_t>(std::time(nullptr)) / 86400;
    CHECK(*prepare_checkin_days(*db, today - 3, today + 2) == 2);
    // A resend of the old row still lands once; retention drops the old table once it is all past.
    CHECK(run(*db,
              "INSERT INTO checkins (client_id, place_id, submitted_by, method, time, received_at, reasons) "
              "SELECT client_id, place_id, submitted_by, method, time, received_at, reasons FROM checkins "
              "ON CONFLICT DO NOTHING")
              .affected == 0);
    CHECK(*drop_checkin_days_before(*db, (today + 1) * 86400) == 1);
    CHECK(count(*db, "checkins") == 0);
  });
}

TEST_CASE("storage: status entries from before their expiry was recorded are kept a proxy code's life", "[storage]") {
  on_each_backend([](ScratchDatabase& scratch) {
    auto db = scratch.open();
    const auto& all = schema_migrations();
    std::vector<Migration> before_expiry;
    for (const auto& m : all)
      if (m.version < 10) before_expiry.push_back(m);
    REQUIRE(db->migrate(before_expiry));
    run(*db, "INSERT INTO status_entries (q, subject_hash, status, changed_at) VALUES (1, 'h1', 'red', 1767225600)");
    auto upgraded = db->migrate(all);
    INFO((upgraded ? std::string() : upgraded.error().message));
    REQUIRE(upgraded);
    // 180 days (a proxy code's life, the longest a status list covers) and 300 s of skew: never shorter than needed.
    CHECK(run(*db, "SELECT expires_at FROM status_entries WHERE q = 1").front().get<std::int64_t>(0).value() ==
          1767225600 + 180 * 86400 + 300);
    // A row written by a server that does not know the column (a rolling upgrade) is NULL, read with that bound.
    run(*db, "INSERT INTO status_entries (q, subject_hash, status, changed_at) VALUES (2, 'h2', 'red', 1767225600)");
    CHECK(
        run(*db, "SELECT COUNT(*) FROM status_entries WHERE expires_at IS NULL").front().get<std::int64_t>(0).value() ==
        1);
  });
}

TEST_CASE("storage: PostgreSQL check-ins are partitioned by day; retention drops whole days", "[storage]") {
  on_each_backend([](ScratchDatabase& scratch) {
    auto db = scratch.open();
    REQUIRE(db->migrate(schema_migrations()));
    if (db->backend() != Backend::postgresql) {
      CHECK(*prepare_checkin_days(*db, 20000, 20002) == 0);  // SQLite: one table, nothing to make
      CHECK(*drop_checkin_days_before(*db, 20001 * 86400) == 0);
      return;
    }
    // On a fresh database the migration kept no old table: every day is a partition of its own.
    auto today = static_cast<std::int64_t>(std::time(nullptr)) / 86400;
    auto partitions = [&] { return count(*db, "pg_inherits WHERE inhparent = 'checkins'::regclass"); };
    CHECK(partitions() == 0);
    auto made = prepare_checkin_days(*db, today - 3, today + 2);
    REQUIRE(made);
    CHECK(*made == 6);
    CHECK(*prepare_checkin_days(*db, today - 3, today + 2) == 0);  // idempotent
    CHECK(partitions() == 6);
    CHECK(bool(try_run(*db, "SELECT COUNT(*) FROM checkins WHERE time >= 0")));
    // The two days wholly before the cutoff go; the day it cuts through stays for the DELETE.
    auto dropped = drop_checkin_days_before(*db, (today - 1) * 86400 + 3600);
    REQUIRE(dropped);
    CHECK(*dropped == 0);
    CHECK(partitions() == 4);
  });
}

TEST_CASE("storage: 8 threads incrementing one counter lose no update", "[storage]") {
  on_each_backend([](ScratchDatabase& scratch) {
    auto db = scratch.open();
    REQUIRE(db->migrate(schema_migrations()));
    constexpr int kThreads = 8;
    constexpr int kIncrements = 50;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < kIncrements; ++i) {
          // Each transaction also records the value it got: a duplicate would break status_entries' key.
          auto done = db->transact([](Transaction& tx) -> Result<void> {
            auto bumped = tx.query("UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value",
                                   {std::string("status_seq")});
            if (!bumped) return bumped.error();
            auto row =
                tx.query("INSERT INTO status_entries (q, subject_hash, status, changed_at) VALUES ($1, $2, $3, $4)",
                         {bumped->front().get<std::int64_t>(0).value(), std::string("h"), std::string("green"),
                          std::int64_t{1}});
            if (!row) return row.error();
            return {};
          });
          if (!done) ++failures;
        }
      });
    }
    for (auto& thread : threads) thread.join();
    CHECK(failures == 0);
    CHECK(run(*db, "SELECT value FROM counters WHERE name = 'status_seq'").front().get<std::int64_t>(0).value() ==
          kThreads * kIncrements);
    CHECK(count(*db, "status_entries") == kThreads * kIncrements);
  });
}

TEST_CASE("storage: SQLite opens in WAL mode with foreign keys on", "[storage]") {
  ScratchSqlite scratch;
  auto db = scratch.open();
  CHECK(db->backend() == Backend::sqlite);
  CHECK(run(*db, "PRAGMA journal_mode").front().get<std::string>(0).value() == "wal");
  CHECK(run(*db, "PRAGMA foreign_keys").front().get<std::int64_t>(0).value() == 1);
  CHECK(run(*db, "PRAGMA synchronous").front().get<std::int64_t>(0).value() == 2);  // FULL
}

TEST_CASE("storage: a URL that is neither sqlite: nor postgresql:// is storage.url", "[storage]") {
  for (const char* url : {"", "mysql://u:pw@host/db", "sqlite:", "postgresql:/nohost", "/tmp/greenlight.db"}) {
    INFO(url);
    auto db = Database::open(url);
    REQUIRE_FALSE(db);
    CHECK(db.error().code == "storage.url");
    CHECK(db.error().message.find("pw") == std::string::npos);
  }
}

TEST_CASE("storage: an unreachable PostgreSQL is storage.unavailable and the password is not told", "[storage]") {
  auto db = Database::open("postgresql://greenlight:s3cr3t-pw@127.0.0.1:1/greenlight?connect_timeout=2");
  REQUIRE_FALSE(db);
  CHECK(db.error().code == "storage.unavailable");
  CHECK(db.error().message.find("s3cr3t-pw") == std::string::npos);
  auto postgres_form = Database::open("postgres://127.0.0.1:1/greenlight");
  REQUIRE_FALSE(postgres_form);
  CHECK(postgres_form.error().code == "storage.unavailable");
}

TEST_CASE("storage: PostgreSQL reports its backend and survives a killed connection", "[storage]") {
  const char* url = postgres_url();
  if (!url) {
    WARN("PostgreSQL run SKIPPED: GREENLIGHT_TEST_POSTGRES_URL is not set (scripts/test sets it)");
    return;
  }
  ScratchPostgres scratch(url);
  auto db = Database::open(scratch.url(), 2);
  REQUIRE(db);
  CHECK((*db)->backend() == Backend::postgresql);
  auto pid = run(**db, "SELECT pg_backend_pid()").front().get<std::int64_t>(0).value();
  {
    auto admin = Database::open(url, 1);
    REQUIRE(admin);
    run(**admin, "SELECT pg_terminate_backend($1)", {pid});
  }
  // The pooled connection is dead: the next transaction notices at BEGIN and reconnects.
  CHECK(run(**db, "SELECT 1").front().get<std::int64_t>(0).value() == 1);
}
