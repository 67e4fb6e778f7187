// A synthetic city on the server's own schema, then the questions an authority asks of it, through the real
// service (docs/scaling.md):
//   - generation: people (accounts + people rows with sealed PII), places (GL1 categories mixed, skewed
//     popularity, on a grid of neighbourhoods) and `days` days of check-ins (people have a home area and
//     maybe a workplace, an active day has one to five visits, popular places draw more), written with
//     multi-row INSERTs in one transaction straight into the migrated schema (the check-in indexes other than
//     the primary key built after the load, from their migrated definitions); rows/s and bytes per check-in;
//   - tracing: Service::preview_case for random cases (a person with visits, a 4-day window) at depth 1 and
//     depth 2 as an authority's password session; p50/p95 and contacts found;
//   - the naive baseline: the same close-contact question as one self-join over a copy of checkins without
//     any index (what one writes first); naive / greenlight at depth 1;
//   - status lists: 10 000 Service::set_status calls spread over a day after the city's last one, a checkpoint
//     polling the delta every minute meanwhile (a day's deltas), then the snapshot a checkpoint offline for
//     that day downloads, all packed (docs/format.md) and holding only what can still change a decision;
//   - retention of a day: on PostgreSQL the oldest day partition(s) dropped (every shard's), on SQLite the
//     DELETE of the same rows;
//   - sharded (coordinator + shards over postgres_fdw, `--backend sharded --postgres URL --shards URL,URL`):
//     the same, and a person's visits looked up across the shards with async_capable on and off.
// Prints a table on stderr and one JSON line per backend on stdout.
//
//   greenlight_city_bench [--backend sqlite|postgresql|both|sharded] [--people 1000000] [--places 20000] [--days 14]
//                         [--checkins 10000000] [--cases 30] [--naive-runs 3] [--status-changes 10000]
//                         [--dir build/bench] [--postgres URL] [--shards URL,URL...] [--seed 42] [--keep]
// PostgreSQL: --postgres, else GREENLIGHT_BENCH_POSTGRES_URL (a database gl_city_bench is created next to the
// URL's database and dropped first), else a throwaway cluster in <dir>/city-pg (scripts/lib/pg-cluster).
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "greenlight/crypto.hpp"
#include "greenlight/encoding.hpp"
#include "greenlight/server/checkin_layout.hpp"
#include "greenlight/server/keyring.hpp"
#include "greenlight/server/privacy.hpp"
#include "greenlight/server/schema.hpp"
#include "greenlight/server/service.hpp"
#include "greenlight/status_list.hpp"
#include "greenlight/status_packing.hpp"
#include "greenlight/server/storage.hpp"
#include "greenlight/server/tracing.hpp"

#ifndef GREENLIGHT_SOURCE_DIR
#define GREENLIGHT_SOURCE_DIR "."
#endif

using nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace gs = greenlight::storage;
namespace svc = greenlight::service;

namespace {

struct Options {
  std::string backend = "sqlite";
  std::int64_t people = 1'000'000, places = 20'000, days = 14, checkins = 10'000'000;
  int cases = 30, naive_runs = 3, status_changes = 10'000;
  std::string dir = std::string(GREENLIGHT_SOURCE_DIR) + "/build/bench";
  std::string postgres;
  std::vector<std::string> shards;  // cluster URLs: gl_city_bench is made on each
  std::uint64_t seed = 42;
  bool keep = false;
};

[[noreturn]] void die(const std::string& what) {
  std::cerr << "city_bench: " << what << std::endl;
  std::exit(1);
}

void say(const std::string& what) { std::cerr << "city_bench: " << what << std::endl; }

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

template <typename T>
T must(greenlight::Result<T> r, const std::string& what) {
  if (!r) die(what + ": " + r.error().code + ": " + r.error().message);
  return std::move(*r);
}
void must(greenlight::Result<void> r, const std::string& what) {
  if (!r) die(what + ": " + r.error().code + ": " + r.error().message);
}

// ------------------------------------------------------------------------------------------- the city
// Midnight in China (UTC+8) `days` days before today's: the city's first day. The service runs on a clock
// fixed at 01:00 after the last day (within an hour of the real time, which the trust list is checked against).
std::int64_t kStart = 0;
constexpr std::string_view kReadable = "23456789abcdefghjkmnpqrstuvwxyz";

using Rng = std::mt19937_64;

std::string readable_id(Rng& rng, std::string_view prefix) {  // the shape of the server's new_id()
  std::string id(prefix);
  for (int i = 0; i < 16; ++i) id += kReadable[rng() % kReadable.size()];
  return id;
}

std::string uuid(Rng& rng) {  // a device's clientId (crypto.randomUUID)
  static const char* hex = "0123456789abcdef";
  std::string out;
  auto a = rng(), b = rng();
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    auto nibble = i < 16 ? (a >> (i * 4)) & 15 : (b >> ((i - 16) * 4)) & 15;
    if (i == 12) nibble = 4;
    if (i == 16) nibble = 8 | (nibble & 3);
    out += hex[nibble];
  }
  return out;
}

std::string subject(Rng& rng) {
  std::array<std::uint8_t, 16> raw{};
  for (auto& byte : raw) byte = static_cast<std::uint8_t>(rng());
  return greenlight::base64url_encode(greenlight::ByteView(raw.data(), raw.size()));
}

