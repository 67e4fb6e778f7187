// ==, ===, !=, !==, <, <=, >, >= and in. JsonLogic compares with JavaScript semantics (loose ==, coercing
// relational operators, "between" forms {"<": [a, b, c]} and {"<=": [a, b, c]}); CertLogic's relational
// operators take 2 or 3 integers and its `in` needs an array.
#include <string>

#include "js.hpp"
#include "operators.hpp"

namespace greenlight::rules::detail {

namespace {

// Evaluates up to `max` operands into out[]; the count evaluated is returned (operands past `max` are still
// evaluated, as json-logic-js evaluates every operand, but their values are dropped).
std::size_t eval_operands(const Node& n, Ctx& c, const Scope& s, Value* out, std::size_t max) {
  for (std::size_t k = 0; k < max; ++k) out[k] = Value::undefined();
  std::size_t i = 0;
  for (const Node& arg : n.args) {
    Value v = eval(arg, c, s);
    if (c.failed) return 0;
    if (i < max) out[i] = std::move(v);
    ++i;
  }
  return i < max ? i : max;
}

bool js_less(const Value& a, const Value& b, Ctx& c) { return js_compare(a, b, c) == Order::less; }

bool js_less_equal(const Value& a, const Value& b, Ctx& c) {
  const Order o = js_compare(a, b, c);
  return o == Order::less || o == Order::equal;
}

enum class Rel { lt, le, gt, ge };

template <Rel R>
bool holds(double a, double b) {
  if constexpr (R == Rel::lt) return a < b;
  if constexpr (R == Rel::le) return a <= b;
  if constexpr (R == Rel::gt) return a > b;
  return a >= b;
}

// CertLogic <, <=, >, >= on 2 or 3 integer operands.
template <Rel R>
Value compare_cl(const Node& n, Ctx& c, const Scope& s) {
  Value v[3];
  const std::size_t count = eval_operands(n, c, s, v, 3);
  if (c.failed) return Value{};
  double x[3] = {0, 0, 0};
  for (std::size_t i = 0; i < count; ++i) {
    if (v[i].is_datetime() || !is_integer(v[i].get())) {
      return c.invalid(n, "all operands of a comparison operation must be integers");
    }
    x[i] = number_of(v[i].get());
  }
  const bool result = holds<R>(x[0], x[1]) && (count < 3 || holds<R>(x[1], x[2]));
  return Value::boolean(result);
}

}  // namespace

Value eval_loose_eq(const Node& n, Ctx& c, const Scope& s) {
  Value v[2];
  eval_operands(n, c, s, v, 2);
  if (c.failed) return Value{};
  const bool eq = loose_equal(v[0], v[1], c);
  if (c.failed) return Value{};
  return Value::boolean(eq);
}

Value eval_loose_ne(const Node& n, Ctx& c, const Scope& s) {
  Value v[2];
  eval_operands(n, c, s, v, 2);
  if (c.failed) return Value{};
  const bool eq = loose_equal(v[0], v[1], c);
  if (c.failed) return Value{};
  return Value::boolean(!eq);
}

namespace {

bool strict_operands_equal(const Node& n, Ctx& c, const Scope& s) {
  Value v[2];
  eval_operands(n, c, s, v, 2);  // missing operands are undefined
  return strict_equal(v[0], v[1]);
}

}  // namespace

Value eval_strict_eq(const Node& n, Ctx& c, const Scope& s) {
  const bool eq = strict_operands_equal(n, c, s);
  if (c.failed) return Value{};
  return Value::boolean(eq);
}

Value eval_strict_ne(const Node& n, Ctx& c, const Scope& s) {
  const bool eq = strict_operands_equal(n, c, s);
  if (c.failed) return Value{};
  return Value::boolean(!eq);
}

// {"<": [a, b]} or {"<": [a, b, c]} (a < b && b < c; a third operand that is undefined means the 2-operand
// form). A missing first or second operand is undefined, so the comparison is false.
Value eval_lt_jl(const Node& n, Ctx& c, const Scope& s) {
  Value v[3];
  const std::size_t count = eval_operands(n, c, s, v, 3);
  if (c.failed) return Value{};
  if (count < 2) return Value::boolean(false);
  bool r = js_less(v[0], v[1], c);
  if (r && !v[2].is_undefined()) r = js_less(v[1], v[2], c);
  if (c.failed) return Value{};
  return Value::boolean(r);
}

Value eval_le_jl(const Node& n, Ctx& c, const Scope& s) {
  Value v[3];
  const std::size_t count = eval_operands(n, c, s, v, 3);
  if (c.failed) return Value{};
  if (count < 2) return Value::boolean(false);
  bool r = js_less_equal(v[0], v[1], c);
  if (r && !v[2].is_undefined()) r = js_less_equal(v[1], v[2], c);
  if (c.failed) return Value{};
  return Value::boolean(r);
}

Value eval_gt_jl(const Node& n, Ctx& c, const Scope& s) {
  Value v[2];
  const std::size_t count = eval_operands(n, c, s, v, 2);
  if (c.failed) return Value{};
  if (count < 2) return Value::boolean(false);
  const bool r = js_less(v[1], v[0], c);
  if (c.failed) return Value{};
  return Value::boolean(r);
}

Value eval_ge_jl(const Node& n, Ctx& c, const Scope& s) {
  Value v[2];
  const std::size_t count = eval_operands(n, c, s, v, 2);
  if (c.failed) return Value{};
  if (count < 2) return Value::boolean(false);
  const bool r = js_less_equal(v[1], v[0], c);
  if (c.failed) return Value{};
  return Value::boolean(r);
}

Value eval_lt_cl(const Node& n, Ctx& c, const Scope& s) { return compare_cl<Rel::lt>(n, c, s); }
Value eval_le_cl(const Node& n, Ctx& c, const Scope& s) { return compare_cl<Rel::le>(n, c, s); }
Value eval_gt_cl(const Node& n, Ctx& c, const Scope& s) { return compare_cl<Rel::gt>(n, c, s); }
Value eval_ge_cl(const Node& n, Ctx& c, const Scope& s) { return compare_cl<Rel::ge>(n, c, s); }

// json-logic-js: if b is falsy or has no indexOf, false; strings: substring test on String(a); arrays: ===.
Value eval_in_jl(const Node& n, Ctx& c, const Scope& s) {
  Value v[2];
  eval_operands(n, c, s, v, 2);
  if (c.failed) return Value{};
  const Value& needle = v[0];
  const Value& haystack = v[1];
  if (haystack.is_string()) {
    const std::string& text = haystack.get().get_ref<const std::string&>();
    if (text.empty()) return Value::boolean(false);
    std::string key;
    if (!append_js_string(needle, c, key)) return Value{};
    return Value::boolean(text.find(key) != std::string::npos);
  }
  if (haystack.is_array()) {
    for (const json& element : haystack.get()) {
      if (strict_equal(needle, element)) return Value::boolean(true);
    }
  }
  return Value::boolean(false);
}

// CertLogic: {"in": [a, array]}; a non-array right-hand side is an error.
Value eval_in_cl(const Node& n, Ctx& c, const Scope& s) {
  Value needle = eval(n.args[0], c, s);
  if (c.failed) return Value{};
  Value haystack = eval(n.args[1], c, s);
  if (c.failed) return Value{};
  if (!haystack.is_array()) return c.invalid(n, "the right-hand side must be an array");
  for (const json& element : haystack.get()) {
    if (strict_equal(needle, element)) return Value::boolean(true);
  }
  return Value::boolean(false);
}

}  // namespace greenlight::rules::detail
