// SQLite backend: one connection behind a mutex (SQLite serializes writers anyway), WAL, prepared
// statements cached by SQL text because the server runs the same few statements over and over.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "backends.hpp"

namespace greenlight::storage::detail {

namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr std::size_t kStatementCacheLimit = 256;  // far above the server's own statements
constexpr int kBeginAttempts = 3;

// The error for a failed call: never the parameters, which may be personal data.
Error sqlite_error(sqlite3* db, int code, std::string_view what) {
  std::string message = "sqlite: " + std::string(what) + ": " + sqlite3_errmsg(db);
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      return make_error("storage.constraint", message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
      return make_error("storage.unavailable", message);
    default:
      return make_error("storage.error", message);
  }
}

// Callers write $N (PostgreSQL's form); SQLite reads ?N the same way. String literals, quoted names and
// comments are copied untouched.
std::string to_sqlite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      auto close = sql.find(c, i + 1);  // a doubled quote just reopens: copied either way
      auto end = close == std::string_view::npos ? sql.size() : close + 1;
      out.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      auto eol = sql.find('\n', i);
      auto end = eol == std::string_view::npos ? sql.size() : eol;
      out.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out.push_back('?');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// What follows the first statement is more SQL (not just blanks, ';' or "--" comments).
bool has_more_sql(std::string_view tail) {
  while (!tail.empty()) {
    if (tail.substr(0, 2) == "--") {
      auto eol = tail.find('\n');
      tail = eol == std::string_view::npos ? std::string_view{} : tail.substr(eol + 1);
    } else if (std::string_view(" \t\r\n;").find(tail.front()) != std::string_view::npos) {
      tail.remove_prefix(1);
    } else {
      return true;
    }
  }
  return false;
}

std::optional<std::string> read_cell(sqlite3_stmt* statement, int column) {
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_NULL:
      return std::nullopt;
    case SQLITE_INTEGER:
      return std::to_string(sqlite3_column_int64(statement, column));
    case SQLITE_FLOAT:
      return format_real(sqlite3_column_double(statement, column));
    default: {
      auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
      return std::string(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
    }
  }
}

// Resets a cached statement however the query ends, so it never holds a read transaction open.
struct StatementUse {
  sqlite3_stmt* statement;
  ~StatementUse() {
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
  }
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}
  ~SqliteDatabase() override {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(db_);
  }
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  Backend backend() const override { return Backend::sqlite; }
  Result<void> transact(const std::function<Result<void>(Transaction&)>& work) override;

  Result<Rows> run(std::string_view sql, const std::vector<Value>& params);
  Result<void> exec(const char* sql) {
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, sql);
    return {};
  }

 private:
  Result<sqlite3_stmt*> prepare(std::string_view sql);
  Result<void> bind(sqlite3_stmt* statement, const std::vector<Value>& params);
  Result<void> begin();

  sqlite3* db_;
  std::mutex mutex_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// One transaction's view. After a failed statement the transaction is poisoned, as PostgreSQL does, so
// code tested on SQLite cannot come to rely on carrying on after an error.
class SqliteTransaction final : public Transaction {
 public:
  explicit SqliteTransaction(SqliteDatabase& db) : db_(db) {}
  Result<Rows> query(std::string_view sql, const std::vector<Value>& params) override {
    if (failure_) return make_error("storage.error", "transaction already failed: " + failure_->message);
    auto rows = db_.run(sql, params);
    if (!rows) failure_ = rows.error();
    return rows;
  }
  const std::optional<Error>& failure() const { return failure_; }

 private:
  SqliteDatabase& db_;
  std::optional<Error> failure_;
};

Result<sqlite3_stmt*> SqliteDatabase::prepare(std::string_view sql) {
  std::string key(sql);
  if (auto cached = statements_.find(key); cached != statements_.end()) return cached->second;
  auto translated = to_sqlite_placeholders(sql);
  sqlite3_stmt* statement = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, translated.c_str(), static_cast<int>(translated.size() + 1),
                              SQLITE_PREPARE_PERSISTENT, &statement, &tail);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, "prepare");
  if (statement == nullptr || has_more_sql(tail ? tail : "")) {
    sqlite3_finalize(statement);
    return make_error("storage.error", "sqlite: expected exactly one statement per query");
  }
  if (statements_.size() >= kStatementCacheLimit) {
    for (auto& [old_sql, old] : statements_) sqlite3_finalize(old);
    statements_.clear();
  }
  statements_.emplace(std::move(key), statement);
  return statement;
}