// Days since 1970-01-01 -> y, m, d (Howard Hinnant's civil_from_days).
void civil(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  auto era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = z - era * 146097;
  auto yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  auto doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  auto mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

// Person i's ID number: unique (birth date and sequence both derive from i), valid (GB 11643 check character).
std::string id_number(std::int64_t i) {
  auto date_index = (i * 7919) % 24000, sequence = i / 24000;
  int y, m, d;
  civil(-7305 + date_index, y, m, d);  // from 1950-01-01, about 66 years
  char first17[40];
  std::snprintf(first17, sizeof first17, "310%03d%04d%02d%02d%03d", static_cast<int>(101 + i % 20), y, m, d,
                static_cast<int>(sequence % 1000));
  return std::string(first17) + *greenlight::id_number_check_character(first17);
}
std::string phone(std::int64_t i) { return std::to_string(13'000'000'000LL + i); }

const std::vector<std::string> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                                            "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"};
const std::vector<std::string> kGiven = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊",   "军", "洋",
                                         "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "平"};

struct Category {
  const char* name;
  double share;    // of places
  double draw;     // how many visitors a place of this kind draws, relative
  bool workplace;  // people may work there
};
// GL1 categories (docs/format.md); shares and draws are a plausible mix, not data.
const std::vector<Category> kCategories = {
    {"restaurant", 18, 1.0, false},  {"shop", 15, 0.5, false},         {"supermarket", 5, 3.0, false},
    {"market", 3, 2.5, false},       {"mall", 1.5, 6.0, false},        {"office", 9, 0.3, true},
    {"factory", 3, 0.2, true},       {"school", 3, 0.3, true},         {"training", 2, 0.5, false},
    {"bank", 3, 0.6, false},         {"hospital", 1, 3.0, true},       {"elderly-care", 1, 0.3, true},
    {"transport", 3, 4.0, false},    {"station", 0.5, 8.0, false},     {"hotel", 3, 0.5, false},
    {"residential", 8, 0.15, false}, {"government", 1, 0.8, true},     {"religious", 0.5, 0.5, false},
    {"tourism", 1, 2.0, false},      {"entertainment", 3, 1.0, false}, {"sports", 2, 1.0, false},
    {"bath", 1, 0.8, false},         {"beauty", 3, 0.5, false},        {"other", 4, 0.5, false}};

struct Place {
  std::string id, admin;
  int category = 0;
  int cell = 0;
  double weight = 0;
};

struct Person {
  std::string id, account, subject;
  int cell = 0;
  int workplace = -1;  // index into places, or -1
};

// Cumulative weights for a weighted pick.
struct Picker {
  std::vector<double> cumulative;
  std::vector<int> items;
  void add(int item, double weight) {
    items.push_back(item);
    cumulative.push_back((cumulative.empty() ? 0 : cumulative.back()) + weight);
  }
  int pick(Rng& rng) const {
    std::uniform_real_distribution<double> u(0, cumulative.back());
    auto at = std::upper_bound(cumulative.begin(), cumulative.end(), u(rng)) - cumulative.begin();
    return items[static_cast<std::size_t>(std::min<std::ptrdiff_t>(at, static_cast<std::ptrdiff_t>(items.size()) - 1))];
  }
  bool empty() const { return items.empty(); }
};

struct City {
  std::vector<Place> places;
  std::vector<Person> people;
  int grid = 1;                 // grid x grid neighbourhoods
  std::vector<Picker> leisure;  // per cell: every place, by draw
  std::vector<Picker> work;     // per cell: workplaces
  std::string authority_token;
  std::string authority_account;
  struct Sample {
    std::int64_t person = 0, time = 0;
  };
  std::vector<Sample> case_samples;  // reservoir of (person, visit time)
  std::int64_t checkins = 0;
  std::int64_t now = 0;
};

// Neighbourhoods of about 50 places each.
int neighbour(const City& c, int cell, int radius, Rng& rng) {
  std::uniform_int_distribution<int> step(-radius, radius);
  int x = cell % c.grid + step(rng), y = cell / c.grid + step(rng);
  x = std::clamp(x, 0, c.grid - 1);
  y = std::clamp(y, 0, c.grid - 1);
  return y * c.grid + x;
}

// ------------------------------------------------------------------------------------------ batching
// Rows of one table, written as multi-row INSERTs of up to `rows_per_statement` rows (one prepared statement
// shape, reused) into the load's one transaction: a commit per batch of rows would write every index page
// the batch touched again, which is what made the load slow down as the tables grew.
class Inserter {
 public:
  Inserter(gs::Transaction& tx, std::string head, int columns, int rows_per_statement)
      : tx_(tx), head_(std::move(head)), columns_(columns), rows_(rows_per_statement) {}

  void row(std::vector<gs::Value> values) {
    for (auto& v : values) pending_.push_back(std::move(v));
    if (++count_ == rows_) statement();
  }

  void finish() {
    if (count_ > 0) statement();
  }
  std::int64_t rows_written() const { return written_; }

 private:
  std::string sql(int rows) const {
    std::string s = head_ + " VALUES ";
    int n = 1;
    for (int r = 0; r < rows; ++r) {
      s += r ? ",(" : "(";
      for (int c = 0; c < columns_; ++c) s += (c ? ",$" : "$") + std::to_string(n++);
      s += ')';
    }
    return s;
  }
  void statement() {
    if (count_ == rows_ && full_sql_.empty()) full_sql_ = sql(rows_);
    must(tx_.query(count_ == rows_ ? full_sql_ : sql(count_), pending_), "insert into " + head_.substr(12, 20));
    written_ += count_;
    pending_.clear();
    count_ = 0;
  }

  gs::Transaction& tx_;
  std::string head_;
  int columns_, rows_;
  int count_ = 0;
  std::int64_t written_ = 0;
  std::vector<gs::Value> pending_;
  std::string full_sql_;
};

void exec(gs::Database& db, const std::string& sql, const std::vector<gs::Value>& params = {}) {
  must(db.transact([&](gs::Transaction& tx) -> greenlight::Result<void> {
    auto done = tx.query(sql, params);
    if (!done) return done.error();
    return {};
  }),
       sql.substr(0, 60));
}

gs::Rows select(gs::Database& db, const std::string& sql, const std::vector<gs::Value>& params = {}) {
  gs::Rows out;
  must(db.transact([&](gs::Transaction& tx) -> greenlight::Result<void> {
    auto done = tx.query(sql, params);
    if (!done) return done.error();
    out = std::move(*done);
    return {};
  }),
       sql.substr(0, 60));
  return out;
}

// Builds the city's people and places in memory (same seed, same city) and writes them; then the check-ins.
// All in the caller's one transaction.
struct Generated {
  City city;
  double seconds = 0;
  double checkin_seconds = 0;
};

Generated generate(gs::Transaction& tx, const Options& o, const greenlight::PiiVault& vault) {
  Generated g;
  City& c = g.city;
  Rng rng(o.seed);
  auto started = Clock::now();
  c.now = kStart + o.days * 86400 + 3600;
  const std::int64_t created = kStart - 30 * 86400;

  // Places on a grid of neighbourhoods (about 50 places each).
  c.grid = std::max(1, static_cast<int>(std::lround(std::sqrt(static_cast<double>(o.places) / 50.0))));
  int cells = c.grid * c.grid;
  c.leisure.resize(static_cast<std::size_t>(cells));
  c.work.resize(static_cast<std::size_t>(cells));
  Picker categories;
  for (std::size_t i = 0; i < kCategories.size(); ++i) categories.add(static_cast<int>(i), kCategories[i].share);
  std::lognormal_distribution<double> popularity(0.0, 1.0);
  std::uniform_int_distribution<int> any_cell(0, cells - 1);
  Inserter admins(tx, "INSERT INTO accounts (id, phone_hash, phone_enc, authority, created_at)", 5, 1000);
  Inserter places(tx,
                  "INSERT INTO places (id, admin_id, region, address, category, name, declaration_code_enc, "
                  "declaration_code_hash, code_text, created_at)",
                  10, 1000);
  for (std::int64_t i = 0; i < o.places; ++i) {
    Place p{readable_id(rng, "pl-"), readable_id(rng, "a-"), categories.pick(rng), any_cell(rng), 0};
    const auto& k = kCategories[static_cast<std::size_t>(p.category)];
    p.weight = k.draw * popularity(rng);
    auto admin_phone = phone(9'000'000'000LL + i);
    admins.row({p.admin, vault.lookup_hash("phone", admin_phone), vault.seal(admin_phone), std::int64_t{0}, created});
    auto declaration = "D" + std::to_string(1000000 + i);
    std::string name = std::string(k.name) + " " + std::to_string(i);
    std::string code = "GL1:";  // a placeholder of a place code's length; tracing never reads it
    for (int j = 0; j < 260; ++j) code += "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"[rng() % 45];
    places.row({p.id, p.admin, "3101" + std::to_string(10 + p.cell % 90), "路" + std::to_string(i) + "号",
                std::string(k.name), name, vault.seal(declaration), vault.lookup_hash("declaration", declaration), code,
                created});
    c.leisure[static_cast<std::size_t>(p.cell)].add(static_cast<int>(i), p.weight);
    if (k.workplace) c.work[static_cast<std::size_t>(p.cell)].add(static_cast<int>(i), 1.0 + p.weight);
    c.places.push_back(std::move(p));
  }
  admins.finish();
  places.finish();
  for (int cell = 0; cell < cells; ++cell)  // a neighbourhood without places borrows the first one's
    if (c.leisure[static_cast<std::size_t>(cell)].empty()) c.leisure[static_cast<std::size_t>(cell)] = c.leisure[0];

  // People: an account (phone) and a person (real name, ID number), PII sealed as the service seals it.
  Inserter accounts(tx, "INSERT INTO accounts (id, phone_hash, phone_enc, authority, created_at)", 5, 1000);
  Inserter people(tx,
                  "INSERT INTO people (id, account_id, subject, name_enc, id_number_enc, id_number_hash, phone_enc, "
                  "phone_hash, status, status_q, created_at)",
                  11, 1000);
  std::uniform_real_distribution<double> unit(0, 1);
  for (std::int64_t i = 0; i < o.people; ++i) {
    Person p{readable_id(rng, "h-"), readable_id(rng, "a-"), subject(rng), any_cell(rng), -1};
    if (unit(rng) < 0.45) {  // works somewhere: mostly near home
      int at = unit(rng) < 0.6 ? neighbour(c, p.cell, 1, rng) : any_cell(rng);
      if (!c.work[static_cast<std::size_t>(at)].empty()) p.workplace = c.work[static_cast<std::size_t>(at)].pick(rng);
    }
    auto ph = phone(i), idn = id_number(i);
    auto name = kSurnames[rng() % kSurnames.size()] + kGiven[rng() % kGiven.size()] +
                (rng() % 2 ? kGiven[rng() % kGiven.size()] : "");
    auto phone_hash = vault.lookup_hash("phone", ph);
    accounts.row({p.account, phone_hash, vault.seal(ph), std::int64_t{0}, created});
    people.row({p.id, p.account, p.subject, vault.seal(name), vault.seal(idn), vault.lookup_hash("id", idn),
                vault.seal(ph), phone_hash, std::string("green"), std::int64_t{0}, created});
    c.people.push_back(std::move(p));
  }
  accounts.finish();
  people.finish();

  // An earlier status history (5% of people went yellow and back), so the snapshot is not only the
  // changes measured later.
  std::int64_t q = 0;
  {
    // Expiring as a dynamic code's entry does (docs/rules.md): code_ttl + 65 s after the change.
    Inserter entries(tx, "INSERT INTO status_entries (q, subject_hash, status, changed_at, expires_at)", 5, 1000);
    Inserter changes(tx, "INSERT INTO status_changes (q, person_id, status, previous, source, reason, changed_at)", 7,
                     1000);
    for (std::int64_t i = 0; i < o.people; i += 20) {
      const auto& p = c.people[static_cast<std::size_t>(i)];
      auto h = greenlight::subject_hash(p.subject);
      auto hash = greenlight::base64url_encode(greenlight::ByteView(h.data(), h.size()));
      auto at = kStart + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(o.days * 86400));
      entries.row({++q, hash, std::string("yellow"), at, at + 365});
      changes.row({q, p.id, std::string("yellow"), std::string("green"), std::string("declaration"),
                   std::string("health declaration"), at});
      entries.row({++q, hash, std::string("green"), at + 86400, at + 86400 + 365});
      changes.row({q, p.id, std::string("green"), std::string("yellow"), std::string("authority"),
                   std::string("cleared"), at + 86400});
    }
    entries.finish();
    changes.finish();
    must(tx.query("UPDATE counters SET value = $1 WHERE name = 'status_seq'", {q}), "status_seq");
  }
  say("people and places written in " + std::to_string(static_cast<int>(seconds_since(started))) + " s");

  // Check-ins, day by day: an active day has 1-5 visits (mean 2.35); a worker's weekday starts at work.
  auto checkins_started = Clock::now();
  double per_day = static_cast<double>(o.checkins) / static_cast<double>(o.people * o.days);
  const std::array<double, 5> visits_weights = {25, 35, 25, 10, 5};
  double active = per_day / 2.35 * 1.01;  // a touch over, so the total reaches the target
  std::discrete_distribution<int> visits_per_day(visits_weights.begin(), visits_weights.end());
  Inserter checkins(tx,
                    "INSERT INTO checkins (client_id, place_id, checkpoint, inspector_id, submitted_by, method, time, "
                    "received_at, decision, status, reasons, temperature_class, subject, person_id, code_type)",
                    15, 1000);
  std::uint64_t seen = 0;
  std::size_t reservoir = static_cast<std::size_t>(std::max(o.cases, 1)) * 4;
  for (std::int64_t day = 0; day < o.days; ++day) {
    std::int64_t midnight = kStart + day * 86400;
    bool weekday = ((kStart + 8 * 3600) / 86400 + day + 3) % 7 < 5;  // 1970-01-01 was a Thursday (3 after Monday)
    for (std::size_t i = 0; i < c.people.size(); ++i) {
      if (unit(rng) >= active) continue;
      const auto& person = c.people[i];
      int visits = 1 + visits_per_day(rng);
      std::vector<std::pair<std::int64_t, int>> day_visits;  // time, place
      std::int64_t free_from = 7 * 3600;
      if (person.workplace >= 0 && weekday && unit(rng) < 0.8) {
        day_visits.push_back({8 * 3600 + static_cast<std::int64_t>(rng() % 5400), person.workplace});
        free_from = 17 * 3600 + 1800;
        --visits;
      }
      std::vector<std::int64_t> times;
      for (int v = 0; v < visits; ++v)
        times.push_back(free_from +
                        static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(22 * 3600 - free_from)));
      std::sort(times.begin(), times.end());
      for (auto t : times) {
        double where = unit(rng);
        int cell = where < 0.55 ? person.cell : where < 0.9 ? neighbour(c, person.cell, 2, rng) : any_cell(rng);
        day_visits.push_back({t, c.leisure[static_cast<std::size_t>(cell)].pick(rng)});
      }
      for (const auto& [t, place_index] : day_visits) {
        const auto& place = c.places[static_cast<std::size_t>(place_index)];
        auto time = midnight + t;
        bool self = unit(rng) < 0.1;  // a self check-in with the phone instead of a scan at the door
        checkins.row({uuid(rng), place.id, self ? gs::Value(nullptr) : gs::Value(std::string("gate-1")),
                      self ? gs::Value(nullptr) : gs::Value(place.admin), self ? person.account : place.admin,
                      std::string(self ? "self-scan" : "inspector-scan"), time,
                      time + static_cast<std::int64_t>(rng() % 120),
                      self ? gs::Value(nullptr) : gs::Value(std::string("admit")), std::string("green"),
                      std::string("[]"), self ? gs::Value(nullptr) : gs::Value(std::string("normal")), person.subject,
                      person.id, std::string("person")});
        ++c.checkins;
        // Reservoir sample of visits for the cases (their 4-day windows must fit in the data).
        if (time - 2 * 86400 >= kStart && time + 2 * 86400 <= c.now) {
          ++seen;
          if (c.case_samples.size() < reservoir) c.case_samples.push_back({static_cast<std::int64_t>(i), time});
          else if (auto slot = rng() % seen; slot < reservoir)
            c.case_samples[slot] = {static_cast<std::int64_t>(i), time};
        }
      }
    }
    say("day " + std::to_string(day + 1) + "/" + std::to_string(o.days) + ": " + std::to_string(c.checkins) +
        " check-ins, " +
        std::to_string(static_cast<int>(static_cast<double>(c.checkins) / seconds_since(checkins_started))) + "/s");
  }
  checkins.finish();
  g.checkin_seconds = seconds_since(checkins_started);

  // The authority whose password session runs the queries.
  c.authority_account = "a-citybenchauthority";
  c.authority_token = greenlight::base64url_encode(
      greenlight::ByteView(reinterpret_cast<const std::uint8_t*>("city-bench-authority-token-0123"), 31));
  auto digest = greenlight::sha256(greenlight::as_bytes(c.authority_token));
  auto token_hash = greenlight::base64url_encode(greenlight::ByteView(digest.data(), digest.size()));
  must(tx.query("INSERT INTO accounts (id, phone_hash, phone_enc, authority, created_at) VALUES ($1, $2, $3, 1, $4)",
                {c.authority_account, vault.lookup_hash("phone", "13999999999"), vault.seal("13999999999"), created}),
       "authority account");
  must(tx.query("INSERT INTO sessions (token_hash, account_id, created_at, expires_at, method) VALUES ($1, $2, $3, $4, "
                "'password')",
                {token_hash, c.authority_account, c.now - 60, c.now + 30 * 86400}),
       "authority session");
  g.seconds = seconds_since(started);
  return g;
}

// ------------------------------------------------------------------------------------------- measures
double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto at = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
  return v[std::min(at, v.size() - 1)];
}

