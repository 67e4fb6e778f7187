// The JSON shape of a verification result, shared by the CLI, the wasm binding and the npm package:
// {"valid", "error": null | {"code","message"}, "credential": null | {"type","status","iss","sub","iat",
//  "exp","seq","name","phone","contact","place": null | {"name","category","region","address"}}}.
// Every key is always present; fields that do not apply are null.
#pragma once

#include <nlohmann/json.hpp>

#include "greenlight/credential.hpp"
#include "greenlight/verifier.hpp"

namespace greenlight {

// Ordered so that printed JSON reads in the documented order.
nlohmann::ordered_json to_json(const Credential& credential);
nlohmann::ordered_json to_json(const Error& error);
nlohmann::ordered_json to_json(const VerifyResult& result);

}  // namespace greenlight
