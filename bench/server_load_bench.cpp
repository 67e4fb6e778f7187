// Check-in ingest and dynamic-code issuance against a running greenlight-server, over loopback HTTP:
// `clients` threads each POST batches of `batch` records (fresh clientIds, real dynamic codes the server
// re-verifies) for `seconds`; then the same threads GET /api/v1/me/code. Prints one JSON line each.
//   greenlight_server_load_bench --url http://127.0.0.1:PORT --outbox <data-dir>/sms-outbox.jsonl
//                                [--seconds 10] [--clients 8] [--batch 100] [--phone-prefix 1390000]
#include <httplib.h>

#include "greenlight/server/privacy.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <vector>

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string url, outbox, phone_prefix = "1390000";
  double seconds = 10;
  int clients = 8, batch = 100;
};

[[noreturn]] void die(const std::string& what) {
  std::cerr << "server_load_bench: " << what << "\n";
  std::exit(1);
}

json call(httplib::Client& c, const std::string& method, const std::string& path, const std::string& token,
          const json& body = nullptr) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  auto res = method == "GET"   ? c.Get(path.c_str(), headers)
             : method == "PUT" ? c.Put(path.c_str(), headers, body.dump(), "application/json")
                               : c.Post(path.c_str(), headers, body.dump(), "application/json");
  if (!res) die(method + " " + path + ": no answer");
  if (res->status >= 300) die(method + " " + path + ": " + std::to_string(res->status) + " " + res->body);
  return res->body.empty() ? json(nullptr) : json::parse(res->body);
}

std::string last_code_for(const std::string& outbox, const std::string& phone) {
  std::ifstream in(outbox);
  std::string code;
  static const std::regex digits("([0-9]{6})");
  for (std::string line; std::getline(in, line);) {
    auto m = json::parse(line);
    std::smatch match;
    auto text = m["text"].get<std::string>();
    if (m["phone"] == phone && std::regex_search(text, match, digits)) code = match[1];
  }
  if (code.empty()) die("no SMS for " + phone + " in " + outbox);
  return code;
}

std::string sign_in(httplib::Client& c, const Options& o, const std::string& phone) {
  call(c, "POST", "/api/v1/auth/otp", "", {{"phone", phone}});
  return call(c, "POST", "/api/v1/auth/sessions", "",
              {{"phone", phone}, {"code", last_code_for(o.outbox, phone)}})["token"];
}

std::string id_number(const std::string& first17) { return first17 + *greenlight::id_number_check_character(first17); }

struct Measured {
  std::vector<double> latencies_ms;
  std::uint64_t items = 0;
  double elapsed = 0;
};

template <typename Step>
Measured run_clients(const Options& o, Step step) {
  std::mutex mutex;
  Measured total;
  std::vector<std::thread> threads;
  auto start = Clock::now();
  auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  for (int t = 0; t < o.clients; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client c(o.url);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);
      c.set_read_timeout(60, 0);
      std::vector<double> mine;
      std::uint64_t items = 0;
      for (std::uint64_t n = 0; Clock::now() < deadline; ++n) {
        auto t0 = Clock::now();
        items += step(c, t, n);
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
      std::lock_guard lock(mutex);
      total.latencies_ms.insert(total.latencies_ms.end(), mine.begin(), mine.end());
      total.items += items;
    });
  }
  for (auto& th : threads) th.join();
  total.elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(total.latencies_ms.begin(), total.latencies_ms.end());
  return total;
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--url") o.url = value;
    else if (flag == "--outbox") o.outbox = value;
    else if (flag == "--seconds") o.seconds = std::stod(value);
    else if (flag == "--clients") o.clients = std::stoi(value);
    else if (flag == "--batch") o.batch = std::stoi(value);
    else if (flag == "--phone-prefix") o.phone_prefix = value;
    else die("unknown flag " + flag);
  }
  if (o.url.empty() || o.outbox.empty()) die("--url and --outbox are required");

  httplib::Client c(o.url);
  auto admin = sign_in(c, o, o.phone_prefix + "0001");
  auto citizen = sign_in(c, o, o.phone_prefix + "0002");
  call(c, "PUT", "/api/v1/me/identity", citizen, {{"name", "测试"}, {"idNumber", id_number("11010519900101001")}});
  call(c, "POST", "/api/v1/me/declarations", citizen,
       {{"symptoms", json::array()},
        {"fever", false},
        {"contactWithCase", false},
        {"travel", {{"highRiskArea", false}}}});
  auto place =
      call(c, "POST", "/api/v1/places", admin,
           {{"region", "110105"}, {"address", "bench"}, {"category", "mall"}, {"name", "bench " + o.phone_prefix}});
  std::vector<std::string> codes;
  for (int i = 0; i < 16; ++i) codes.push_back(call(c, "GET", "/api/v1/me/code", citizen)["text"]);

  std::string place_id = place["id"];
  auto ingest = run_clients(o, [&](httplib::Client& client, int thread, std::uint64_t n) -> std::uint64_t {
    json records = json::array();
    auto now = static_cast<std::int64_t>(std::time(nullptr));
    for (int i = 0; i < o.batch; ++i)
      records.push_back({{"clientId", "b" + o.phone_prefix + "-" + std::to_string(thread) + "-" + std::to_string(n) +
                                          "-" + std::to_string(i)},
                         {"placeId", place_id},
                         {"checkpoint", "gate " + std::to_string(thread % 2)},
                         {"time", now},
                         {"method", "inspector-scan"},
                         {"code", codes[static_cast<std::size_t>(i) % codes.size()]},
                         {"decision", "admit"},
                         {"status", "green"},
                         {"reasons", json::array()},
                         {"temperatureClass", "normal"}});
    auto answer = call(client, "POST", "/api/v1/checkins", admin, {{"records", records}});
    if (answer["accepted"].size() != static_cast<std::size_t>(o.batch))
      die("a batch was not fully accepted: " + answer.dump());
    return answer["accepted"].size();
  });
  std::cout << json{{"bench", "ingest"},
                    {"clients", o.clients},
                    {"batch", o.batch},
                    {"records", ingest.items},
                    {"records_per_second", static_cast<double>(ingest.items) / ingest.elapsed},
                    {"p50_ms", percentile(ingest.latencies_ms, 0.50)},
                    {"p99_ms", percentile(ingest.latencies_ms, 0.99)}}
                   .dump()
            << std::endl;

  auto issue = run_clients(o, [&](httplib::Client& client, int, std::uint64_t) -> std::uint64_t {
    call(client, "GET", "/api/v1/me/code", citizen);
    return 1;
  });
  std::cout << json{{"bench", "dynamic-codes"},
                    {"clients", o.clients},
                    {"codes", issue.items},
                    {"codes_per_second", static_cast<double>(issue.items) / issue.elapsed},
                    {"p50_ms", percentile(issue.latencies_ms, 0.50)},
                    {"p99_ms", percentile(issue.latencies_ms, 0.99)}}
                   .dump()
            << std::endl;
  return 0;
}
