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

val error_object(const Error& e) { return from_json("{\"ok\":false,\"error\":" + to_json_text(e) + "}"); }

val ok_object() {
  val out = val::object();
  out.set("ok", true);
  return out;
}

// {"roots": [...], "trustList": "...", "skewSeconds": n}; rules and status lists follow through verifierUpdate.
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
  val out = ok_object();
  out.set("handle", handle);
  return out;
}

// One scan: verification, effective status and decision. Empty strings / NaN mean "not given".
val verifier_verify(int handle, const std::string& text, double now, const std::string& place_id,
                    const std::string& place_category, const std::string& place_region, double temperature,
                    const std::string& locale) {
  auto it = verifiers().find(handle);
  DecisionResult result;
  if (it == verifiers().end()) {
    result = refusal(make_error("config.closed", "this verifier was closed"));
  } else {
    DecisionContext context;
    if (std::isfinite(now) && now >= 0) context.now = static_cast<std::uint64_t>(now);
    if (!place_id.empty() || !place_category.empty() || !place_region.empty())
      context.place = PlaceContext{place_id, place_category, place_region};
    if (!std::isnan(temperature)) context.temperature = temperature;
    if (!locale.empty()) context.locale = locale;
    result = it->second->decide(text, context);
  }
  return from_json(to_json_text(result));
}

// All or nothing: a refused document leaves everything as it was. Empty strings mean "not given".
val verifier_update(int handle, const std::string& trust_list, const std::string& rules, const val& status_lists,
                    const std::string& region_risk) {
  auto it = verifiers().find(handle);
  if (it == verifiers().end()) return error_object(make_error("config.closed", "this verifier was closed"));
  Verifier::Documents documents;
  if (!trust_list.empty()) documents.trust_list = trust_list;
  if (!rules.empty()) documents.rules = rules;
  if (!status_lists.isUndefined() && !status_lists.isNull())
    documents.status_lists = emscripten::vecFromJSArray<std::string>(status_lists);
  if (!region_risk.empty()) documents.region_risk = region_risk;
  auto updated = it->second->update(documents);
  if (!updated) return error_object(updated.error());
  return ok_object();
}

// What is loaded, for freshness displays.
val verifier_info(int handle) {
  auto it = verifiers().find(handle);
  if (it == verifiers().end()) return val::null();
  const Verifier& v = *it->second;
  const auto& list = v.trust_list();
  const auto& rules = v.rule_set();
  nlohmann::json info = {
      {"trustList",
       {{"iss", list.iss}, {"iat", list.iat}, {"exp", list.exp}, {"seq", list.seq}, {"keys", list.keys.size()}}},
      {"rules",
       {{"iss", rules.iss},
        {"iat", rules.iat},
        {"exp", rules.exp},
        {"seq", rules.seq},
        {"count", rules.rules.size()},
        {"builtIn", rules.built_in}}},
      {"statusList", nullptr},
      {"regionRisk", nullptr}};
  if (const auto* status = v.status_list())
    info["statusList"] = {{"iss", status->iss},
                          {"iat", status->iat},
                          {"exp", status->exp},
                          {"seq", status->seq},
                          {"entries", status->size()}};
  if (const auto* regions = v.region_risk())
    info["regionRisk"] = {{"iss", regions->iss},
                          {"iat", regions->iat},
                          {"exp", regions->exp},
                          {"seq", regions->seq},
                          {"entries", regions->entries().size()}};
  return from_json(info.dump());
}

// A refusal with the engine's messages and this verifier's freshness, for arguments the JS wrapper could not
// pass on (wrong types): every result has one shape and one message catalog.
val verifier_refuse(int handle, const std::string& code, const std::string& message) {
  auto it = verifiers().find(handle);
  Error error = make_error(code, message);
  return from_json(to_json_text(it == verifiers().end() ? refusal(error) : it->second->refuse(error)));
}

void verifier_free(int handle) { verifiers().erase(handle); }

std::string engine_version() { return std::string(kVersion); }

}  // namespace

EMSCRIPTEN_BINDINGS(greenlight) {
  emscripten::function("verifierCreate", &verifier_create);
  emscripten::function("verifierVerify", &verifier_verify);
  emscripten::function("verifierUpdate", &verifier_update);
  emscripten::function("verifierInfo", &verifier_info);
  emscripten::function("verifierRefuse", &verifier_refuse);
  emscripten::function("verifierFree", &verifier_free);
  emscripten::function("engineVersion", &engine_version);
}
