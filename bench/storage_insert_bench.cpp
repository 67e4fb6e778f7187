// The database's own insert rate, the ceiling for the server's check-in ingest: `threads` threads insert
// rows shaped like 0001's checkins in transactions of `batch` rows for `seconds`, straight through
// sqlite3 / libpq prepared statements (the storage interface only creates the schema). Prints one JSON
// line: {"bench":"raw-insert","backend":...,"rows_per_second":...,"p99_ms":...} (p99 per transaction).
//   greenlight_storage_insert_bench --db sqlite:<path>|postgresql://... [--seconds 5] [--threads 8] [--batch 100]
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "greenlight/server/schema.hpp"
#include "greenlight/server/storage.hpp"

using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string db;
  double seconds = 5;
  int threads = 8;
  int batch = 100;
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "storage_insert_bench: %s\n", what.c_str());
  std::exit(1);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--db") o.db = value;
    else if (flag == "--seconds") o.seconds = std::stod(value);
    else if (flag == "--threads") o.threads = std::stoi(value);
    else if (flag == "--batch") o.batch = std::stoi(value);
    else die("unknown flag " + flag);
  }
  if (o.db.empty()) die("usage: --db sqlite:<path>|postgresql://... [--seconds N] [--threads N] [--batch N]");
  return o;
}

// The 16 non-NULL columns of a verified inspector scan; person_id and the manual_* columns stay NULL.
constexpr const char* kInsert =
    "INSERT INTO checkins (client_id, place_id, checkpoint, inspector_id, submitted_by, method, time, received_at, "
    "decision, status, reasons, temperature_class, temperature, subject, code_type, companion_of) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";

struct CheckinRow {
  std::vector<std::string> text;  // in kInsert's order, numbers as decimal text
};

CheckinRow make_row(const std::string& client_id, std::int64_t now) {
  return {{client_id, "pl-bench", "gate-1", "a-bench", "a-bench", "inspector-scan", std::to_string(now),
           std::to_string(now), "admit", "green", "[]", "normal", "36.6", "s-" + client_id, "person", ""}};
}

// The schema and the account and place the foreign keys need, through the storage interface (setup only).
void prepare_schema(const std::string& url) {
  using namespace greenlight::storage;
  auto db = Database::open(url, 1);
  if (!db) die("open: " + db.error().message);
  if (auto migrated = (*db)->migrate(schema_migrations()); !migrated) die("migrate: " + migrated.error().message);
  auto seeded = (*db)->transact([](Transaction& tx) -> greenlight::Result<void> {
    auto account = tx.query(
        "INSERT INTO accounts (id, phone_hash, phone_enc, created_at) VALUES ('a-bench', 'h-bench', 'e', 0) "
        "ON CONFLICT DO NOTHING");
    if (!account) return account.error();
    auto place = tx.query(
        "INSERT INTO places (id, admin_id, region, address, category, name, declaration_code_enc, "
        "declaration_code_hash, code_text, created_at) VALUES ('pl-bench', 'a-bench', '310106', 'addr', 'mall', "
        "'bench', 'e', 'dh-bench', 'GL1:', 0) ON CONFLICT DO NOTHING");
    if (!place) return place.error();
    return {};
  });
  if (!seeded) die("seed: " + seeded.error().message);
}

// One thread's work: returns per-transaction latencies in ms; rows = transactions * batch.
using Inserter = std::vector<double> (*)(void* shared, const Options&, int thread, const std::string& run_id);

std::string client_id(const std::string& run_id, int thread, long n) {
  return run_id + "-" + std::to_string(thread) + "-" + std::to_string(n);
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// ---------------------------------------------------------------------------------------------- SQLite
// One connection behind a mutex, as the storage layer does: SQLite has one writer at a time anyway, and
// its busy handler's sleeps would make several connections slower, not faster.
struct SqliteShared {
  sqlite3* db = nullptr;
  sqlite3_stmt* insert = nullptr;
  std::mutex mutex;
};

void sqlite_check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE) die(std::string("sqlite ") + what + ": " + sqlite3_errmsg(db));
}

std::vector<double> sqlite_inserter(void* shared_ptr, const Options& o, int thread, const std::string& run_id) {
  auto& shared = *static_cast<SqliteShared*>(shared_ptr);
  std::vector<double> latencies;
  long n = 0;
  auto deadline = Clock::now() + std::chrono::duration<double>(o.seconds);
  while (Clock::now() < deadline) {
    auto start = Clock::now();
    std::lock_guard lock(shared.mutex);
    sqlite_check(shared.db, sqlite3_exec(shared.db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), "begin");
    for (int i = 0; i < o.batch; ++i) {
      auto row = make_row(client_id(run_id, thread, n++), 1767225600);
      for (std::size_t c = 0; c < row.text.size(); ++c) {
        int index = static_cast<int>(c + 1);
        if (c == 15) sqlite3_bind_null(shared.insert, index);  // companion_of
        else if (c == 6 || c == 7) sqlite3_bind_int64(shared.insert, index, std::stoll(row.text[c]));
        else if (c == 12) sqlite3_bind_double(shared.insert, index, 36.6);
        else
          sqlite3_bind_text(shared.insert, index, row.text[c].c_str(), static_cast<int>(row.text[c].size()),
                            SQLITE_TRANSIENT);
      }
      sqlite_check(shared.db, sqlite3_step(shared.insert), "insert");
      sqlite3_reset(shared.insert);
    }
    sqlite_check(shared.db, sqlite3_exec(shared.db, "COMMIT", nullptr, nullptr, nullptr), "commit");
    latencies.push_back(ms_since(start));
  }
  return latencies;
}

