// Database::open picks the backend from the URL; migrations are backend-neutral and live here.
#include <charconv>
#include <ctime>

#include "backends.hpp"

namespace greenlight::storage {

namespace detail {

std::string format_real(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::string("NaN");
}

namespace {

std::string_view trim(std::string_view s) {
  const char* space = " \t\r\n";
  auto first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(space) - first + 1);
}

}  // namespace

std::vector<std::string> split_statements(std::string_view sql) {
  std::vector<std::string> statements;
  std::string current;
  bool in_body = false;  // inside a $$-quoted function or DO body, whose own ';' end no statement
  while (!sql.empty()) {
    auto eol = sql.find('\n');
    auto line = trim(sql.substr(0, eol));
    sql = eol == std::string_view::npos ? std::string_view{} : sql.substr(eol + 1);
    if (line.empty() || (!in_body && line.substr(0, 2) == "--")) continue;
    current.append(line).push_back('\n');
    for (auto at = line.find("$$"); at != std::string_view::npos; at = line.find("$$", at + 2)) in_body = !in_body;
    if (!in_body && line.back() == ';') {
      current.resize(current.size() - 2);  // the ';' and the '\n'
      if (!trim(current).empty()) statements.push_back(std::move(current));
      current.clear();
    }
  }
  if (!trim(current).empty()) statements.push_back(std::move(current));
  return statements;
}

}  // namespace detail

namespace {

bool starts_with(const std::string& s, std::string_view prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

Result<void> ensure_migrations_table(Database& db) {
  return db.transact([](Transaction& tx) -> Result<void> {
    auto created = tx.query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at BIGINT NOT NULL)");
    if (!created) return created.error();
    return {};
  });
}

// PostgreSQL: servers starting at once against one database (replicas) take turns migrating. Without this,
// both see a migration unapplied and both run it: the second fails on the first's CREATE TABLE (re-checking
// inside the transaction is not enough under READ COMMITTED). The lock ends with the transaction. SQLite
// needs none: BEGIN IMMEDIATE already serializes writers.
constexpr std::int64_t kMigrationLock = 0x676c6d6967;  // "glmig"

Result<void> lock_migrations(Database& db, Transaction& tx) {
  if (db.backend() != Backend::postgresql) return {};
  auto locked = tx.query("SELECT pg_advisory_xact_lock($1)", {kMigrationLock});
  if (!locked) return locked.error();
  return {};
}

Result<void> ensure_migrations_table_locked(Database& db) {
  return db.transact([&](Transaction& tx) -> Result<void> {
    if (auto locked = lock_migrations(db, tx); !locked) return locked;
    auto created = tx.query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at BIGINT NOT NULL)");
    if (!created) return created.error();
    return {};
  });
}

Result<bool> is_applied(Transaction& tx, int version) {
  auto found = tx.query("SELECT 1 FROM schema_migrations WHERE version = $1", {std::int64_t{version}});
  if (!found) return found.error();
  return !found->empty();
}

// Under the migration lock, re-checks inside the transaction: two servers starting at once apply each
// migration only once (the second finds it recorded).
Result<void> apply(Database& db, const Migration& migration) {
  return db.transact([&](Transaction& tx) -> Result<void> {
    if (auto locked = lock_migrations(db, tx); !locked) return locked;
    auto applied = is_applied(tx, migration.version);
    if (!applied) return applied.error();
    if (*applied) return {};
    // A migration for the other backend is recorded, not run, so versions stay one sequence.
    auto statements = migration.backend && *migration.backend != db.backend() ? std::vector<std::string>{}
                                                                              : detail::split_statements(migration.sql);
    for (const auto& statement : statements) {
      auto done = tx.query(statement);
      if (!done) {
        return make_error(done.error().code, "migration " + std::to_string(migration.version) + " (" + migration.name +
                                                 "): " + done.error().message);
      }
    }
    auto recorded = tx.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                             {std::int64_t{migration.version}, migration.name, std::int64_t{std::time(nullptr)}});
    if (!recorded) return recorded.error();
    return {};
  });
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& url, int pool_size) {
  if (starts_with(url, "sqlite:")) return detail::open_sqlite(url.substr(7));
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://"))
    return detail::open_postgres(url, pool_size);
  // Not the URL itself: it may carry a password.
  return make_error("storage.url", "database URL must start with sqlite:, postgresql:// or postgres://");
}

Result<void> Database::migrate(const std::vector<Migration>& migrations) {
  if (auto table = ensure_migrations_table_locked(*this); !table) return table;
  auto current = schema_version();
  if (!current) return current.error();
  for (const auto& migration : migrations) {
    if (migration.version <= *current) continue;
    auto applied = apply(*this, migration);
    if (!applied) return applied;
  }
  return {};
}

Result<int> Database::schema_version() {
  auto table = ensure_migrations_table(*this);
  if (!table) return table.error();
  int version = 0;
  auto read = transact([&](Transaction& tx) -> Result<void> {
    auto rows = tx.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!rows) return rows.error();
    auto max = rows->empty() ? Result<std::int64_t>(0) : rows->front().get<std::int64_t>(0);
    if (!max) return max.error();
    version = static_cast<int>(*max);
    return {};
  });
  if (!read) return read.error();
  return version;
}

}  // namespace greenlight::storage