Result<void> SqliteDatabase::bind(sqlite3_stmt* statement, const std::vector<Value>& params) {
  if (static_cast<std::size_t>(sqlite3_bind_parameter_count(statement)) != params.size())
    return make_error("storage.error", "sqlite: the number of parameters does not match the statement's placeholders");
  for (std::size_t i = 0; i < params.size(); ++i) {
    int index = static_cast<int>(i + 1);
    int rc = std::visit(
        [&](const auto& v) -> int {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) return sqlite3_bind_null(statement, index);
          else if constexpr (std::is_same_v<T, std::int64_t>) return sqlite3_bind_int64(statement, index, v);
          else if constexpr (std::is_same_v<T, double>) return sqlite3_bind_double(statement, index, v);
          // SQLITE_STATIC: params outlive the statement's use, and bindings are cleared right after.
          else return sqlite3_bind_text64(statement, index, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
        },
        params[i]);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, "bind");
  }
  return {};
}

Result<Rows> SqliteDatabase::run(std::string_view sql, const std::vector<Value>& params) {
  auto prepared = prepare(sql);
  if (!prepared) return prepared.error();
  StatementUse use{*prepared};
  if (auto bound = bind(use.statement, params); !bound) return bound.error();
  Rows result;
  auto changes_before = sqlite3_total_changes64(db_);
  int columns = sqlite3_column_count(use.statement);
  int rc;
  while ((rc = sqlite3_step(use.statement)) == SQLITE_ROW) {
    std::vector<std::optional<std::string>> cells;
    cells.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) cells.push_back(read_cell(use.statement, c));
    result.rows.emplace_back(std::move(cells));
  }
  if (rc != SQLITE_DONE) return sqlite_error(db_, rc, "step");
  // total_changes moves only when this statement changed rows; changes() alone would repeat the count of
  // an earlier INSERT after a DDL statement or an INSERT ... DO NOTHING.
  if (sqlite3_total_changes64(db_) != changes_before) result.affected = sqlite3_changes64(db_);
  return result;
}

// BEGIN IMMEDIATE takes the write lock up front, so a transaction never fails half way on a lock held by
// another process; busy_timeout already waited 5 s, so a few more tries are all that is worth doing.
Result<void> SqliteDatabase::begin() {
  Result<void> begun;
  for (int attempt = 0; attempt < kBeginAttempts; ++attempt) {
    begun = exec("BEGIN IMMEDIATE");
    if (begun || begun.error().code != "storage.unavailable") return begun;
  }
  return begun;
}

Result<void> SqliteDatabase::transact(const std::function<Result<void>(Transaction&)>& work) {
  std::lock_guard lock(mutex_);
  if (auto begun = begin(); !begun) return begun;
  SqliteTransaction tx(*this);
  Result<void> outcome;
  try {
    outcome = work(tx);
  } catch (...) {
    (void)exec("ROLLBACK");  // the next BEGIN would fail on a transaction left open
    throw;
  }
  if (outcome && tx.failure()) outcome = *tx.failure();  // work swallowed an error: do not commit the rest
  if (outcome) {
    outcome = exec("COMMIT");
    if (outcome) return outcome;
  }
  if (sqlite3_get_autocommit(db_) == 0) (void)exec("ROLLBACK");  // COMMIT may have failed and left it open
  return outcome;
}

Result<void> create_parent_directory(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return {};
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) return make_error("storage.unavailable", "sqlite: cannot create the database's directory: " + ec.message());
  return {};
}