svc::Request request(const City& c, json body = nullptr, std::vector<std::string> params = {}) {
  svc::Request r;
  r.token = c.authority_token;
  r.address = "127.0.0.1";
  r.body = std::move(body);
  r.params = std::move(params);
  return r;
}

struct CaseRun {
  std::string id, person;
  std::int64_t window_start = 0, window_end = 0;
};

struct TraceFigures {
  std::vector<double> ms;
  double contacts = 0, close = 0, secondary = 0;
  std::vector<std::int64_t> close_counts;
};

TraceFigures trace_cases(svc::Service& service, const City& c, const std::vector<CaseRun>& cases, int depth) {
  TraceFigures f;
  for (const auto& k : cases) {
    auto t = Clock::now();
    auto reply =
        must(service.preview_case(request(c, {{"reason", "city bench"}, {"maxDepth", depth}}, {k.id})), "preview_case");
    f.ms.push_back(ms_since(t));
    auto close = reply.body["counts"]["close"].get<std::int64_t>(),
         secondary = reply.body["counts"]["secondary"].get<std::int64_t>();
    f.close += static_cast<double>(close);
    f.secondary += static_cast<double>(secondary);
    f.close_counts.push_back(close);
  }
  auto n = static_cast<double>(std::max<std::size_t>(cases.size(), 1));
  f.close /= n;
  f.secondary /= n;
  f.contacts = f.close + f.secondary;
  return f;
}

