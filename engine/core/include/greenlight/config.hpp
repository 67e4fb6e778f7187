// Verifier configuration from JSON, the form every front end receives it in (npm options object, server
// settings): {"roots": [b64url public key, ...], "skewSeconds": 60, "maxCodeBytes": 8192}.
#pragma once

#include <nlohmann/json.hpp>

#include "greenlight/error.hpp"
#include "greenlight/verifier.hpp"

namespace greenlight {

// Errors: config.roots (missing, empty, or a root that is not base64url of 32 bytes), config.invalid
// (wrong types or out-of-range numbers).
Result<VerifierOptions> verifier_options_from_json(const nlohmann::json& config);

}  // namespace greenlight
