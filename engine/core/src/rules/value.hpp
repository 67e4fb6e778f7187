// Private: the value an evaluation step produces. Either a borrowed pointer into `data` or into the program's
// literals (no copy), an owned JSON value (a computed result), a CertLogic date-time (milliseconds since the
// Unix epoch, UTC), or JavaScript's undefined (JsonLogic only). Borrowed pointers also give JavaScript's object
// identity for === on arrays and objects.
#pragma once

#include <cstdint>
#include <utility>

#include <nlohmann/json.hpp>

namespace greenlight::rules::detail {

using json = nlohmann::json;

class Value {
 public:
  enum class Kind : std::uint8_t { borrowed, owned, datetime, undefined };

  Value() = default;  // owned null

  static Value borrow(const json& j) {
    Value v;
    v.kind_ = Kind::borrowed;
    v.ref_ = &j;
    return v;
  }
  static Value own(json j) {
    Value v;
    v.own_ = std::move(j);
    return v;
  }
  static Value boolean(bool b) { return own(json(b)); }
  // JavaScript `undefined`: a missing operand, or what json-logic-js's and/or/log return without operands. It
  // behaves as null except in ToNumber (NaN), ToString ("undefined") and ===; it becomes null in JSON.
  static Value undefined() {
    Value v;
    v.kind_ = Kind::undefined;
    return v;
  }
  static Value datetime(std::int64_t ms) {
    Value v;
    v.kind_ = Kind::datetime;
    v.ms_ = ms;
    return v;
  }

  Kind kind() const { return kind_; }
  bool is_datetime() const { return kind_ == Kind::datetime; }
  bool is_borrowed() const { return kind_ == Kind::borrowed; }
  bool is_undefined() const { return kind_ == Kind::undefined; }
  // The JSON value; for a date-time this is null, so check is_datetime() first where it matters.
  const json& get() const { return kind_ == Kind::borrowed ? *ref_ : own_; }
  const json* ptr() const { return kind_ == Kind::borrowed ? ref_ : &own_; }
  std::int64_t millis() const { return ms_; }

  // Convenience type tests that are false for date-times. is_null() is also true for undefined.
  bool is_null() const { return !is_datetime() && get().is_null(); }
  bool is_string() const { return !is_datetime() && get().is_string(); }
  bool is_array() const { return !is_datetime() && get().is_array(); }
  bool is_object() const { return !is_datetime() && get().is_object(); }
  bool is_number() const { return !is_datetime() && get().is_number(); }
  bool is_boolean() const { return !is_datetime() && get().is_boolean(); }

  // For an owned (or undefined) value: steal it (leaves null behind). Callers check kind() first.
  json release() { return std::move(own_); }

 private:
  const json* ref_ = nullptr;
  json own_;
  std::int64_t ms_ = 0;
  Kind kind_ = Kind::owned;
};

}  // namespace greenlight::rules::detail