// The close-contact question as one SQL statement: the case's check-ins in the window joined with everyone's
// at the same place whose presence overlaps (the same per-category dwell as tracing).
std::string naive_sql() {
  std::string dwell = "CASE p.category";
  for (const auto& [category, minutes] : greenlight::tracing::default_dwell_minutes())
    dwell += " WHEN '" + category + "' THEN " + std::to_string(minutes * 60);
  dwell += " ELSE " + std::to_string(greenlight::tracing::dwell_seconds("other")) + " END";
  return "SELECT DISTINCT b.person_id FROM checkins_naive a JOIN places p ON p.id = a.place_id "
         "JOIN checkins_naive b ON b.place_id = a.place_id "
         "WHERE a.person_id = $1 AND a.time >= $2 AND a.time <= $3 "
         "AND (a.decision IS NULL OR a.decision <> 'deny') AND (b.decision IS NULL OR b.decision <> 'deny') "
         "AND b.person_id IS NOT NULL AND b.person_id <> a.person_id "
         "AND b.time < a.time + " +
         dwell + " AND a.time < b.time + " + dwell;
}

struct Sizes {
  std::int64_t checkins_bytes = 0;  // table + its indexes
  std::int64_t database_bytes = 0;  // the whole file / database
  std::int64_t checkins = 0;
  std::string how;
};

