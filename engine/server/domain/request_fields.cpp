#include "request_fields.hpp"

#include <cmath>

namespace greenlight::service {

std::optional<std::size_t> printable_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) return std::nullopt;
    if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xa0) return std::nullopt;  // C1
    i += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;  // the JSON parser already checked the UTF-8
  }
  return count;
}

Fields::Fields(const nlohmann::json& object, std::string where) : object_(object), where_(std::move(where)) {
  if (!object_.is_object()) fail("request.invalid", "expected a JSON object");
}

void Fields::fail(std::string_view code, const std::string& message) {
  if (!error_) error_ = make_error(std::string(code), where_ + message);
}

bool Fields::has(const char* name) const { return object_.is_object() && object_.contains(name); }

const nlohmann::json* Fields::find(const char* name, bool required) {
  known_.insert(name);
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(name);
  if (it == object_.end()) {
    if (required) fail("request.invalid", std::string(name) + ": required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> Fields::text(const char* name, std::size_t max_chars, bool required, std::string_view code) {
  const auto* v = find(name, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    fail("request.invalid", std::string(name) + ": expected text");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  auto length = printable_length(s);
  if (!length || *length == 0 || *length > max_chars) {
    fail(code, std::string(name) + ": 1 to " + std::to_string(max_chars) + " characters without control characters");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> Fields::nullable_text(const char* name, std::size_t max_chars) {
  const auto* v = find(name, false);
  if (!v || v->is_null()) return std::nullopt;
  return text(name, max_chars);
}

std::optional<std::uint64_t> Fields::uint(const char* name, std::uint64_t max, bool required) {
  const auto* v = find(name, required);
  if (!v) return std::nullopt;
  if (!v->is_number_unsigned() && !(v->is_number_integer() && v->get<std::int64_t>() >= 0)) {
    fail("request.invalid", std::string(name) + ": expected a non-negative integer");
    return std::nullopt;
  }
  auto n = v->get<std::uint64_t>();
  if (n > max) {
    fail("request.invalid", std::string(name) + ": at most " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<double> Fields::number(const char* name, double min, double max, bool required) {
  const auto* v = find(name, required);
  if (!v) return std::nullopt;
  if (!v->is_number() || !std::isfinite(v->get<double>()) || v->get<double>() < min || v->get<double>() > max) {
    fail("request.invalid",
         std::string(name) + ": expected a number from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return v->get<double>();
}

std::optional<bool> Fields::boolean(const char* name, bool required) {
  const auto* v = find(name, required);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    fail("request.invalid", std::string(name) + ": expected true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::string> Fields::choice(const char* name, const std::vector<std::string_view>& allowed, bool required,
                                          bool nullable) {
  const auto* v = find(name, required);
  if (!v) return std::nullopt;
  if (nullable && v->is_null()) return std::string();
  if (v->is_string()) {
    for (auto a : allowed)
      if (v->get_ref<const std::string&>() == a) return std::string(a);
  }
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  fail("request.invalid", std::string(name) + ": expected one of " + list + (nullable ? " or null" : ""));
  return std::nullopt;
}

std::optional<std::vector<std::string>> Fields::text_array(const char* name, std::size_t max_items,
                                                           std::size_t max_chars, bool required) {
  const auto* v = find(name, required);
  if (!v) return std::nullopt;
  if (!v->is_array() || v->size() > max_items) {
    fail("request.invalid",
         std::string(name) + ": expected an array of at most " + std::to_string(max_items) + " texts");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *v) {
    auto length = item.is_string() ? printable_length(item.get_ref<const std::string&>()) : std::nullopt;
    if (!length || *length == 0 || *length > max_chars) {
      fail("request.invalid",
           std::string(name) + ": items must be texts of 1 to " + std::to_string(max_chars) + " characters");
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

const nlohmann::json* Fields::value(const char* name, bool required) { return find(name, required); }

Result<void> Fields::finish() {
  if (!error_ && object_.is_object()) {
    for (const auto& [key, _] : object_.items())
      if (!known_.count(key)) {
        fail("request.invalid", key + ": unknown field");
        break;
      }
  }
  if (error_) return *error_;
  return {};
}

Result<std::int64_t> whole_number(std::string_view text, std::string_view code, const std::string& message,
                                  bool negative) {
  const bool minus = negative && !text.empty() && text.front() == '-';
  if (minus) text.remove_prefix(1);
  if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string_view::npos)
    return make_error(std::string(code), message);
  std::int64_t value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return minus ? -value : value;
}

Result<std::optional<std::int64_t>> query_number(const std::map<std::string, std::string>& query, const char* name,
                                                 std::string_view code, const std::string& message, bool negative) {
  auto it = query.find(name);
  if (it == query.end()) return std::optional<std::int64_t>();
  auto value = whole_number(it->second, code, message, negative);
  if (!value) return value.error();
  return std::optional<std::int64_t>(*value);
}

}  // namespace greenlight::service