// The database holds sealed PII, keyed hashes and sessions: readable by the server's user only. SQLite
// creates the -wal and -shm files with the main file's mode, so the main file is made 0600 before SQLite
// opens it; files left 0644 by older servers are tightened too.
Result<void> owner_only(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return make_error("storage.unavailable", "sqlite: cannot create " + path + ": " + std::strerror(errno));
  ::close(fd);
  for (const auto& file : {path, path + "-wal", path + "-shm"}) {
    if (::chmod(file.c_str(), 0600) != 0 && errno != ENOENT)
      return make_error("storage.unavailable", "sqlite: cannot make " + file + " private: " + std::strerror(errno));
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path) {
  if (path.empty()) return make_error("storage.url", "sqlite: URL has no path (sqlite:<path>)");
  if (path != ":memory:") {
    if (auto made = create_parent_directory(path); !made) return made.error();
    if (auto made = owner_only(path); !made) return made.error();
  }
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  auto db = std::make_unique<SqliteDatabase>(raw);  // closes raw on every return below
  if (rc != SQLITE_OK) return sqlite_error(raw, rc, "open");
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  // cache_size: SQLite's default page cache is 2 MiB; past that every insert into the check-ins' indexes
  // reads pages back from the OS, and under sustained ingest latency climbs with the table (bench/soak.mjs).
  // One connection, so 64 MiB is the bound.
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL", "PRAGMA cache_size=-65536"}) {
    if (auto set = db->exec(pragma); !set) return set.error();
  }
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace greenlight::storage::detail

namespace greenlight::storage {

namespace {

// Closes a connection opened for the backup on every path out.
struct Connection {
  sqlite3* db = nullptr;
  ~Connection() { sqlite3_close_v2(db); }
};

}  // namespace

Result<std::uint64_t> back_up_sqlite(const std::string& url, const std::string& out_path) {
  constexpr std::string_view prefix = "sqlite:";
  if (url.rfind(prefix, 0) != 0 || url.size() == prefix.size() || url == "sqlite::memory:")
    return make_error("storage.url", "a backup copies a SQLite database file (sqlite:<path>)");
  const std::string source_path = url.substr(prefix.size());

  // Read-only, never created: a mistyped path must not leave an empty database behind.
  Connection source;
  int rc = sqlite3_open_v2(source_path.c_str(), &source.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) return detail::sqlite_error(source.db, rc, "open " + source_path);
  sqlite3_busy_timeout(source.db, detail::kBusyTimeoutMs);

  const std::string partial = out_path + ".partial";
  std::remove(partial.c_str());
  if (auto made = detail::create_parent_directory(partial); !made) return made.error();
  if (auto made = detail::owner_only(partial); !made) return made.error();
  auto fail = [&](Error e) {
    std::remove(partial.c_str());
    return e;
  };
  {
    Connection copy;
    rc = sqlite3_open_v2(partial.c_str(), &copy.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) return fail(detail::sqlite_error(copy.db, rc, "open " + partial));
    sqlite3_backup* backup = sqlite3_backup_init(copy.db, "main", source.db, "main");
    if (!backup) return fail(detail::sqlite_error(copy.db, sqlite3_errcode(copy.db), "backup"));
    // All pages in one step: one read transaction on the source, so one snapshot. A writer holding the
    // lock at that moment only delays it (busy: try again shortly).
    for (int attempt = 0;; ++attempt) {
      rc = sqlite3_backup_step(backup, -1);
      if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || attempt == 100) break;
      sqlite3_sleep(50);
    }
    int finished = sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) return fail(detail::sqlite_error(copy.db, rc, "backup"));
    if (finished != SQLITE_OK) return fail(detail::sqlite_error(copy.db, finished, "backup"));
    // The copy is a database on its own: one file, checked before it takes the final name.
    if (sqlite3_exec(copy.db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) != SQLITE_OK)
      return fail(detail::sqlite_error(copy.db, sqlite3_errcode(copy.db), "journal_mode"));
    sqlite3_stmt* check = nullptr;
    rc = sqlite3_prepare_v2(copy.db, "PRAGMA quick_check", -1, &check, nullptr);
    bool ok = rc == SQLITE_OK && sqlite3_step(check) == SQLITE_ROW &&
              std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(check, 0))) == "ok";
    sqlite3_finalize(check);
    if (!ok) return fail(make_error("storage.error", "sqlite: the copy fails its integrity check"));
  }
  int fd = ::open(partial.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    return fail(make_error("storage.unavailable", "sqlite: cannot flush " + partial + ": " + std::strerror(errno)));
  }
  ::close(fd);
  if (std::rename(partial.c_str(), out_path.c_str()) != 0)
    return fail(make_error("storage.unavailable",
                           "sqlite: cannot rename the copy to " + out_path + ": " + std::strerror(errno)));
  std::error_code ec;
  auto size = std::filesystem::file_size(out_path, ec);
  if (ec) return make_error("storage.unavailable", "sqlite: cannot read the copy's size: " + ec.message());
  return static_cast<std::uint64_t>(size);
}

}  // namespace greenlight::storage