Sizes sqlite_sizes(const std::string& path) {
  Sizes s;
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) die("sqlite open " + path);
  sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  auto scalar = [&](const char* sql) -> std::int64_t {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) return -1;
    std::int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
  };
  s.checkins = scalar("SELECT COUNT(*) FROM checkins");
  s.checkins_bytes = scalar(
      "SELECT SUM(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = 'checkins')");
  s.how = "dbstat: checkins and its indexes";
  sqlite3_close(db);
  s.database_bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
  if (s.checkins_bytes < 0) {
    s.checkins_bytes = s.database_bytes;
    s.how = "whole file (no dbstat)";
  }
  return s;
}

// Check-ins are partitioned by day (and perhaps sharded): the sizes of every partition, on every shard.
Sizes postgres_sizes(gs::Database& db, const std::vector<std::string>& shard_dbs) {
  Sizes s;
  const char* sizes =
      "SELECT COALESCE(SUM(pg_total_relation_size(relid)), 0), pg_database_size(current_database()) "
      "FROM pg_partition_tree('checkins')";
  s.checkins = select(db, "SELECT COUNT(*) FROM checkins").front().get<std::int64_t>(0).value();
  auto add = [&](gs::Database& where) {
    auto rows = select(where, sizes);
    s.checkins_bytes += rows.front().get<std::int64_t>(0).value();
    s.database_bytes += rows.front().get<std::int64_t>(1).value();
  };
  add(db);
  for (const auto& url : shard_dbs) add(*must(gs::Database::open(url, 1), "open shard"));
  s.how = shard_dbs.empty() ? "pg_total_relation_size of the day partitions"
                            : "pg_total_relation_size of every shard's day partitions";
  return s;
}

// A person's visits, as /me/checkins and tracing ask: on a sharded coordinator a scan of every shard.
constexpr const char* kPersonVisits =
    "SELECT c.client_id, c.time, p.name FROM checkins c JOIN places p ON p.id = c.place_id "
    "WHERE c.person_id = $1 AND c.time >= $2 ORDER BY c.time DESC LIMIT 50";

// The check-in indexes other than the primary key, as the migrations created them.
struct IndexDefinition {
  std::string name, definition;
};

