// PostgreSQL backend: a lazily filled pool of libpq connections, one per running transaction; text
// parameters; statements prepared once per connection. Serialization failures and deadlocks retry the
// whole transaction; a broken connection is dropped and the next transaction reconnects.
#include <libpq-fe.h>

#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <unordered_map>

#include "backends.hpp"

namespace greenlight::storage::detail {

namespace {

constexpr int kTransactionAttempts = 5;
constexpr std::size_t kPreparedLimit = 256;  // beyond this, one-off statements run unprepared
constexpr const char* kDefaultConnectTimeout = "5";

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// Messages may quote the URL's password (libpq echoes some connection options): never let it through.
std::string redact(std::string message, const std::string& password) {
  if (password.empty()) return message;
  for (auto at = message.find(password); at != std::string::npos; at = message.find(password, at))
    message.replace(at, password.size(), "********");
  return message;
}

std::string trim_newline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

struct Connection {
  PGconn* pg = nullptr;
  std::unordered_map<std::string, std::string> prepared;  // SQL text -> statement name
  ~Connection() { PQfinish(pg); }
};

// What a failed statement means for the connection and the transaction.
struct Failure {
  Error error;
  bool retry = false;   // serialization failure or deadlock: run the transaction again
  bool broken = false;  // the connection is unusable: drop it
};

bool sqlstate_is_connection_loss(const std::string& state) {
  return state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03";
}

Failure classify(PGconn* pg, const PGresult* res, const std::string& password) {
  const char* raw_state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string state = raw_state ? raw_state : "";
  Failure failure;
  // 0A000 is also "cached plan must not change result type" after a schema change: only a new connection
  // (with an empty statement cache) gets past it.
  failure.broken =
      PQstatus(pg) != CONNECTION_OK || state.empty() || sqlstate_is_connection_loss(state) || state == "0A000";
  failure.retry = state == "40001" || state == "40P01";
  // The primary message only: DETAIL quotes key values, and class 22 (bad data) quotes the input itself.
  const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string text = state.rfind("22", 0) == 0 ? "invalid data" : trim_newline(primary ? primary : PQerrorMessage(pg));
  std::string message = redact("postgresql: " + (state.empty() ? "" : state + " ") + text, password);
  if (state.rfind("23", 0) == 0) failure.error = make_error("storage.constraint", message);
  else if (failure.broken || failure.retry) failure.error = make_error("storage.unavailable", message);
  else failure.error = make_error("storage.error", message);
  return failure;
}

bool changes_rows(const char* command_status) {
  std::string_view tag(command_status);
  for (std::string_view verb : {"INSERT", "UPDATE", "DELETE", "MERGE"})
    if (tag.substr(0, verb.size()) == verb) return true;
  return false;
}

Rows read_rows(PGresult* res) {
  Rows rows;
  int columns = PQnfields(res);
  for (int r = 0, n = PQntuples(res); r < n; ++r) {
    std::vector<std::optional<std::string>> cells;
    cells.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(res, r, c)) cells.emplace_back(std::nullopt);
      else cells.emplace_back(std::string(PQgetvalue(res, r, c), static_cast<std::size_t>(PQgetlength(res, r, c))));
    }
    rows.rows.emplace_back(std::move(cells));
  }
  if (changes_rows(PQcmdStatus(res))) rows.affected = std::atoll(PQcmdTuples(res));
  return rows;
}

// Every parameter goes as text; PostgreSQL casts it to the column's type.
struct TextParams {
  std::vector<std::string> storage;
  std::vector<const char*> values;
  explicit TextParams(const std::vector<Value>& params) {
    storage.reserve(params.size());
    for (const auto& p : params) {
      if (std::holds_alternative<std::int64_t>(p)) storage.push_back(std::to_string(std::get<std::int64_t>(p)));
      else if (std::holds_alternative<double>(p)) storage.push_back(format_real(std::get<double>(p)));
      else if (std::holds_alternative<std::string>(p)) storage.push_back(std::get<std::string>(p));
      else storage.emplace_back();
    }
    for (std::size_t i = 0; i < params.size(); ++i)
      values.push_back(std::holds_alternative<std::nullptr_t>(params[i]) ? nullptr : storage[i].c_str());
  }
};

