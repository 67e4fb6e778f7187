// JavaScript equality (==, ===) and relational comparison (<, <=, >, >=) on evaluation values.
#include <cmath>
#include <string>
#include <string_view>

#include "dates.hpp"
#include "js.hpp"

namespace greenlight::rules::detail {

namespace {

enum class JsType { null, boolean, number, string, object };  // object: arrays, objects, date-times

JsType type_of(const Value& v) {
  if (v.is_datetime()) return JsType::object;
  switch (v.get().type()) {
    case json::value_t::null:
      return JsType::null;
    case json::value_t::boolean:
      return JsType::boolean;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return JsType::number;
    case json::value_t::string:
      return JsType::string;
    default:
      return JsType::object;
  }
}

// A primitive (after ToPrimitive). Strings point into the JSON value or into `storage`.
struct Prim {
  JsType type = JsType::null;
  bool b = false;
  double n = 0;
  std::string_view s;
  std::string storage;

  Prim() = default;
  Prim(const Prim&) = delete;
  Prim& operator=(const Prim&) = delete;
};

void set_primitive(const json& j, Prim& p) {
  switch (j.type()) {
    case json::value_t::boolean:
      p.type = JsType::boolean;
      p.b = j.get<bool>();
      break;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      p.type = JsType::number;
      p.n = number_of(j);
      break;
    case json::value_t::string:
      p.type = JsType::string;
      p.s = j.get_ref<const std::string&>();
      break;
    default:
      p.type = JsType::null;
      break;
  }
}

// ToPrimitive. hint_number: a date-time becomes its time value (as for <), otherwise its string (as for ==).
bool to_primitive(const Value& v, Ctx& c, bool hint_number, Prim& p) {
  if (v.is_datetime()) {
    if (hint_number) {
      p.type = JsType::number;
      p.n = static_cast<double>(v.millis());
    } else {
      p.type = JsType::string;
      p.storage = format_iso(v.millis());
      p.s = p.storage;
    }
    return true;
  }
  const json& j = v.get();
  if (j.is_array() || j.is_object()) {
    p.type = JsType::string;
    if (!append_js_string(j, c, p.storage)) return false;
    p.s = p.storage;
    return true;
  }
  set_primitive(j, p);
  return true;
}

double prim_to_number(const Prim& p) {
  switch (p.type) {
    case JsType::boolean:
      return p.b ? 1 : 0;
    case JsType::number:
      return p.n;
    case JsType::string:
      return string_to_number(p.s);
    default:
      return 0;  // null
  }
}

bool loose_primitive_equal(const Prim& a, const Prim& b) {
  if (a.type == b.type) {
    switch (a.type) {
      case JsType::null:
        return true;
      case JsType::boolean:
        return a.b == b.b;
      case JsType::number:
        return a.n == b.n;
      case JsType::string:
        return a.s == b.s;
      default:
        return false;
    }
  }
  if (a.type == JsType::null || b.type == JsType::null) return false;
  // Booleans and strings compare as numbers with anything of another type.
  return prim_to_number(a) == prim_to_number(b);
}

bool same_container(const Value& a, const json* b) { return a.is_borrowed() && a.ptr() == b; }

bool strict_json_equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return number_of(a) == number_of(b);
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case json::value_t::null:
      return true;
    case json::value_t::boolean:
      return a.get<bool>() == b.get<bool>();
    case json::value_t::string:
      return a.get_ref<const std::string&>() == b.get_ref<const std::string&>();
    default:
      return false;  // containers: identity only, decided by the caller
  }
}

}  // namespace

bool strict_equal(const Value& a, const Value& b) {
  if (a.is_undefined() || b.is_undefined()) return a.is_undefined() && b.is_undefined();
  if (a.is_datetime() || b.is_datetime()) return false;  // distinct Date objects
  const json& ja = a.get();
  const json& jb = b.get();
  if (ja.is_array() || ja.is_object()) return b.is_borrowed() && same_container(a, b.ptr());
  return strict_json_equal(ja, jb);
}

bool strict_equal(const Value& a, const json& element) {
  if (a.is_datetime() || a.is_undefined()) return false;
  const json& ja = a.get();
  if (ja.is_array() || ja.is_object()) return same_container(a, &element);
  return strict_json_equal(ja, element);
}

bool loose_equal(const Value& a, const Value& b, Ctx& c) {
  const JsType ta = type_of(a);
  const JsType tb = type_of(b);
  if (ta == tb) {
    if (ta == JsType::object) return strict_equal(a, b);
    return strict_json_equal(a.get(), b.get());
  }
  if (ta == JsType::null || tb == JsType::null) return false;
  Prim pa;
  Prim pb;
  if (!to_primitive(a, c, false, pa) || !to_primitive(b, c, false, pb)) return false;
  return loose_primitive_equal(pa, pb);
}

Order js_compare(const Value& a, const Value& b, Ctx& c) {
  // Fast path: two numbers.
  if (!a.is_datetime() && !b.is_datetime() && a.get().is_number() && b.get().is_number()) {
    const double x = number_of(a.get());
    const double y = number_of(b.get());
    if (std::isnan(x) || std::isnan(y)) return Order::unordered;
    return x < y ? Order::less : x > y ? Order::greater : Order::equal;
  }
  if (a.is_undefined() || b.is_undefined()) return Order::unordered;  // ToNumber(undefined) is NaN
  Prim pa;
  Prim pb;
  if (!to_primitive(a, c, true, pa) || !to_primitive(b, c, true, pb)) return Order::unordered;
  if (pa.type == JsType::string && pb.type == JsType::string) {
    const int r = compare_utf16_order(pa.s, pb.s);
    return r < 0 ? Order::less : r > 0 ? Order::greater : Order::equal;
  }
  const double x = prim_to_number(pa);
  const double y = prim_to_number(pb);
  if (std::isnan(x) || std::isnan(y)) return Order::unordered;
  return x < y ? Order::less : x > y ? Order::greater : Order::equal;
}

}  // namespace greenlight::rules::detail
