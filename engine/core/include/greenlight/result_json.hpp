// The JSON shape of a verification result, shared by the CLI, the wasm binding and the npm package:
// {"valid", "error": null | {"code","message"}, "credential": null | {"type","status","iss","sub","iat",
//  "exp","seq","name","phone","contact","place": null | {"name","category","region","address"}}}.
// Every key is always present; fields that do not apply are null.
#pragma once

#include <nlohmann/json.hpp>

#include "greenlight/credential.hpp"
#include "greenlight/verifier.hpp"

namespace greenlight {

// Compact JSON text in the documented key order (what the CLI prints and the wasm binding returns).
std::string to_json_text(const VerifyResult& result);
std::string to_json_text(const Error& error);

// The same as JSON values, for callers that want to add to them.
nlohmann::ordered_json to_json(const Credential& credential);
nlohmann::ordered_json to_json(const Error& error);
nlohmann::ordered_json to_json(const VerifyResult& result);

}  // namespace greenlight
