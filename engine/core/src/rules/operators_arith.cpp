// + - * / % min max with json-logic-js semantics: + and * use parseFloat on every operand ("1" + 1 is 2,
// "1px" counts as 1), - / % min max use JavaScript ToNumber. Results that are integral print as integers.
// CertLogic's + takes exactly two integers.
#include <cmath>
#include <limits>

#include "js.hpp"
#include "operators.hpp"

namespace greenlight::rules::detail {

namespace {

constexpr double kArithNaN = std::numeric_limits<double>::quiet_NaN();

Value number(double d) { return Value::own(make_number(d)); }

// ToNumber of operand i, or NaN (undefined) when there is no such operand. Operands are evaluated in order.
bool numbers(const Node& n, Ctx& c, const Scope& s, double* out, std::size_t max) {
  for (std::size_t i = 0; i < max; ++i) out[i] = kArithNaN;
  std::size_t i = 0;
  for (const Node& arg : n.args) {
    Value v = eval(arg, c, s);
    if (c.failed) return false;
    if (i < max) out[i] = to_number(v, c);
    if (c.failed) return false;
    ++i;
  }
  return true;
}

}  // namespace

// {"+": [a, b, ...]}: 0 + parseFloat(a) + parseFloat(b) + ...; {"+": "3.14"} casts to a number.
Value eval_add_jl(const Node& n, Ctx& c, const Scope& s) {
  double sum = 0;
  for (const Node& arg : n.args) {
    Value v = eval(arg, c, s);
    if (c.failed) return Value{};
    sum += to_float_for_add(v, c);
    if (c.failed) return Value{};
  }
  return number(sum);
}

// {"*": [a]} returns a unchanged (Array.prototype.reduce without an initial value); otherwise the product of
// parseFloat of each operand. At least one operand (checked at compile time).
Value eval_mul(const Node& n, Ctx& c, const Scope& s) {
  if (n.args.size() == 1) return eval(n.args[0], c, s);
  double product = 1;
  for (const Node& arg : n.args) {
    Value v = eval(arg, c, s);
    if (c.failed) return Value{};
    product *= to_float_for_add(v, c);
    if (c.failed) return Value{};
  }
  return number(product);
}

// {"-": [a]} negates, {"-": [a, b]} subtracts. As in json-logic-js, a second operand that evaluates to
// undefined also means negation.
Value eval_sub(const Node& n, Ctx& c, const Scope& s) {
  Value v[2] = {Value::undefined(), Value::undefined()};
  std::size_t i = 0;
  for (const Node& arg : n.args) {
    Value x = eval(arg, c, s);
    if (c.failed) return Value{};
    if (i < 2) v[i] = std::move(x);
    ++i;
  }
  const double a = to_number(v[0], c);
  if (v[1].is_undefined()) return number(-a);
  const double b = to_number(v[1], c);
  if (c.failed) return Value{};
  return number(a - b);
}

Value eval_div(const Node& n, Ctx& c, const Scope& s) {
  double x[2];
  if (!numbers(n, c, s, x, 2)) return Value{};
  return number(x[0] / x[1]);
}

// JavaScript %: the remainder has the sign of the dividend (fmod).
Value eval_mod(const Node& n, Ctx& c, const Scope& s) {
  double x[2];
  if (!numbers(n, c, s, x, 2)) return Value{};
  return number(std::fmod(x[0], x[1]));
}

namespace {

template <bool Max>
Value extremum(const Node& n, Ctx& c, const Scope& s) {
  double result = Max ? -HUGE_VAL : HUGE_VAL;  // Math.max() is -Infinity, Math.min() is Infinity
  bool nan = false;
  for (const Node& arg : n.args) {
    Value v = eval(arg, c, s);
    if (c.failed) return Value{};
    const double d = to_number(v, c);
    if (c.failed) return Value{};
    if (std::isnan(d)) nan = true;
    else if (Max ? d > result : d < result) result = d;
  }
  return number(nan ? kArithNaN : result);
}

}  // namespace

Value eval_min(const Node& n, Ctx& c, const Scope& s) { return extremum<false>(n, c, s); }
Value eval_max(const Node& n, Ctx& c, const Scope& s) { return extremum<true>(n, c, s); }

// CertLogic {"+": [int, int]}.
Value eval_add_cl(const Node& n, Ctx& c, const Scope& s) {
  Value a = eval(n.args[0], c, s);
  if (c.failed) return Value{};
  Value b = eval(n.args[1], c, s);
  if (c.failed) return Value{};
  if (a.is_datetime() || b.is_datetime() || !is_integer(a.get()) || !is_integer(b.get())) {
    return c.invalid(n, "both operands must be integers");
  }
  return number(number_of(a.get()) + number_of(b.get()));
}

}  // namespace greenlight::rules::detail