std::vector<IndexDefinition> checkin_secondary_indexes(gs::Database& db, const std::string& backend) {
  auto rows = backend == "sqlite" ? select(db,
                                           "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                                           "'checkins' AND sql IS NOT NULL ORDER BY name")
                                  : select(db,
                                           "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                                           "current_schema() AND tablename = 'checkins' "
                                           "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = "
                                           "'checkins'::regclass) ORDER BY indexname");
  std::vector<IndexDefinition> out;
  for (const auto& row : rows.rows) {
    auto definition = row.get<std::string>(1).value();
    // A partitioned table's index reads "ON ONLY checkins": as written it would index no partition.
    if (auto only = definition.find(" ON ONLY "); only != std::string::npos) definition.replace(only, 9, " ON ");
    out.push_back({row.get<std::string>(0).value(), definition});
  }
  return out;
}

json run_backend(const Options& o, const std::string& backend, const std::string& url, const std::string& sqlite_path,
                 const std::vector<std::string>& shard_dbs = {}) {
  say("== " + backend + " ==");
  auto db = must(gs::Database::open(url, 4), "open " + backend);
  must(db->migrate(gs::schema_migrations()), "migrate");
  if (backend == "sqlite") exec(*db, "PRAGMA cache_size = -4000000");  // 4 GB of page cache for the 10M-row indexes
  // The city's days (and one either side) as day partitions, on the shards when sharded.
  const std::int64_t first_day = kStart / 86400 - 1, last_day = (kStart + o.days * 86400 + 3600) / 86400 + 1;
  if (backend == "sharded") must(gs::init_checkin_shards(*db, shard_dbs, first_day, last_day), "shards init");
  else must(gs::prepare_checkin_days(*db, first_day, last_day), "day partitions");

  auto keys = must(greenlight::Keyring::open_or_create(o.dir + "/city-keys", "gl:bench-city"), "keyring");
  greenlight::PiiVault vault(keys.pii_key);
  // The check-in indexes other than the primary key are built after the load, from the migrated schema's own
  // definitions: the same indexes, sorted once instead of updated row by row.
  auto deferred = checkin_secondary_indexes(*db, backend);
  for (const auto& index : deferred) exec(*db, "DROP INDEX " + index.name);
  Generated generated;
  must(db->transact([&](gs::Transaction& tx) -> greenlight::Result<void> {
    generated = generate(tx, o, vault);
    return {};
  }),
       "generate");
  const auto& c = generated.city;
  say("generated " + std::to_string(c.checkins) + " check-ins in " +
      std::to_string(static_cast<int>(generated.checkin_seconds)) + " s");
  auto indexes_started = Clock::now();
  for (const auto& index : deferred) {
    auto t = Clock::now();
    if (backend != "sqlite") {
      must(db->transact([&](gs::Transaction& tx) -> greenlight::Result<void> {
        if (auto set = tx.query("SET LOCAL maintenance_work_mem = '1GB'"); !set) return set.error();
        if (auto made = tx.query(index.definition); !made) return made.error();
        return {};
      }),
           index.definition);
    } else {
      exec(*db, index.definition);
    }
    say("index " + index.name + " built in " + std::to_string(static_cast<int>(seconds_since(t))) + " s");
  }
  double index_seconds = seconds_since(indexes_started);
  if (checkin_secondary_indexes(*db, backend).size() != deferred.size()) die("a deferred check-in index is missing");
  if (backend != "sqlite") exec(*db, "ANALYZE");  // what autovacuum does after a bulk load
  for (const auto& shard : shard_dbs) exec(*must(gs::Database::open(shard, 1), "open shard"), "ANALYZE");

  auto sizes = backend == "sqlite" ? sqlite_sizes(sqlite_path) : postgres_sizes(*db, shard_dbs);
  if (sizes.checkins != c.checkins)
    die("check-ins written " + std::to_string(c.checkins) + " but stored " + std::to_string(sizes.checkins));

  svc::SmsOutbox sms(o.dir + "/city-sms.jsonl");
  svc::ServiceOptions options;
  // The status lists' day moves this clock; everything else runs at the city's now.
  auto clock_now = std::make_shared<std::atomic<std::uint64_t>>(static_cast<std::uint64_t>(c.now));
  options.clock = [clock_now] { return clock_now->load(); };
  auto service = must(svc::Service::create(*db, keys, sms, options), "service");

  // Cases: a random person with a visit, the 4 days around it.
  std::vector<CaseRun> cases;
  for (std::size_t i = 0; i < c.case_samples.size() && static_cast<int>(cases.size()) < o.cases; ++i) {
    const auto& sample = c.case_samples[i];
    const auto& person = c.people[static_cast<std::size_t>(sample.person)];
    bool again = std::any_of(cases.begin(), cases.end(), [&](const CaseRun& k) { return k.person == person.id; });
    if (again) continue;
    CaseRun k{"", person.id, sample.time - 2 * 86400, sample.time + 2 * 86400};
    auto reply = must(service->create_case(request(c, {{"personId", k.person},
                                                       {"windowStart", k.window_start},
                                                       {"windowEnd", k.window_end},
                                                       {"reason", "city bench"}})),
                      "create_case");
    k.id = reply.body["case"]["id"];
    cases.push_back(k);
  }
  say("tracing " + std::to_string(cases.size()) + " cases");
  auto depth1 = trace_cases(*service, c, cases, 1);
  auto depth2 = trace_cases(*service, c, cases, 2);

  // A person's visits (the look-up /me/checkins and tracing make), 200 people; sharded: every shard scanned
  // at once (async_capable, as shards init sets it) and then one after another.
  auto person_visits = [&](gs::Database& where) {
    std::vector<double> ms;
    for (std::size_t i = 0; i < 200 && i < c.people.size(); ++i) {
      const auto& person = c.people[(i * 7919) % c.people.size()];
      auto t = Clock::now();
      select(where, kPersonVisits, {person.id, c.now - 28 * 86400});
      ms.push_back(ms_since(t));
    }
    return ms;
  };
  auto visits_ms = person_visits(*db);
  std::vector<double> visits_serial_ms;
  if (backend == "sharded") {
    for (std::size_t i = 0; i < shard_dbs.size(); ++i)
      exec(*db, "ALTER SERVER greenlight_shard_" + std::to_string(i) + " OPTIONS (SET async_capable 'false')");
    visits_serial_ms = person_visits(*must(gs::Database::open(url, 1), "open"));  // new sessions: new plans
    for (std::size_t i = 0; i < shard_dbs.size(); ++i)
      exec(*db, "ALTER SERVER greenlight_shard_" + std::to_string(i) + " OPTIONS (SET async_capable 'true')");
  }

  // The naive baseline on an index-less copy (not on the sharded layout: it would copy every shard back).
  auto copy_started = Clock::now();
  if (backend != "sharded") exec(*db, "CREATE TABLE checkins_naive AS SELECT * FROM checkins");
  if (backend == "postgresql") exec(*db, "ANALYZE checkins_naive");
  double copy_s = seconds_since(copy_started);
  auto sql = naive_sql();
  std::vector<double> naive_ms;
  int naive_mismatch = 0;
  for (int i = 0; backend != "sharded" && i < o.naive_runs && i < static_cast<int>(cases.size()); ++i) {
    const auto& k = cases[static_cast<std::size_t>(i)];
    auto t = Clock::now();
    auto rows = select(*db, sql, {k.person, k.window_start, k.window_end});
    naive_ms.push_back(ms_since(t));
    if (static_cast<std::int64_t>(rows.rows.size()) != depth1.close_counts[static_cast<std::size_t>(i)])
      ++naive_mismatch;
    say("naive query " + std::to_string(i + 1) + ": " + std::to_string(static_cast<int>(naive_ms.back())) + " ms, " +
        std::to_string(rows.rows.size()) +
        " contacts (service: " + std::to_string(depth1.close_counts[static_cast<std::size_t>(i)]) + ")");
  }
  if (backend != "sharded") exec(*db, "DROP TABLE checkins_naive");

  // Status changes through the service, then the delta since before them and the snapshot.
  auto seq_before =
      select(*db, "SELECT value FROM counters WHERE name = 'status_seq'").front().get<std::int64_t>(0).value();
  std::vector<std::int64_t> chosen;
  {
    Rng rng(o.seed + 1);
    std::vector<char> taken(static_cast<std::size_t>(o.people), 0);
    auto wanted = std::min<std::int64_t>(o.status_changes, o.people);
    while (static_cast<std::int64_t>(chosen.size()) < wanted) {
      auto i = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(o.people));
      if (!taken[static_cast<std::size_t>(i)]) {
        taken[static_cast<std::size_t>(i)] = 1;
        chosen.push_back(i);
      }
    }
  }
  // The day: change i at now + i * day / n; a checkpoint asks for the delta since its seq every minute.
  auto count_entries = [](const svc::Reply& reply) -> std::int64_t {
    auto shown = greenlight::inspect_status_list(reply.body["lists"][0].get<std::string>());
    if (!shown) die("status list: " + shown.error().message);
    return static_cast<std::int64_t>((*shown)["entries"].size());
  };
  const std::uint64_t day_start = static_cast<std::uint64_t>(c.now);
  std::int64_t poll_seq = seq_before, polls = 0, poll_lists = 0, poll_entries = 0, poll_bytes = 0;
  std::uint64_t next_poll = day_start + 60;
  double status_s = 0;
  auto poll_until = [&](std::uint64_t t) {
    for (; next_poll <= t; next_poll += 60) {
      clock_now->store(next_poll);
      auto r = request(c);
      r.query["since"] = std::to_string(poll_seq);
      auto reply = must(service->status_list(r), "status_list poll");
      ++polls;
      if (reply.unchanged) continue;
      ++poll_lists;
      poll_entries += count_entries(reply);
      poll_bytes += static_cast<std::int64_t>(reply.body["lists"][0].get<std::string>().size());
      poll_seq = reply.body["seq"].get<std::int64_t>();
    }
  };
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    auto at = day_start + k * 86400 / chosen.size();
    poll_until(at);
    clock_now->store(at);
    auto i = chosen[k];
    auto started = Clock::now();
    must(service->set_status(request(
             c, {{"idNumber", id_number(i)}, {"status", i % 3 ? "yellow" : "orange"}, {"reason", "city bench"}})),
         "set_status");
    status_s += seconds_since(started);
  }
  poll_until(day_start + 86400);
  clock_now->store(day_start + 86400);
  std::vector<double> delta_ms;
  std::int64_t delta_entries = 0, delta_bytes = 0;
  for (int i = 0; i < 3; ++i) {
    auto r = request(c);
    r.query["since"] = std::to_string(seq_before);
    auto t = Clock::now();
    auto reply = must(service->status_list(r), "status_list delta");
    delta_ms.push_back(ms_since(t));
    if (reply.body["snapshot"].get<bool>()) die("expected a delta, got a snapshot");
    delta_entries = count_entries(reply);
    delta_bytes = static_cast<std::int64_t>(reply.body["lists"][0].get<std::string>().size());
  }
  auto t = Clock::now();
  auto snapshot = must(service->status_list(request(c)), "status_list snapshot");
  double snapshot_ms = ms_since(t);
  t = Clock::now();
  must(service->status_list(request(c)), "status_list snapshot (cached)");
  double snapshot_cached_ms = ms_since(t);
  auto snapshot_entries = count_entries(snapshot);
  auto snapshot_bytes = static_cast<std::int64_t>(snapshot.body["lists"][0].get<std::string>().size());
  clock_now->store(static_cast<std::uint64_t>(c.now));

  // Retention of the oldest UTC day the city has rows in: PostgreSQL drops its partition (every shard's),
  // SQLite deletes the rows.
  const std::int64_t retention_cutoff = (kStart / 86400 + 1) * 86400;
  auto retention_started = Clock::now();
  std::int64_t retention_rows = 0;
  if (backend == "sqlite") {
    must(db->transact([&](gs::Transaction& tx) -> greenlight::Result<void> {
      auto gone = tx.query("DELETE FROM checkins WHERE time < $1", {retention_cutoff});
      if (!gone) return gone.error();
      retention_rows = gone->affected;
      return {};
    }),
         "retention delete");
  } else {
    retention_rows = must(gs::drop_checkin_days_before(*db, retention_cutoff), "retention drop");
  }
  double retention_s = seconds_since(retention_started);

  json out = {
      {"bench", "city"},
      {"backend", backend},
      {"people", o.people},
      {"places", o.places},
      {"days", o.days},
      {"checkins", c.checkins},
      {"generate_seconds", generated.seconds},
      {"checkin_rows_per_second", static_cast<double>(c.checkins) / generated.checkin_seconds},
      {"index_build_seconds", index_seconds},
      {"deferred_indexes", deferred.size()},
      {"checkins_bytes", sizes.checkins_bytes},
      {"bytes_per_checkin", static_cast<double>(sizes.checkins_bytes) / static_cast<double>(c.checkins)},
      {"database_bytes", sizes.database_bytes},
      {"size_measured_by", sizes.how},
      {"cases", cases.size()},
      {"trace_depth1_p50_ms", percentile(depth1.ms, 0.5)},
      {"trace_depth1_p95_ms", percentile(depth1.ms, 0.95)},
      {"trace_depth1_contacts_avg", depth1.close},
      {"trace_depth2_p50_ms", percentile(depth2.ms, 0.5)},
      {"trace_depth2_p95_ms", percentile(depth2.ms, 0.95)},
      {"trace_depth2_close_avg", depth2.close},
      {"trace_depth2_secondary_avg", depth2.secondary},
      {"naive_runs", naive_ms.size()},
      {"naive_p50_ms", percentile(naive_ms, 0.5)},
      {"naive_copy_seconds", copy_s},
      {"naive_mismatches", naive_mismatch},
      {"naive_over_greenlight_depth1",
       percentile(depth1.ms, 0.5) > 0 ? percentile(naive_ms, 0.5) / percentile(depth1.ms, 0.5) : 0},
      {"status_changes", chosen.size()},
      {"status_changes_per_second", static_cast<double>(chosen.size()) / status_s},
      {"delta_ms", percentile(delta_ms, 0.5)},
      {"delta_entries", delta_entries},
      {"delta_jws_bytes", delta_bytes},
      {"snapshot_ms", snapshot_ms},
      {"snapshot_cached_ms", snapshot_cached_ms},
      {"snapshot_entries", snapshot_entries},
      {"snapshot_jws_bytes", snapshot_bytes},
      {"day_polls", polls},
      {"day_delta_lists", poll_lists},
      {"day_delta_entries", poll_entries},
      {"day_delta_jws_bytes", poll_bytes},
      {"shards", shard_dbs.size()},
      {"person_visits_p50_ms", percentile(visits_ms, 0.5)},
      {"person_visits_p95_ms", percentile(visits_ms, 0.95)},
      {"person_visits_serial_p50_ms", visits_serial_ms.empty() ? 0.0 : percentile(visits_serial_ms, 0.5)},
      {"retention_day_rows", retention_rows},
      {"retention_day_seconds", retention_s},
  };
  return out;
}

