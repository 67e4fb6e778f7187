// The /api/v1 routes of docs/api.md: each turns an HTTP request into a service::Request, calls the
// service, and turns the Reply or the error into a response.
#include "routes.hpp"

#include <iostream>
#include <vector>

#include "greenlight/encoding.hpp"
#include "greenlight/json_limits.hpp"
#include "http_status.hpp"
#include "log.hpp"

namespace greenlight::server {
namespace {

using service::Answer;
using service::Reply;
using service::Service;
using Handler = Answer (Service::*)(const service::Request&);

constexpr std::size_t kBodyLimit = 64u << 10;
constexpr std::size_t kCheckinBodyLimit = 8u << 20;
constexpr std::size_t kJsonDepth = 8;
// A rule set's logic nests deeper than any other request, and its cases carry example data.
constexpr std::size_t kRulesBodyLimit = 1u << 20;
constexpr std::size_t kRulesJsonDepth = 64;
constexpr std::size_t kRegionRiskBodyLimit = 1u << 20;

void send_error(http::Response& res, const Error& e) {
  auto status = http_status_for(e.code);
  // Internal details (SQL, file paths) stay in the log; callers get a stable code.
  const bool internal = status == 500;
  if (internal) log_message("error", e.code + ": " + e.message);
  res.status = status;
  res.error_code = e.code;
  nlohmann::json body = {
      {"error",
       {{"code", internal ? "server.internal" : e.code}, {"message", internal ? "internal error" : e.message}}}};
  if (!internal && !e.details.empty()) {
    auto details = nlohmann::json::parse(e.details, nullptr, false);
    if (details.is_object()) body["error"]["details"] = std::move(details);
  }
  auto retry = e.retry_after ? e.retry_after : (status == 503 ? 5u : 0u);
  if (retry) res.set_header("Retry-After", std::to_string(retry));
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

// How a route's successful replies go out over HTTP (docs/api.md states each endpoint's status).
struct Http {
  int status = 200;                          // 202 or 204 where the API says so; 201 whenever the reply is `created`
  const char* cache_control = nullptr;       // for bodies no cache may keep or reuse unasked (codes, cards)
  const char* unconditional_with = nullptr;  // a query parameter that makes a document request unconditional
};

void send_reply(const http::Request& req, http::Response& res, const Reply& reply, const Http& http) {
  if (reply.unchanged) {
    res.status = 204;
    return;
  }
  if (http.cache_control) res.set_header("Cache-Control", http.cache_control);
  // A versioned document: its version is the ETag, and a verifier that has it gets 304 and no body.
  if (!reply.version.empty()) {
    res.set_header("ETag", reply.version);
    res.set_header("Cache-Control", "no-cache");
    const bool conditional = !http.unconditional_with || !req.query.count(http.unconditional_with);
    if (conditional && req.header("if-none-match") == reply.version) {
      res.status = 304;
      return;
    }
  }
  res.status = reply.created ? 201 : http.status;
  if (res.status == 204) return;
  if (!reply.media_type.empty()) res.set_content(reply.raw, reply.media_type);
  else res.set_content(reply.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

// The request's body as JSON, within the endpoint's limits; null when there is none.
// (The HTTP layer has refused bodies over the limit already, while reading them.)
Result<nlohmann::json> read_body(const http::Request& req, std::size_t limit, std::size_t depth) {
  if (req.body.empty()) return nlohmann::json(nullptr);
  auto type = req.header("content-type");
  if (type.rfind("application/json", 0) != 0) return make_error("http.content_type", "send application/json");
  return parse_json(req.body, JsonLimits{limit, depth}, "request.json");
}

service::Request convert(const http::Request& req, nlohmann::json body) {
  service::Request r;
  auto auth = req.header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) r.token = auth.substr(7);
  r.address = req.remote_addr;
  r.body = std::move(body);
  r.params = req.params;
  for (const auto& [name, value] : req.query) r.query.emplace(name, value);
  return r;
}

// Registers handlers; they capture the service, not the (short-lived) router.
struct Router {
  http::Server& http;
  Service& service;

  http::Handler handler(Handler h, Http out, std::size_t limit, std::size_t depth = kJsonDepth) {
    return [&service = service, h, out, limit, depth](const http::Request& req, http::Response& res) {
      auto body = read_body(req, limit, depth);
      if (!body) return send_error(res, body.error());
      auto answer = (service.*h)(convert(req, std::move(*body)));
      if (!answer) return send_error(res, answer.error());
      send_reply(req, res, *answer, out);
    };
  }
  void get(const char* path, Handler h, Http out = {}) {
    http.route("GET", path, handler(h, out, kBodyLimit), kBodyLimit);
  }
  void post(const char* path, Handler h, Http out = {}, std::size_t limit = kBodyLimit,
            std::size_t depth = kJsonDepth) {
    http.route("POST", path, handler(h, out, limit, depth), limit);
  }
  void put(const char* path, Handler h) { http.route("PUT", path, handler(h, {}, kBodyLimit), kBodyLimit); }
  void del(const char* path, Handler h, Http out = {}) {
    http.route("DELETE", path, handler(h, out, kBodyLimit), kBodyLimit);
  }
};

}  // namespace

void add_api_routes(http::Server& http, Service& service, const Keyring& keys, service::SmsOutbox* outbox) {
  Router r{http, service};
  r.post("/api/v1/auth/otp", &Service::request_otp, {202});  // the code is on its way
  r.post("/api/v1/auth/sessions", &Service::sign_in);
  r.del("/api/v1/auth/sessions/current", &Service::sign_out, {204});
  r.del("/api/v1/auth/sessions", &Service::sign_out_everywhere, {204});

  r.get("/api/v1/me", &Service::me);
  r.get("/api/v1/me/place-offers", &Service::my_place_offers);
  r.post(R"(/api/v1/me/place-offers/([^/]+)/accept)", &Service::accept_place_offer);
  r.post(R"(/api/v1/me/place-offers/([^/]+)/decline)", &Service::decline_place_offer, {204});
  r.put("/api/v1/me/identity", &Service::set_identity);
  r.post("/api/v1/me/declarations", &Service::declare);
  r.get("/api/v1/me/code", &Service::my_code, {200, "no-store"});
  r.get("/api/v1/me/checkins", &Service::my_checkins);
  r.post("/api/v1/me/checkins", &Service::self_checkin);
  r.get("/api/v1/me/itinerary", &Service::my_itinerary);
  r.post("/api/v1/me/proxies", &Service::create_proxy);
  r.get("/api/v1/me/proxies", &Service::list_proxies);
  r.get(R"(/api/v1/me/proxies/([^/]+)/card)", &Service::proxy_card, {200, "private, no-store"});
  r.post(R"(/api/v1/me/proxies/([^/]+)/regenerate)", &Service::regenerate_proxy);
  r.del(R"(/api/v1/me/proxies/([^/]+))", &Service::revoke_proxy);

  r.post("/api/v1/places", &Service::create_place);
  r.get(R"(/api/v1/places/([^/]+))", &Service::get_place);
  r.get(R"(/api/v1/places/([^/]+)/poster\.svg)", &Service::place_poster_svg, {200, "private, no-cache"});
  r.get(R"(/api/v1/places/([^/]+)/poster\.png)", &Service::place_poster_png, {200, "private, no-cache"});
  r.post(R"(/api/v1/places/([^/]+)/declaration-code)", &Service::rotate_declaration_code);
  r.post(R"(/api/v1/places/([^/]+)/transfer)", &Service::transfer_place, {202});  // an offer, until accepted
  r.get(R"(/api/v1/places/([^/]+)/transfer)", &Service::place_offer);
  r.del(R"(/api/v1/places/([^/]+)/transfer)", &Service::cancel_place_offer, {204});
  r.get(R"(/api/v1/places/([^/]+)/inspectors)", &Service::list_inspectors);
  r.del(R"(/api/v1/places/([^/]+)/inspectors/([^/]+))", &Service::unbind_inspector, {204});
  r.get(R"(/api/v1/places/([^/]+)/checkpoints)", &Service::list_checkpoints);
  r.post(R"(/api/v1/places/([^/]+)/checkpoints)", &Service::add_checkpoint);
  r.del(R"(/api/v1/places/([^/]+)/checkpoints/([^/]+))", &Service::remove_checkpoint, {204});
  r.get(R"(/api/v1/places/([^/]+)/statistics)", &Service::place_statistics);

  r.post("/api/v1/inspector/places", &Service::bind_inspector);
  r.get("/api/v1/inspector/places", &Service::inspector_places);
  r.del(R"(/api/v1/inspector/places/([^/]+))", &Service::leave_place, {204});
  r.post("/api/v1/checkins", &Service::ingest_checkins, {}, kCheckinBodyLimit);

  r.post("/api/v1/auth/authority-sessions", &Service::authority_sign_in);
  r.post("/api/v1/authority/lookup", &Service::lookup_person);
  r.get(R"(/api/v1/authority/people/([^/]+))", &Service::authority_person);
  r.post("/api/v1/authority/status", &Service::set_status);
  r.post("/api/v1/authority/identity-verifications", &Service::verify_identity);
  r.get("/api/v1/authority/audit", &Service::audit_log);
  r.post("/api/v1/authority/cases", &Service::create_case);
  r.get("/api/v1/authority/cases", &Service::list_cases);
  r.get(R"(/api/v1/authority/cases/([^/]+))", &Service::get_case);
  r.post(R"(/api/v1/authority/cases/([^/]+)/preview)", &Service::preview_case);
  r.post(R"(/api/v1/authority/cases/([^/]+)/confirm)", &Service::confirm_case);
  r.post("/api/v1/authority/maintenance", &Service::run_maintenance);
  r.post("/api/v1/authority/rules", &Service::publish_rules, {}, kRulesBodyLimit, kRulesJsonDepth);
  r.get("/api/v1/authority/rules", &Service::list_rule_sets);
  r.get(R"(/api/v1/authority/rules/([^/]+))", &Service::get_rule_set);
  r.get("/api/v1/authority/keys", &Service::list_issuer_keys);
  r.post("/api/v1/authority/keys/rotate", &Service::rotate_issuer_key);
  // A list of up to 10000 entries (about 70 bytes each).
  r.post("/api/v1/authority/region-risk", &Service::publish_region_risk, {}, kRegionRiskBodyLimit);
  r.get("/api/v1/authority/region-risk", &Service::list_region_risk);

  r.get("/api/v1/documents/trust-list", &Service::trust_list);
  r.get("/api/v1/documents/rules", &Service::rules);
  r.get("/api/v1/documents/status-list", &Service::status_list, {200, nullptr, "since"});  // a delta is never 304
  r.get("/api/v1/documents/risk-notices", &Service::risk_notices);
  r.get("/api/v1/documents/region-risk", &Service::region_risk);
  r.get("/api/v1/health", &Service::health);

  // The root public key, for demo and development setups. In production a checkpoint is provisioned with
  // the root out of band: a server must not be able to choose whom its verifiers trust.
  http.route("GET", "/api/v1/documents/roots", [&keys](const http::Request&, http::Response& res) {
    res.set_content(nlohmann::json{{"roots", nlohmann::json::array({base64url_encode(keys.root_public)})}}.dump(),
                    "application/json");
  });
  // The standalone checkpoint page's configuration (docs/checkpoint.md), from this server's documents.
  http.route("GET", R"(/documents/checkpoint\.json)", [&service, &keys](const http::Request&, http::Response& res) {
    service::Request none;
    auto trust = service.trust_list(none);
    auto rules = service.rules(none);
    auto status = service.status_list(none);
    if (!trust) return send_error(res, trust.error());
    if (!rules) return send_error(res, rules.error());
    if (!status) return send_error(res, status.error());
    nlohmann::json config = {{"version", 1},
                             {"roots", nlohmann::json::array({base64url_encode(keys.root_public)})},
                             {"trustList", trust->raw},
                             {"rules", rules->raw},
                             {"statusLists", status->body["lists"]},
                             {"temperature", "optional"},
                             {"locale", "zh-CN"}};
    res.set_header("Cache-Control", "no-cache");
    res.set_content(config.dump(), "application/json");
  });
  if (outbox) {
    http.route("GET", "/api/v1/demo/sms", [outbox](const http::Request& req, http::Response& res) {
      res.set_header("Cache-Control", "no-store");
      auto phone = req.query.find("phone");
      res.set_content(
          nlohmann::json{{"messages", outbox->messages_to(phone == req.query.end() ? "" : phone->second)}}.dump(),
          "application/json");
    });
  }
}

void add_error_handling(http::Server& http) {
  http.on_api_error([](http::Response& res, std::string_view code, const std::string& message) {
    send_error(res, make_error(std::string(code), message));
  });
  // The consoles live in folders: /citizen is /citizen/, likewise /admin and /authority (with or without
  // --web-dir, as before).
  for (const char* page : {"/citizen", "/admin", "/authority"}) {
    std::string target = std::string(page) + "/";
    http.route_inline(page, [target](const http::Request&, http::Response& res) {
      res.status = 301;
      res.set_header("Location", target);
    });
  }
}

}  // namespace greenlight::server
