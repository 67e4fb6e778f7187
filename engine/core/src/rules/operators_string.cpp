// cat and substr. cat joins its operands like Array.prototype.join("") (null becomes "", numbers print as in
// JavaScript: 1, 0.5, 1e+21); substr is String.prototype.substr on UTF-16 code units, with json-logic-js's
// extension that a negative length drops that many characters from the end.
#include <string>

#include "js.hpp"
#include "operators.hpp"

namespace greenlight::rules::detail {

Value eval_cat(const Node& n, Ctx& c, const Scope& s) {
  std::string out;
  for (const Node& arg : n.args) {
    Value v = eval(arg, c, s);
    if (c.failed) return Value{};
    if (v.is_null()) continue;  // join() writes null and undefined as ""
    if (!append_js_string(v, c, out)) return Value{};
  }
  if (!c.charge_string(out.size())) return Value{};
  return Value::own(json(std::move(out)));
}

// {"substr": [string, start]} / {"substr": [string, start, length]}; a negative length ends that many UTF-16
// units before the end.
Value eval_substr(const Node& n, Ctx& c, const Scope& s) {
  Value v[3] = {Value::undefined(), Value::undefined(), Value::undefined()};
  std::size_t count = 0;
  for (const Node& arg : n.args) {
    Value x = eval(arg, c, s);
    if (c.failed) return Value{};
    if (count < 3) v[count] = std::move(x);
    ++count;
  }
  std::string source;
  if (!append_js_string(v[0], c, source)) return Value{};  // String(source)
  const double start = to_number(v[1], c);                 // undefined -> NaN -> 0
  const bool has_length = !v[2].is_undefined();
  const double length = has_length ? to_number(v[2], c) : 0;
  if (c.failed) return Value{};
  std::string out;
  if (has_length && length < 0) {
    std::string tail = js_substr(source, start, false, 0);
    // json-logic-js computes `temp.length + end`: for a non-number `end` ("-3", [-3]) that is string
    // concatenation, "7-3", whose ToInteger is 0.
    const double keep = v[2].is_number() ? static_cast<double>(utf16_length(tail)) + length : 0;
    out = js_substr(tail, 0, true, keep);
  } else {
    out = js_substr(source, start, has_length, length);
  }
  if (!c.charge_string(out.size())) return Value{};
  return Value::own(json(std::move(out)));
}

}  // namespace greenlight::rules::detail
