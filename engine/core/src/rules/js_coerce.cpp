// JavaScript type coercions used by the JsonLogic operators: ToString, ToNumber, parseFloat(String(x)), truthiness.
#include <cmath>
#include <limits>
#include <string>

#include "dates.hpp"
#include "js.hpp"

namespace greenlight::rules::detail {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool check_size(Ctx& c, const std::string& out) {
  if (out.size() > c.limits.max_string_bytes) {
    c.limit("string bytes", c.limits.max_string_bytes);
    return false;
  }
  return true;
}

// ToString of `j`; `in_array` means it is an element being joined (null becomes "").
bool append(const json& j, Ctx& c, std::string& out, std::size_t depth, bool in_array) {
  switch (j.type()) {
    case json::value_t::null:
      if (!in_array) out += "null";
      return true;
    case json::value_t::boolean:
      out += j.get<bool>() ? "true" : "false";
      return true;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      out += number_to_string(number_of(j));
      return check_size(c, out);
    case json::value_t::string:
      out += j.get_ref<const std::string&>();
      return check_size(c, out);
    case json::value_t::array: {
      if (depth >= c.limits.max_value_depth) {
        c.limit("value depth", c.limits.max_value_depth);
        return false;
      }
      bool first = true;
      for (const auto& element : j) {
        if (!first) out += ',';
        first = false;
        if (!append(element, c, out, depth + 1, true)) return false;
      }
      return check_size(c, out);
    }
    case json::value_t::object:
      out += "[object Object]";
      return check_size(c, out);
    default:  // binary, discarded: not produced by JSON text
      out += "";
      return true;
  }
}

}  // namespace

bool append_js_string(const json& j, Ctx& c, std::string& out) { return append(j, c, out, 0, false); }

bool append_js_string(const Value& v, Ctx& c, std::string& out) {
  if (v.is_undefined()) {
    out += "undefined";
    return check_size(c, out);
  }
  if (v.is_datetime()) {
    out += format_iso(v.millis());
    return check_size(c, out);
  }
  return append(v.get(), c, out, 0, false);
}

double to_number(const Value& v, Ctx& c) {
  if (v.is_undefined()) return kNaN;
  if (v.is_datetime()) return static_cast<double>(v.millis());
  const json& j = v.get();
  switch (j.type()) {
    case json::value_t::null:
      return 0;
    case json::value_t::boolean:
      return j.get<bool>() ? 1 : 0;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return number_of(j);
    case json::value_t::string:
      return string_to_number(j.get_ref<const std::string&>());
    case json::value_t::array: {
      if (j.empty()) return 0;
      if (j.size() == 1 && j[0].is_number()) return number_of(j[0]);
      std::string s;
      if (!append(j, c, s, 0, false)) return kNaN;
      return string_to_number(s);
    }
    default:
      return kNaN;
  }
}

double to_float_for_add(const Value& v, Ctx& c) {
  if (v.is_datetime()) return kNaN;  // Date.prototype.toString() starts with the weekday name
  const json& j = v.get();
  switch (j.type()) {
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return number_of(j);
    case json::value_t::string:
      return parse_float(j.get_ref<const std::string&>());
    case json::value_t::array: {
      std::string s;
      if (!append(j, c, s, 0, false)) return kNaN;
      return parse_float(s);
    }
    default:  // "null", "true", "false", "[object Object]"
      return kNaN;
  }
}

bool js_truthy(const Value& v) {
  if (v.is_datetime()) return true;
  return rules::truthy(v.get());
}

}  // namespace greenlight::rules::detail
