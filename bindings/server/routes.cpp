// Documents for verifiers (GET /api/v1/documents/...) with ETags, and JSON errors for everything else.
#include "routes.hpp"

#include "greenlight/encoding.hpp"
#include "greenlight/verifier.hpp"

namespace greenlight::server {
namespace {

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  res.status = status;
  res.set_content(nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump(), "application/json");
}

// Sends a signed document, or 304 when the client already has this one.
void send_document(const httplib::Request& req, httplib::Response& res, const SignedDocument& doc) {
  res.set_header("ETag", doc.etag);
  res.set_header("Cache-Control", "no-cache");
  if (req.get_header_value("If-None-Match") == doc.etag) {
    res.status = 304;
    return;
  }
  res.set_content(doc.jws, "application/jose");
}

}  // namespace

void add_document_routes(httplib::Server& http, DocumentService& documents, const Keyring& keys) {
  http.Get("/api/v1/documents/trust-list", [&](const httplib::Request& req, httplib::Response& res) {
    auto doc = documents.trust_list(system_clock_now());
    if (!doc) return send_error(res, 503, doc.error().code, doc.error().message);
    send_document(req, res, *doc);
  });
  http.Get("/api/v1/documents/rules", [&](const httplib::Request& req, httplib::Response& res) {
    send_document(req, res, documents.rules(system_clock_now()));
  });
  http.Get("/api/v1/documents/status-list", [&](const httplib::Request& req, httplib::Response& res) {
    send_document(req, res, documents.status_list(system_clock_now()));
  });
  // The root public key, for demo and development setups. In production a checkpoint is provisioned with
  // the root out of band: a server must not be able to choose whom its verifiers trust.
  http.Get("/api/v1/documents/roots", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(nlohmann::json{{"roots", nlohmann::json::array({base64url_encode(keys.root_public)})}}.dump(), "application/json");
  });
  // The standalone checkpoint page's configuration (docs/checkpoint.md), from this server's documents.
  http.Get("/documents/checkpoint.json", [&](const httplib::Request&, httplib::Response& res) {
    auto now = system_clock_now();
    auto trust = documents.trust_list(now);
    if (!trust) return send_error(res, 503, trust.error().code, trust.error().message);
    nlohmann::json config = {{"version", 1},
                             {"roots", nlohmann::json::array({base64url_encode(keys.root_public)})},
                             {"trustList", trust->jws},
                             {"rules", documents.rules(now).jws},
                             {"statusLists", nlohmann::json::array({documents.status_list(now).jws})},
                             {"temperature", "optional"},
                             {"locale", "zh-CN"}};
    res.set_header("Cache-Control", "no-cache");
    res.set_content(config.dump(), "application/json");
  });
  http.Get("/api/v1/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });
}

void add_error_handling(httplib::Server& http) {
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (req.path.rfind("/api/", 0) == 0 && res.body.empty()) {
      if (res.status == 404) send_error(res, 404, "http.not_found", "no such endpoint");
      else if (res.status == 405) send_error(res, 405, "http.method", "method not allowed");
    }
  });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    send_error(res, 500, "server.internal", "internal error");
  });
  http.set_payload_max_length(8u << 20);
}

}  // namespace greenlight::server
