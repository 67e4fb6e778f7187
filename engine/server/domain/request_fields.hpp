// Strict reading of a JSON request object: every field typed and bounded, unknown fields refused.
// The first problem becomes request.invalid (or the code given) with the field's name in the message.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "greenlight/error.hpp"

namespace greenlight::service {

class Fields {
 public:
  // `where` prefixes messages ("records[3].", ""). A non-object body is itself an error.
  explicit Fields(const nlohmann::json& object, std::string where = "");

  // Text of 1..max_chars code points, no control characters; absent -> error unless optional.
  std::optional<std::string> text(const char* name, std::size_t max_chars, bool required = true,
                                  std::string_view code = "request.invalid");
  // Text, or JSON null (returned as nullopt), or absent when optional.
  std::optional<std::string> nullable_text(const char* name, std::size_t max_chars);
  std::optional<std::uint64_t> uint(const char* name, std::uint64_t max, bool required = true);
  std::optional<double> number(const char* name, double min, double max, bool required = true);
  std::optional<bool> boolean(const char* name, bool required = true);
  // One of `allowed`; JSON null allowed when nullable (returned as "").
  std::optional<std::string> choice(const char* name, const std::vector<std::string_view>& allowed,
                                    bool required = true, bool nullable = false);
  std::optional<std::vector<std::string>> text_array(const char* name, std::size_t max_items, std::size_t max_chars,
                                                     bool required = true);
  // A nested value (object or array) for the caller to read; marks the field as known.
  const nlohmann::json* value(const char* name, bool required = true);
  bool has(const char* name) const;

  // Unknown fields are an error; returns the first error seen, if any.
  Result<void> finish();
  bool failed() const { return error_.has_value(); }
  const std::optional<Error>& error() const { return error_; }
  // Records an error found by the caller (only the first counts).
  void fail(std::string_view code, const std::string& message);

 private:
  const nlohmann::json* find(const char* name, bool required);

  const nlohmann::json& object_;
  std::string where_;
  std::set<std::string> known_;
  std::optional<Error> error_;
};

// A whole number from a query parameter or a path segment: decimal digits only (no plus sign, no spaces, no
// trailing text), at most 15 of them, with a leading minus where `negative` allows one. The one reader of
// numbers in URLs: absent -> nullopt; anything else -> the caller's error code and message.
Result<std::int64_t> whole_number(std::string_view text, std::string_view code, const std::string& message,
                                  bool negative = false);
Result<std::optional<std::int64_t>> query_number(const std::map<std::string, std::string>& query, const char* name,
                                                 std::string_view code, const std::string& message,
                                                 bool negative = false);

// Code points in valid UTF-8 text, or nullopt when it has control characters (C0, DEL, C1).
std::optional<std::size_t> printable_length(std::string_view text);

}  // namespace greenlight::service
