// One storage interface over two databases: embedded SQLite (default) and PostgreSQL (production).
//
// Callers write one portable SQL dialect: $1..$n placeholders, TEXT/BIGINT/DOUBLE PRECISION columns,
// INSERT ... ON CONFLICT, RETURNING. Every unit of work is a transaction: it commits when the callback
// returns success and rolls back on an error, so nothing is ever half-written. Results come back as text
// cells (NULL = nullopt) whatever the backend, read through the typed accessors.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include "greenlight/error.hpp"

namespace greenlight::storage {

// A bound parameter.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
  std::size_t size() const { return cells_.size(); }
  bool is_null(std::size_t i) const { return i >= cells_.size() || !cells_[i].has_value(); }

  // Typed reads, errors as values like query()'s (storage.error: no such column, or a cell that is not a
  // number). T is std::string, std::int64_t, double, bool (an integer or PostgreSQL's t/f), or
  // std::optional of one of them (NULL: nullopt); NULL reads as "" / 0 / false for the plain types.
  template <typename T>
  Result<T> get(std::size_t i) const;
  // The first sizeof...(T) columns at once, for structured bindings: auto [id, at] = *row.as<std::string,
  // std::int64_t>();
  template <typename... T>
  Result<std::tuple<T...>> as() const;

 private:
  std::vector<std::optional<std::string>> cells_;
};

// The types get() reads (row.cpp).
template <>
Result<std::string> Row::get<std::string>(std::size_t) const;
template <>
Result<std::optional<std::string>> Row::get<std::optional<std::string>>(std::size_t) const;
template <>
Result<std::int64_t> Row::get<std::int64_t>(std::size_t) const;
template <>
Result<std::optional<std::int64_t>> Row::get<std::optional<std::int64_t>>(std::size_t) const;
template <>
Result<double> Row::get<double>(std::size_t) const;
template <>
Result<std::optional<double>> Row::get<std::optional<double>>(std::size_t) const;
template <>
Result<bool> Row::get<bool>(std::size_t) const;
template <>
Result<std::optional<bool>> Row::get<std::optional<bool>>(std::size_t) const;

template <typename... T>
Result<std::tuple<T...>> Row::as() const {
  std::tuple<T...> out;
  Error failed;
  bool ok = true;
  std::size_t i = 0;
  auto read = [&](auto& slot) {
    if (!ok) return;
    auto cell = get<std::decay_t<decltype(slot)>>(i++);
    if (cell) slot = std::move(*cell);
    else ok = false, failed = cell.error();
  };
  std::apply([&](auto&... slots) { (read(slots), ...); }, out);
  if (!ok) return failed;
  return out;
}

struct Rows {
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
  bool empty() const { return rows.empty(); }
  const Row& front() const { return rows.front(); }
};

// The statements of one transaction. Errors: storage.constraint (a UNIQUE/FOREIGN KEY/CHECK violation),
// storage.unavailable (the database cannot be reached or is busy beyond the timeout: retry later),
// storage.error (anything else, e.g. bad SQL).
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual Result<Rows> query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
};

enum class Backend { sqlite, postgresql };

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;  // one or more statements separated by ';' at line ends
  // Set for NNNN_name.postgresql.sql / .sqlite.sql: run on that backend only (recorded on both).
  std::optional<Backend> backend;
};

class Database {
 public:
  virtual ~Database() = default;

  // "sqlite:<path>" (WAL, foreign keys on, synchronous=FULL so an acknowledged commit survives a crash)
  // or "postgresql://..." / "postgres://..." (a pool of up to pool_size libpq connections).
  // Errors: storage.url (neither form), storage.unavailable, storage.error.
  static Result<std::unique_ptr<Database>> open(const std::string& url, int pool_size = 8);

  virtual Backend backend() const = 0;

  // Runs work in one transaction. Commits when work returns ok; rolls back and returns work's error
  // otherwise (or the commit's error). A serialization failure or SQLite busy timeout is retried
  // a few times before storage.unavailable.
  virtual Result<void> transact(const std::function<Result<void>(Transaction&)>& work) = 0;

  // Applies the migrations newer than the recorded schema version, each in its own transaction, in order;
  // records them in schema_migrations(version, name, applied_at). Errors: as transact.
  Result<void> migrate(const std::vector<Migration>& migrations);
  Result<int> schema_version();
};

// A consistent copy of the SQLite database at `url` ("sqlite:<path>") as a new file `out_path`, mode 0600,
// taken while a server keeps writing to it: SQLite's online backup API copies one snapshot (in WAL mode
// writers are not blocked). Written to `out_path`.partial and renamed once complete and checked, so
// `out_path` is never a half copy. Returns the copy's size in bytes. PostgreSQL is backed up with its own
// tools (docs/deploy.md). Errors: storage.url (not a sqlite: URL), storage.unavailable (the source cannot
// be opened or the copy written), storage.error.
Result<std::uint64_t> back_up_sqlite(const std::string& url, const std::string& out_path);

}  // namespace greenlight::storage
