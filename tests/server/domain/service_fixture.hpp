// A Service of its own for one test case: a migrated in-memory SQLite database, a keyring in a scratch
// directory, a clock the test sets, and an SMS sender that keeps what it was given (sign-in codes).
// Tests go through the public Service API only, with the Request shapes the HTTP front builds.
#pragma once

#include <chrono>

#include <catch2/catch.hpp>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "greenlight/server/schema.hpp"
#include "greenlight/server/service.hpp"
#include "greenlight/server/storage.hpp"

namespace greenlight::testing {

using nlohmann::json;
using service::Answer;
using service::Reply;
using service::Request;

// Keeps every message; tests read the sign-in code back out of it.
class RecordingSms final : public service::SmsSender {
 public:
  Result<void> send(const std::string& phone, const std::string& text) override {
    sent.push_back({phone, text});
    return {};
  }
  // The 6-digit code of the last message to phone ("" when none).
  std::string last_code(const std::string& phone) const {
    static const std::regex six_digits(R"((^|[^0-9])([0-9]{6})([^0-9]|$))");
    for (auto it = sent.rbegin(); it != sent.rend(); ++it) {
      std::smatch m;
      if (it->first == phone && std::regex_search(it->second, m, six_digits)) return m[2].str();
    }
    return {};
  }
  std::vector<std::pair<std::string, std::string>> sent;
};

// A valid GB 11643 number from its first 17 digits (the check character appended).
inline std::string id_number_from(const std::string& first17) {
  static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * weights[i];
  return first17 + "10X98765432"[sum % 11];
}

// What a test needs to act as someone: the token, and for citizens their person and ID number.
struct Caller {
  std::string token;
  std::string phone;
  std::string person_id;
  std::string id_number;
};

class ServiceFixture {
 public:
  // 08:00 UTC today: a whole scenario of hours fits in one UTC day (one day pseudonym per person), and the
  // keyring's documents, signed on the real clock when it is made, are current.
  static inline const std::uint64_t kStart = [] {
    auto now = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    return now - now % 86400 + 8 * 3600;
  }();

  explicit ServiceFixture(service::ServiceOptions options = {})
      : dir_(std::filesystem::temp_directory_path() /
             ("gl-domain-" + std::to_string(::getpid()) + "-" + std::to_string(next_serial()))) {
    std::filesystem::remove_all(dir_);
    auto db = storage::Database::open("sqlite::memory:");
    if (!db) FAIL("open: " << db.error().code << " " << db.error().message);
    db_ = std::move(*db);
    auto migrated = db_->migrate(storage::schema_migrations());
    if (!migrated) FAIL("migrate: " << migrated.error().code << " " << migrated.error().message);
    auto keys = Keyring::open_or_create(dir_.string(), "gl:test");
    if (!keys) FAIL("keyring: " << keys.error().code << " " << keys.error().message);
    keys_ = std::make_unique<Keyring>(std::move(*keys));
    now_->store(kStart);
    options.clock = [now = now_] { return now->load(); };
    auto made = service::Service::create(*db_, *keys_, sms, std::move(options));
    if (!made) FAIL("service: " << made.error().code << " " << made.error().message);
    service_ = std::move(*made);
  }
  ~ServiceFixture() {
    service_.reset();
    std::filesystem::remove_all(dir_);
  }
  ServiceFixture(const ServiceFixture&) = delete;
  ServiceFixture& operator=(const ServiceFixture&) = delete;

  service::Service& svc() { return *service_; }
  const Keyring& keys() const { return *keys_; }
  std::uint64_t now() const { return now_->load(); }
  void set_now(std::uint64_t t) { now_->store(t); }
  void advance(std::uint64_t seconds) { now_->fetch_add(seconds); }

