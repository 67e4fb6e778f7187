// Embind front of the engine. Only type conversion and error catching live here.
//
// Verifiers are kept in a table and named by integer handles, so JS never holds an Embind object that
// would need .delete(); results cross as JSON text and are JSON.parse'd into plain objects (the same
// serializer as the CLI, so both print identical results).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <map>
#include <memory>

#include "greenlight/greenlight.hpp"

using emscripten::val;
using namespace greenlight;

namespace {

std::map<int, std::unique_ptr<Verifier>>& verifiers() {
  static std::map<int, std::unique_ptr<Verifier>> table;
  return table;
}
int next_handle = 1;

val from_json(const std::string& text) {
  static const val parse = val::global("JSON")["parse"];
  return parse(text);
}


val error_object(const Error& e) {
  return from_json("{\"ok\":false,\"error\":" + to_json_text(e) + "}");
}

// {"roots": [...], "trustList": "...", "skewSeconds": n}
val verifier_create(const std::string& config_json) {
  auto config = parse_json(config_json, JsonLimits{}, "config.invalid");
  if (!config) return error_object(config.error());
  auto options = verifier_options_from_json(*config);
  if (!options) return error_object(options.error());
  auto trust_list = config->find("trustList");
  if (trust_list == config->end() || !trust_list->is_string())
    return error_object(make_error("trust.list_invalid", "trustList must be a JWS string"));
  auto verifier = Verifier::create(std::move(*options), trust_list->get<std::string>());
  if (!verifier) return error_object(verifier.error());
  int handle = next_handle++;
  verifiers()[handle] = std::make_unique<Verifier>(std::move(*verifier));
  val out = val::object();
  out.set("ok", true);
  out.set("handle", handle);
  return out;
}

val verifier_verify(int handle, const std::string& text, double now) {
  auto it = verifiers().find(handle);
  VerifyResult result;
  if (it == verifiers().end()) {
    result.error = make_error("config.closed", "this verifier was closed");
  } else {
    VerifyContext context;
    if (std::isfinite(now) && now >= 0) context.now = static_cast<std::uint64_t>(now);
    result = it->second->verify(text, context);
  }
  return from_json(to_json_text(result));
}

val verifier_update_trust_list(int handle, const std::string& jws) {
  auto it = verifiers().find(handle);
  if (it == verifiers().end()) return error_object(make_error("config.closed", "this verifier was closed"));
  auto updated = it->second->update_trust_list(jws);
  if (!updated) return error_object(updated.error());
  val out = val::object();
  out.set("ok", true);
  return out;
}

// Trust-list metadata for freshness displays: {"iss","iat","exp","seq","keys"}.
val verifier_info(int handle) {
  auto it = verifiers().find(handle);
  if (it == verifiers().end()) return val::null();
  const auto& list = it->second->trust_list();
  return from_json(nlohmann::json{{"trustList", {{"iss", list.iss}, {"iat", list.iat}, {"exp", list.exp}, {"seq", list.seq}, {"keys", list.keys.size()}}}}.dump());
}

void verifier_free(int handle) { verifiers().erase(handle); }

std::string engine_version() { return std::string(kVersion); }

}  // namespace

EMSCRIPTEN_BINDINGS(greenlight) {
  emscripten::function("verifierCreate", &verifier_create);
  emscripten::function("verifierVerify", &verifier_verify);
  emscripten::function("verifierUpdateTrustList", &verifier_update_trust_list);
  emscripten::function("verifierInfo", &verifier_info);
  emscripten::function("verifierFree", &verifier_free);
  emscripten::function("engineVersion", &engine_version);
}
