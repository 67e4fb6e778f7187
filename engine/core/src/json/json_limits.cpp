// Bounded JSON: one linear pre-scan for nesting depth, then nlohmann's parser.
#include "greenlight/json_limits.hpp"

namespace greenlight {

Result<nlohmann::json> parse_json(std::string_view text, const JsonLimits& limits, std::string_view error_code) {
  std::string code(error_code);
  if (text.size() > limits.max_bytes)
    return make_error(code,
                      "JSON of " + std::to_string(text.size()) + " bytes exceeds " + std::to_string(limits.max_bytes));
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limits.max_depth)
        return make_error(code, "JSON nested deeper than " + std::to_string(limits.max_depth));
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    }
  }
  auto parsed = nlohmann::json::parse(text.data(), text.data() + text.size(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return make_error(code, "malformed JSON");
  return parsed;
}

std::optional<std::uint64_t> json_uint(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) return std::nullopt;
  if (it->is_number_unsigned()) return it->get<std::uint64_t>();
  if (it->is_number_integer() && it->get<std::int64_t>() >= 0)
    return static_cast<std::uint64_t>(it->get<std::int64_t>());
  return std::nullopt;
}

std::optional<std::string> json_text(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace greenlight
