// Bounded JSON parsing for signed documents and rules: size and nesting are checked before
// nlohmann::json builds anything, so hostile input cannot exhaust memory or the stack.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "greenlight/error.hpp"

namespace greenlight {

struct JsonLimits {
  std::size_t max_bytes = 64u << 20;  // 64 MiB: a full status list of a city fits
  std::size_t max_depth = 32;
};

// Errors carry `error_code` with a message that says what was wrong (syntax, size, depth).
Result<nlohmann::json> parse_json(std::string_view text, const JsonLimits& limits, std::string_view error_code);

// Field readers for JSON objects: nullopt when absent or of another type. A non-negative integer counts as
// unsigned whether it was parsed from text or built in C++.
std::optional<std::uint64_t> json_uint(const nlohmann::json& object, const char* name);
std::optional<std::string> json_text(const nlohmann::json& object, const char* name);

}  // namespace greenlight