// -------------------------------------------------------------------------------------- PostgreSQL
std::string run_capture(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) die("cannot run " + command);
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
  if (pclose(pipe) != 0) die(command + " failed");
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

void pg_exec(const std::string& url, const std::string& sql) {
  PGconn* pg = PQconnectdb(url.c_str());
  if (PQstatus(pg) != CONNECTION_OK) die(std::string("postgresql connect: ") + PQerrorMessage(pg));
  PGresult* res = PQexec(pg, sql.c_str());
  if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
    die("postgresql " + sql + ": " + PQerrorMessage(pg));
  PQclear(res);
  PQfinish(pg);
}

// The URL with another database name (before any ?query).
std::string with_database(const std::string& url, const std::string& name) {
  auto query = url.find('?');
  auto base = url.substr(0, query);
  auto slash = base.rfind('/');
  if (slash == std::string::npos || slash < base.find("://") + 3) die("postgres URL without a database: " + url);
  return base.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
}

std::string fmt(double v, int decimals = 0) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}

void table(const json& r) {
  auto& e = std::cerr;
  e << "\nCity (" << r["backend"].get<std::string>() << "): " << r["people"] << " people, " << r["places"]
    << " places, " << r["days"] << " days, " << r["checkins"] << " check-ins\n";
  e << "  generate          " << fmt(r["generate_seconds"].get<double>()) << " s in all; check-ins "
    << fmt(r["checkin_rows_per_second"].get<double>()) << " rows/s (primary key in place); then "
    << r["deferred_indexes"] << " check-in indexes built in " << fmt(r["index_build_seconds"].get<double>()) << " s\n";
  e << "  size              " << fmt(r["bytes_per_checkin"].get<double>()) << " B per check-in ("
    << r["size_measured_by"].get<std::string>() << ": " << fmt(r["checkins_bytes"].get<double>() / 1e9, 2)
    << " GB; database " << fmt(r["database_bytes"].get<double>() / 1e9, 2) << " GB)\n";
  e << "  trace depth 1     p50 " << fmt(r["trace_depth1_p50_ms"].get<double>(), 1) << " ms, p95 "
    << fmt(r["trace_depth1_p95_ms"].get<double>(), 1) << " ms; " << fmt(r["trace_depth1_contacts_avg"].get<double>(), 1)
    << " close contacts on average (" << r["cases"] << " cases)\n";
  e << "  trace depth 2     p50 " << fmt(r["trace_depth2_p50_ms"].get<double>(), 1) << " ms, p95 "
    << fmt(r["trace_depth2_p95_ms"].get<double>(), 1) << " ms; " << fmt(r["trace_depth2_close_avg"].get<double>(), 1)
    << " close + " << fmt(r["trace_depth2_secondary_avg"].get<double>(), 1) << " secondary on average\n";
  e << "  naive self-join   p50 " << fmt(r["naive_p50_ms"].get<double>(), 0) << " ms over " << r["naive_runs"]
    << " runs (index-less copy; " << r["naive_mismatches"]
    << " disagreements) = " << fmt(r["naive_over_greenlight_depth1"].get<double>(), 1) << "x greenlight depth 1\n";
  e << "  status changes    " << r["status_changes"] << " via set_status over a day, at "
    << fmt(r["status_changes_per_second"].get<double>()) << "/s\n";
  e << "  a day's deltas    " << r["day_delta_lists"] << " deltas (polled every minute: " << r["day_polls"] << "), "
    << r["day_delta_entries"] << " entries, " << fmt(r["day_delta_jws_bytes"].get<double>() / 1e3, 1) << " KB of JWS\n";
  e << "  delta (day)       " << fmt(r["delta_ms"].get<double>(), 1) << " ms for " << r["delta_entries"]
    << " subjects still needed at the day's end (" << fmt(r["delta_jws_bytes"].get<double>() / 1e3, 2) << " KB JWS)\n";
  e << "  snapshot          " << fmt(r["snapshot_ms"].get<double>(), 1) << " ms for " << r["snapshot_entries"]
    << " subjects (" << fmt(r["snapshot_jws_bytes"].get<double>() / 1e3, 2)
    << " KB JWS: what a checkpoint offline for the day downloads); cached "
    << fmt(r["snapshot_cached_ms"].get<double>(), 2) << " ms\n";
  e << "  person's visits   p50 " << fmt(r["person_visits_p50_ms"].get<double>(), 2) << " ms, p95 "
    << fmt(r["person_visits_p95_ms"].get<double>(), 2) << " ms";
  if (r["shards"].get<std::size_t>() > 0)
    e << " (shards scanned at once; one after another: p50 " << fmt(r["person_visits_serial_p50_ms"].get<double>(), 2)
      << " ms)";
  e << "\n  retention, a day  " << r["retention_day_rows"] << " rows in "
    << fmt(r["retention_day_seconds"].get<double>(), 3) << " s\n";
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--keep") {
      o.keep = true;
      continue;
    }
    if (i + 1 >= argc) die("missing value for " + flag);
    std::string value = argv[++i];
    if (flag == "--backend") o.backend = value;
    else if (flag == "--people") o.people = std::stoll(value);
    else if (flag == "--places") o.places = std::stoll(value);
    else if (flag == "--days") o.days = std::stoll(value);
    else if (flag == "--checkins") o.checkins = std::stoll(value);
    else if (flag == "--cases") o.cases = std::stoi(value);
    else if (flag == "--naive-runs") o.naive_runs = std::stoi(value);
    else if (flag == "--status-changes") o.status_changes = std::stoi(value);
    else if (flag == "--dir") o.dir = value;
    else if (flag == "--postgres") o.postgres = value;
    else if (flag == "--shards") {
      for (std::size_t at = 0; at <= value.size();) {
        auto comma = value.find(',', at);
        if (comma == std::string::npos) comma = value.size();
        if (comma > at) o.shards.push_back(value.substr(at, comma - at));
        at = comma + 1;
      }
    } else if (flag == "--seed") o.seed = std::stoull(value);
    else die("unknown flag " + flag);
  }
  if (o.backend != "sqlite" && o.backend != "postgresql" && o.backend != "both" && o.backend != "sharded")
    die("--backend sqlite|postgresql|both|sharded");
  if ((o.backend == "sharded") != !o.shards.empty() || (o.backend == "sharded" && o.postgres.empty()))
    die("--backend sharded goes with --postgres COORDINATOR_URL --shards URL,URL");
  if (o.people < 1 || o.places < 1 || o.days < 5 || o.checkins < 1)
    die("--people, --places, --checkins >= 1 and --days >= 5");
  {
    auto real_now = static_cast<std::int64_t>(std::time(nullptr));
    auto today = (real_now + 8 * 3600) / 86400 * 86400 - 8 * 3600;
    kStart = today - o.days * 86400;
  }
  std::filesystem::create_directories(o.dir);
  if (o.dir.back() == '/') o.dir.pop_back();

  std::vector<json> results;
  if (o.backend == "sharded") {
    std::vector<std::string> shard_dbs;
    for (const auto& server : std::vector<std::string>{o.postgres})
      pg_exec(server, "DROP DATABASE IF EXISTS gl_city_bench");
    for (const auto& server : o.shards) {
      pg_exec(server, "DROP DATABASE IF EXISTS gl_city_bench");
      pg_exec(server, "CREATE DATABASE gl_city_bench");
      shard_dbs.push_back(with_database(server, "gl_city_bench"));
    }
    pg_exec(o.postgres, "CREATE DATABASE gl_city_bench");
    results.push_back(run_backend(o, "sharded", with_database(o.postgres, "gl_city_bench"), "", shard_dbs));
  } else if (o.backend != "postgresql") {
    auto path = o.dir + "/city.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    results.push_back(run_backend(o, "sqlite", "sqlite:" + path, path));
    if (!o.keep)
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  if (o.backend != "sqlite" && o.backend != "sharded") {
    std::string server = o.postgres;
    if (server.empty())
      if (const char* env = std::getenv("GREENLIGHT_BENCH_POSTGRES_URL")) server = env;
    std::string cluster;
    if (server.empty()) {
      cluster = o.dir + "/city-pg";
      server = run_capture("'" GREENLIGHT_SOURCE_DIR "/scripts/lib/pg-cluster' start '" + cluster + "'");
      // A throwaway cluster: room for the bulk load's WAL between checkpoints (defaults otherwise).
      pg_exec(server, "ALTER SYSTEM SET max_wal_size = '8GB'");
      pg_exec(server, "SELECT pg_reload_conf()");
    }
    pg_exec(server, "DROP DATABASE IF EXISTS gl_city_bench");
    pg_exec(server, "CREATE DATABASE gl_city_bench");
    auto url = with_database(server, "gl_city_bench");
    results.push_back(run_backend(o, "postgresql", url, ""));
    if (!o.keep) pg_exec(server, "DROP DATABASE gl_city_bench");
    if (!cluster.empty() && !o.keep)
      run_capture("'" GREENLIGHT_SOURCE_DIR "/scripts/lib/pg-cluster' stop '" + cluster + "'");
  }
  for (const auto& r : results) table(r);
  for (const auto& r : results) std::cout << r.dump() << std::endl;
  return 0;
}