  // A request as the HTTP front builds it; each sign-in gets its own client address, so the per-address
  // limits of docs/api.md never decide a test that is not about them.
  static Request request(const std::string& token = "", json body = nullptr, std::vector<std::string> params = {},
                         std::map<std::string, std::string> query = {}) {
    Request r;
    r.token = token;
    r.address = "192.0.2.1";
    r.body = std::move(body);
    r.params = std::move(params);
    r.query = std::move(query);
    return r;
  }

  // A fresh phone number each call.
  std::string new_phone() { return "139" + pad(++phone_serial_, 8); }
  // A fresh valid ID number each call.
  std::string new_id_number() { return id_number_from("11010519900101" + pad(100 + ++id_serial_, 3)); }

  // Signs phone in by SMS code (the account is made on first sign-in); returns the session token.
  std::string sign_in(const std::string& phone) {
    auto address = "198.51.100." + std::to_string(++address_serial_ % 250 + 1);
    auto otp = request();
    otp.address = address;
    otp.body = {{"phone", phone}};
    auto sent = svc().request_otp(otp);
    if (!sent) FAIL("request_otp: " << sent.error().code << " " << sent.error().message);
    auto code = sms.last_code(phone);
    REQUIRE(code.size() == 6);
    auto session = request();
    session.address = address;
    session.body = {{"phone", phone}, {"code", code}};
    auto signed_in = svc().sign_in(session);
    if (!signed_in) FAIL("sign_in: " << signed_in.error().code << " " << signed_in.error().message);
    REQUIRE(signed_in->created);
    return signed_in->body.at("token").get<std::string>();
  }

  // A signed-in citizen with real-name details and a symptom-free declaration (what a code needs).
  Caller citizen(const std::string& name) {
    Caller c;
    c.phone = new_phone();
    c.token = sign_in(c.phone);
    c.id_number = new_id_number();
    auto identity = ok(svc().set_identity(request(c.token, {{"name", name}, {"idNumber", c.id_number}})));
    c.person_id = identity.body.at("person").at("id").get<std::string>();
    ok(svc().declare(request(c.token, {{"symptoms", json::array()},
                                       {"fever", false},
                                       {"contactWithCase", false},
                                       {"travel", {{"highRiskArea", false}, {"regions", json::array()}}}})));
    return c;
  }

  // The caller's dynamic code, issued now.
  std::string code_of(const Caller& c) {
    return ok(svc().my_code(request(c.token))).body.at("text").get<std::string>();
  }

  // An authority staff account and its password session.
  Caller authority() {
    auto username = "staff." + std::to_string(++authority_serial_);
    const std::string password = "correct horse battery staple";
    auto added = svc().add_authority(username, "周敏", password);
    if (!added) FAIL("add_authority: " << added.error().code << " " << added.error().message);
    auto session = ok(svc().authority_sign_in(request("", {{"username", username}, {"password", password}})));
    return Caller{session.body.at("token").get<std::string>(), "", "", ""};
  }

  // The reply of a call that must succeed (the error's code and message otherwise).
  static Reply ok(const Answer& a) {
    if (!a) FAIL("expected success, got " << a.error().code << ": " << a.error().message);
    return *a;
  }
  // The error code of a call that must fail.
  static std::string error_code(const Answer& a) {
    if (a) FAIL("expected an error, got " << a->body.dump());
    return a.error().code;
  }

  RecordingSms sms;

 private:
  static int next_serial() {
    static std::atomic<int> serial{0};
    return serial++;
  }
  static std::string pad(int n, std::size_t width) {
    auto s = std::to_string(n);
    return std::string(width > s.size() ? width - s.size() : 0, '0') + s;
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Keyring> keys_;
  std::shared_ptr<std::atomic<std::uint64_t>> now_ = std::make_shared<std::atomic<std::uint64_t>>(0);
  std::unique_ptr<service::Service> service_;
  int phone_serial_ = 0;
  int id_serial_ = 0;
  int address_serial_ = 0;
  int authority_serial_ = 0;
};

}  // namespace greenlight::testing
