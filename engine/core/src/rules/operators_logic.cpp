// if / ?:, and, or, !, !!, log. JsonLogic returns operands themselves (not booleans) from and/or and uses JS
// truthiness; CertLogic's and/if/! demand operands that are truthy or falsy and fail otherwise.
#include "greenlight/rules/logic.hpp"
#include "js.hpp"
#include "operators.hpp"

namespace greenlight::rules::detail {

namespace {

Truthiness cl_truthiness(const Value& v) {
  if (v.is_datetime()) return Truthiness::neither;
  return certlogic_truthiness(v.get());
}

}  // namespace

// {"if": [c1, v1, c2, v2, ..., else]}: the first truthy condition's value, else the last odd operand, else null.
Value eval_if_jl(const Node& n, Ctx& c, const Scope& s) {
  const std::size_t count = n.args.size();
  std::size_t i = 0;
  for (; i + 1 < count; i += 2) {
    Value guard = eval(n.args[i], c, s);
    if (c.failed) return Value{};
    if (js_truthy(guard)) return eval(n.args[i + 1], c, s);
  }
  if (i + 1 == count) return eval(n.args[i], c, s);
  return Value{};
}

// CertLogic: exactly {"if": [guard, then, else]} (checked at compile time).
Value eval_if_cl(const Node& n, Ctx& c, const Scope& s) {
  Value guard = eval(n.args[0], c, s);
  if (c.failed) return Value{};
  switch (cl_truthiness(guard)) {
    case Truthiness::truthy:
      return eval(n.args[1], c, s);
    case Truthiness::falsy:
      return eval(n.args[2], c, s);
    default:
      return c.invalid(n, "the guard evaluates to something neither truthy nor falsy");
  }
}

// The first falsy operand, or the last one (undefined without operands).
Value eval_and_jl(const Node& n, Ctx& c, const Scope& s) {
  Value current = Value::undefined();
  for (const Node& arg : n.args) {
    current = eval(arg, c, s);
    if (c.failed) return Value{};
    if (!js_truthy(current)) return current;
  }
  return current;
}

// The first truthy operand, or the last one (undefined without operands).
Value eval_or_jl(const Node& n, Ctx& c, const Scope& s) {
  Value current = Value::undefined();
  for (const Node& arg : n.args) {
    current = eval(arg, c, s);
    if (c.failed) return Value{};
    if (js_truthy(current)) return current;
  }
  return current;
}

// CertLogic and (2+ operands, lazy, in order): every evaluated operand must be truthy or falsy (checked as soon as
// it is evaluated, as certlogic-js does); returns the first falsy one, or the last one.
Value eval_and_cl(const Node& n, Ctx& c, const Scope& s) {
  Value current;
  for (const Node& arg : n.args) {
    current = eval(arg, c, s);
    if (c.failed) return Value{};
    switch (cl_truthiness(current)) {
      case Truthiness::falsy:
        return current;
      case Truthiness::truthy:
        break;
      default:
        return c.invalid(n, "an operand evaluates to something neither truthy nor falsy");
    }
  }
  return current;
}

Value eval_not_jl(const Node& n, Ctx& c, const Scope& s) {
  Value v = eval_arg(n, 0, c, s);
  if (c.failed) return Value{};
  return Value::boolean(!js_truthy(v));
}

Value eval_notnot_jl(const Node& n, Ctx& c, const Scope& s) {
  Value v = eval_arg(n, 0, c, s);
  if (c.failed) return Value{};
  return Value::boolean(js_truthy(v));
}

Value eval_not_cl(const Node& n, Ctx& c, const Scope& s) {
  Value v = eval(n.args[0], c, s);
  if (c.failed) return Value{};
  switch (cl_truthiness(v)) {
    case Truthiness::falsy:
      return Value::boolean(true);
    case Truthiness::truthy:
      return Value::boolean(false);
    default:
      return c.invalid(n, "the operand evaluates to something neither truthy nor falsy");
  }
}

// {"log": x}: json-logic-js prints x and returns it; here it only returns it (an engine has no console).
Value eval_log(const Node& n, Ctx& c, const Scope& s) { return eval_arg(n, 0, c, s); }

}  // namespace greenlight::rules::detail