class PgTransaction final : public Transaction {
 public:
  PgTransaction(Connection& connection, const std::string& password) : conn_(connection), password_(password) {}

  Result<Rows> query(std::string_view sql, const std::vector<Value>& params) override {
    if (failure_) return make_error("storage.error", "transaction already failed: " + failure_->error.message);
    return run(std::string(sql), params);
  }

  // Runs a statement of the transaction's own (BEGIN, COMMIT, ROLLBACK).
  Result<void> command(const char* sql) {
    ResultPtr res(PQexec(conn_.pg, sql), &PQclear);
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) return fail(res.get());
    // COMMIT of a transaction PostgreSQL already aborted reports success with the tag ROLLBACK.
    if (std::string_view(sql) == "COMMIT" && std::string_view(PQcmdStatus(res.get())) == "ROLLBACK")
      return make_error("storage.error", "postgresql: transaction was rolled back");
    return {};
  }

  const std::optional<Failure>& failure() const { return failure_; }

 private:
  Error fail(const PGresult* res) {
    failure_ = classify(conn_.pg, res, password_);
    return failure_->error;
  }

  Result<Rows> run(const std::string& sql, const std::vector<Value>& params) {
    TextParams text(params);
    auto name = prepared_name(sql, static_cast<int>(params.size()));
    if (!name) return name.error();
    int n = static_cast<int>(params.size());
    PGresult* raw = name->empty()
                        ? PQexecParams(conn_.pg, sql.c_str(), n, nullptr, text.values.data(), nullptr, nullptr, 0)
                        : PQexecPrepared(conn_.pg, name->c_str(), n, text.values.data(), nullptr, nullptr, 0);
    ResultPtr res(raw, &PQclear);
    auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return fail(res.get());
    return read_rows(res.get());
  }

  // The statement's name on this connection ("" = run it unprepared), preparing it on first use.
  Result<std::string> prepared_name(const std::string& sql, int n_params) {
    if (auto found = conn_.prepared.find(sql); found != conn_.prepared.end()) return found->second;
    if (conn_.prepared.size() >= kPreparedLimit) return std::string();
    std::string name = "gl_" + std::to_string(conn_.prepared.size());
    ResultPtr res(PQprepare(conn_.pg, name.c_str(), sql.c_str(), n_params, nullptr), &PQclear);
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) return fail(res.get());
    conn_.prepared.emplace(sql, name);
    return name;
  }

  Connection& conn_;
  const std::string& password_;
  std::optional<Failure> failure_;
};

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string url, std::string password, int pool_size)
      : url_(std::move(url)), password_(std::move(password)), pool_size_(pool_size < 1 ? 1 : pool_size) {}

  Backend backend() const override { return Backend::postgresql; }
  Result<void> transact(const std::function<Result<void>(Transaction&)>& work) override;

  // Fails when the server cannot be reached, so a wrong URL shows at start-up, not at the first request.
  Result<void> check_reachable() {
    auto connection = acquire();
    if (!connection) return connection.error();
    release(std::move(*connection), false);
    return {};
  }

 private:
  struct Attempt {
    Result<void> outcome;
    bool retry = false;
  };

  Result<std::unique_ptr<Connection>> connect() const;
  Result<std::unique_ptr<Connection>> acquire();
  void release(std::unique_ptr<Connection> connection, bool broken);
  Attempt attempt(Connection& connection, const std::function<Result<void>(Transaction&)>& work, bool& broken);

  const std::string url_;
  const std::string password_;
  const int pool_size_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;  // connections in idle_ plus those lent out
};