// -------------------------------------------------------------------------------------------- PostgreSQL
void pg_check(PGconn* pg, PGresult* res, const char* what) {
  auto status = PQresultStatus(res);
  bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  if (!ok) die(std::string("postgresql ") + what + ": " + PQerrorMessage(pg));
  PQclear(res);
}

std::vector<double> pg_inserter(void* url_ptr, const Options& o, int thread, const std::string& run_id) {
  PGconn* pg = PQconnectdb(static_cast<const std::string*>(url_ptr)->c_str());
  if (PQstatus(pg) != CONNECTION_OK) die(std::string("postgresql connect: ") + PQerrorMessage(pg));
  pg_check(pg, PQprepare(pg, "insert", kInsert, 16, nullptr), "prepare");
  std::vector<double> latencies;
  long n = 0;
  auto deadline = Clock::now() + std::chrono::duration<double>(o.seconds);
  while (Clock::now() < deadline) {
    auto start = Clock::now();
    pg_check(pg, PQexec(pg, "BEGIN"), "begin");
    for (int i = 0; i < o.batch; ++i) {
      auto row = make_row(client_id(run_id, thread, n++), 1767225600);
      const char* values[16];
      for (std::size_t c = 0; c < 16; ++c) values[c] = c == 15 ? nullptr : row.text[c].c_str();
      pg_check(pg, PQexecPrepared(pg, "insert", 16, values, nullptr, nullptr, 0), "insert");
    }
    pg_check(pg, PQexec(pg, "COMMIT"), "commit");
    latencies.push_back(ms_since(start));
  }
  PQfinish(pg);
  return latencies;
}

// ------------------------------------------------------------------------------------------------ main
void report(const char* backend, const Options& o, std::vector<double> latencies, double elapsed) {
  if (latencies.empty()) die("no transaction finished");
  auto p99 = latencies.begin() + static_cast<long>(latencies.size() * 99 / 100);
  std::nth_element(latencies.begin(), p99, latencies.end());
  double rows = static_cast<double>(latencies.size()) * o.batch;
  std::printf(
      "{\"bench\":\"raw-insert\",\"backend\":\"%s\",\"rows_per_second\":%.0f,\"p99_ms\":%.2f,\"threads\":%d,\"batch\":%"
      "d,\"seconds\":%.1f}\n",
      backend, rows / elapsed, *p99, o.threads, o.batch, elapsed);
}

void run(const char* backend, Inserter inserter, void* shared, const Options& o) {
  std::string run_id = "bench-" + std::to_string(std::random_device{}());  // reruns on the same database never clash
  std::vector<std::vector<double>> per_thread(static_cast<std::size_t>(o.threads));
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (int t = 0; t < o.threads; ++t)
    threads.emplace_back([&, t] { per_thread[static_cast<std::size_t>(t)] = inserter(shared, o, t, run_id); });
  for (auto& thread : threads) thread.join();
  double elapsed = ms_since(start) / 1000;
  std::vector<double> all;
  for (auto& latencies : per_thread) all.insert(all.end(), latencies.begin(), latencies.end());
  report(backend, o, std::move(all), elapsed);
}

void run_sqlite(const Options& o) {
  SqliteShared shared;
  std::string path = o.db.substr(7);
  if (sqlite3_open(path.c_str(), &shared.db) != SQLITE_OK) die("sqlite open: " + path);
  // The storage layer's settings: an acknowledged commit survives a crash.
  sqlite_check(shared.db,
               sqlite3_exec(shared.db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL",
                            nullptr, nullptr, nullptr),
               "pragmas");
  std::string sql = kInsert;
  for (auto at = sql.find('$'); at != std::string::npos; at = sql.find('$', at)) sql[at] = '?';
  sqlite_check(shared.db,
               sqlite3_prepare_v3(shared.db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &shared.insert, nullptr),
               "prepare");
  run("sqlite", sqlite_inserter, &shared, o);
  sqlite3_finalize(shared.insert);
  sqlite3_close(shared.db);
}

}  // namespace

int main(int argc, char** argv) {
  auto o = parse(argc, argv);
  prepare_schema(o.db);
  if (o.db.rfind("sqlite:", 0) == 0) run_sqlite(o);
  else run("postgresql", pg_inserter, &o.db, o);
  return 0;
}
