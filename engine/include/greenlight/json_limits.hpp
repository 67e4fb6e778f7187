// Bounded JSON parsing for signed documents and rules: size and nesting are checked before
// nlohmann::json builds anything, so hostile input cannot exhaust memory or the stack.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "greenlight/error.hpp"

namespace greenlight {

struct JsonLimits {
  std::size_t max_bytes = 64u << 20;  // 64 MiB: a full status list of a city fits
  std::size_t max_depth = 32;
};

// Errors carry `error_code` with a message that says what was wrong (syntax, size, depth).
Result<nlohmann::json> parse_json(std::string_view text, const JsonLimits& limits, std::string_view error_code);

}  // namespace greenlight