Result<std::unique_ptr<Connection>> PostgresDatabase::connect() const {
  // Later keywords override the URL's, earlier ones are defaults it may override.
  const char* keys[] = {"connect_timeout", "dbname", "client_encoding", nullptr};
  const char* values[] = {kDefaultConnectTimeout, url_.c_str(), "UTF8", nullptr};
  auto connection = std::make_unique<Connection>();
  connection->pg = PQconnectdbParams(keys, values, 1);
  if (connection->pg == nullptr) return make_error("storage.unavailable", "postgresql: out of memory");
  if (PQstatus(connection->pg) != CONNECTION_OK) {
    return make_error("storage.unavailable",
                      redact("postgresql: " + trim_newline(PQerrorMessage(connection->pg)), password_));
  }
  // libpq prints NOTICEs (e.g. "relation already exists, skipping") on stderr by default: not a library's place.
  PQsetNoticeProcessor(
      connection->pg, [](void*, const char*) {}, nullptr);
  return connection;
}

Result<std::unique_ptr<Connection>> PostgresDatabase::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty() || open_ < pool_size_; });
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  ++open_;
  lock.unlock();  // connecting takes a round trip or a timeout: let the others use the pool meanwhile
  auto connection = connect();
  if (!connection) release(nullptr, true);
  return connection;
}

void PostgresDatabase::release(std::unique_ptr<Connection> connection, bool broken) {
  {
    std::lock_guard lock(mutex_);
    if (broken || !connection) --open_;
    else idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

PostgresDatabase::Attempt PostgresDatabase::attempt(Connection& connection,
                                                    const std::function<Result<void>(Transaction&)>& work,
                                                    bool& broken) {
  PgTransaction tx(connection, password_);
  Result<void> outcome = tx.command("BEGIN");
  // A pooled connection the server has since closed fails at BEGIN: nothing ran, so try a fresh one.
  if (!outcome) return {outcome, broken = tx.failure() && tx.failure()->broken};
  outcome = work(tx);
  if (outcome && tx.failure()) outcome = tx.failure()->error;  // work swallowed an error: PostgreSQL aborted anyway
  if (outcome) outcome = tx.command("COMMIT");
  broken = tx.failure() && tx.failure()->broken;
  bool retry = !outcome && tx.failure() && tx.failure()->retry;
  if (!outcome && !broken && PQtransactionStatus(connection.pg) != PQTRANS_IDLE) {
    if (!tx.command("ROLLBACK")) broken = true;
  }
  return {outcome, retry};
}

Result<void> PostgresDatabase::transact(const std::function<Result<void>(Transaction&)>& work) {
  Result<void> outcome;
  for (int round = 0; round < kTransactionAttempts; ++round) {
    auto connection = acquire();
    if (!connection) return connection.error();
    bool broken = false;
    Attempt tried;
    try {
      tried = attempt(**connection, work, broken);
    } catch (...) {
      release(std::move(*connection), true);  // still inside the transaction: closing it rolls back
      throw;
    }
    auto& [result, retry] = tried;
    release(std::move(*connection), broken);
    if (!retry) return result;
    outcome = make_error("storage.unavailable", "postgresql: gave up after " + std::to_string(kTransactionAttempts) +
                                                    " attempts: " + result.error().message);
  }
  return outcome;
}

// The URL's password, if any, for redaction; fails on a URL libpq cannot parse.
Result<std::string> password_of(const std::string& url) {
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error);
  if (options == nullptr) {
    PQfreemem(parse_error);  // it may quote the URL
    return make_error("storage.url", "postgresql: the URL does not parse");
  }
  std::string password;
  for (auto* o = options; o->keyword; ++o)
    if (std::string_view(o->keyword) == "password" && o->val) password = o->val;
  PQconninfoFree(options);
  return password;
}

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(const std::string& url, int pool_size) {
  auto password = password_of(url);
  if (!password) return password.error();
  auto db = std::make_unique<PostgresDatabase>(url, std::move(*password), pool_size);
  if (auto reachable = db->check_reachable(); !reachable) return reachable.error();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace greenlight::storage::detail
