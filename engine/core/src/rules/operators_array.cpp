// merge, missing, missing_some and the lambda operators map, filter, reduce, all, none, some. A lambda (the
// second operand) is evaluated once per element with that element as its data ({"var": ""} is the element);
// reduce's lambda sees {"current": element, "accumulator": value so far}. Every lambda run counts against
// LogicLimits::max_iterations.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "js.hpp"
#include "operators.hpp"

namespace greenlight::rules::detail {

namespace {

Value empty_array() { return Value::own(json::array()); }

// Appends a value to an output array, copying (and charging) borrowed values.
bool push(json& out, Value&& v, Ctx& c) {
  out.push_back(to_json(std::move(v), c));
  return !c.failed;
}

// Runs the lambda (operand 1) with `element` as data; null if there is no lambda.
Value run_lambda(const Node& n, Ctx& c, const json& element) {
  if (!c.tick_iteration()) return Value{};
  if (n.args.size() < 2) return Value{};
  Scope inner;
  inner.data = &element;
  return eval(n.args[1], c, inner);
}

// {"missing": ...} over `keys`: the keys whose value is null, "" or absent, in order.
bool collect_missing(const std::vector<const json*>& keys, Ctx& c, const Scope& s, json& out) {
  for (const json* key : keys) {
    VarPath path;
    if (key->is_null()) {
      path.whole = true;
    } else {
      std::string text;
      if (!append_js_string(*key, c, text)) return false;
      path = split_path(text, Dialect::jsonlogic);
    }
    bool found = false;
    Value v = lookup(path, c, s, found);
    if (c.failed) return false;
    if (!found || v.is_null() || (v.is_string() && v.get().get_ref<const std::string&>().empty())) {
      if (!charge_copy(c, *key)) return false;
      out.push_back(*key);
    }
  }
  return true;
}

}  // namespace

// {"merge": [a, b, ...]}: one flat array; array operands are spliced in, others appended.
Value eval_merge(const Node& n, Ctx& c, const Scope& s) {
  json out = json::array();
  for (const Node& arg : n.args) {
    Value v = eval(arg, c, s);
    if (c.failed) return Value{};
    if (v.is_array()) {
      if (v.kind() == Value::Kind::owned) {
        json items = v.release();
        for (auto& item : items) out.push_back(std::move(item));
      } else {
        if (!charge_copy(c, v.get())) return Value{};
        for (const auto& item : v.get()) out.push_back(item);
      }
    } else if (!push(out, std::move(v), c)) {
      return Value{};
    }
  }
  return Value::own(std::move(out));
}

// {"missing": ["a", "b.c"]} or {"missing": "a"} or {"missing": <expression giving an array>}.
Value eval_missing(const Node& n, Ctx& c, const Scope& s) {
  json out = json::array();
  if (n.static_args) {  // literal keys, paths split at compile time
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
      bool found = false;
      Value v = lookup(n.key_paths[i], c, s, found);
      if (c.failed) return Value{};
      if (!found || v.is_null() || (v.is_string() && v.get().get_ref<const std::string&>().empty())) {
        if (!charge_copy(c, n.keys[i])) return Value{};
        out.push_back(n.keys[i]);
      }
    }
    return Value::own(std::move(out));
  }
  std::vector<Value> values;
  values.reserve(n.args.size());
  for (const Node& arg : n.args) {
    values.push_back(eval(arg, c, s));
    if (c.failed) return Value{};
  }
  std::vector<const json*> keys;
  if (!values.empty() && values[0].is_array()) {
    for (const auto& key : values[0].get()) keys.push_back(&key);
  } else {
    for (const auto& v : values) {
      if (v.is_datetime()) continue;
      keys.push_back(v.ptr());
    }
  }
  if (!collect_missing(keys, c, s, out)) return Value{};
  return Value::own(std::move(out));
}

// {"missing_some": [need, ["a", "b", ...]]}: [] if at least `need` of the keys are present, else the missing ones.
Value eval_missing_some(const Node& n, Ctx& c, const Scope& s) {
  Value need = eval(n.args[0], c, s);
  if (c.failed) return Value{};
  Value options = eval(n.args[1], c, s);
  if (c.failed) return Value{};
  for (std::size_t i = 2; i < n.args.size(); ++i) {
    eval(n.args[i], c, s);
    if (c.failed) return Value{};
  }
  std::vector<const json*> keys;
  double option_count = std::nan("");
  if (options.is_array()) {
    for (const auto& key : options.get()) keys.push_back(&key);
    option_count = static_cast<double>(options.get().size());
  } else if (!options.is_datetime()) {
    keys.push_back(options.ptr());
    if (options.is_string()) option_count = static_cast<double>(utf16_length(options.get().get<std::string>()));
  }
  json missing = json::array();
  if (!collect_missing(keys, c, s, missing)) return Value{};
  const double need_count = to_number(need, c);
  if (c.failed) return Value{};
  if (option_count - static_cast<double>(missing.size()) >= need_count) return empty_array();
  return Value::own(std::move(missing));
}

Value eval_map(const Node& n, Ctx& c, const Scope& s) {
  Value items = eval_arg(n, 0, c, s);
  if (c.failed) return Value{};
  if (!items.is_array()) return empty_array();
  const json& array = items.get();
  if (!c.charge(kSlotBytes * (array.size() + 1))) return Value{};
  json out = json::array();
  out.get_ref<json::array_t&>().reserve(array.size());
  for (const auto& element : array) {
    Value r = run_lambda(n, c, element);
    if (c.failed) return Value{};
    if (!push(out, std::move(r), c)) return Value{};
  }
  return Value::own(std::move(out));
}

Value eval_filter(const Node& n, Ctx& c, const Scope& s) {
  Value items = eval_arg(n, 0, c, s);
  if (c.failed) return Value{};
  if (!items.is_array()) return empty_array();
  json out = json::array();
  for (const auto& element : items.get()) {
    Value r = run_lambda(n, c, element);
    if (c.failed) return Value{};
    if (js_truthy(r)) {
      if (!charge_copy(c, element)) return Value{};
      out.push_back(element);
    }
  }
  return Value::own(std::move(out));
}

namespace {

// The fold shared by both dialects: acc = lambda({current, accumulator}) for each element.
Value fold(const Node& n, Ctx& c, const json& array, Value acc) {
  for (const auto& element : array) {
    if (!c.tick_iteration()) return Value{};
    Value next;
    if (n.args.size() >= 2) {
      Scope frame;
      frame.current = &element;
      frame.accumulator = &acc;
      next = eval(n.args[1], c, frame);
      if (c.failed) return Value{};
    }
    // The lambda may return a borrowed pointer into the accumulator it was given (e.g. {"var": "accumulator"});
    // that accumulator is about to be replaced, so keep an owned copy.
    if (next.is_borrowed() && !acc.is_borrowed()) {
      next = Value::own(to_json(std::move(next), c));
      if (c.failed) return Value{};
    }
    acc = std::move(next);
  }
  return acc;
}

}  // namespace

// JsonLogic {"reduce": [array, lambda, initial]}: a non-array gives the initial value (null if absent).
Value eval_reduce_jl(const Node& n, Ctx& c, const Scope& s) {
  Value items = eval_arg(n, 0, c, s);
  if (c.failed) return Value{};
  Value initial = eval_arg(n, 2, c, s);
  if (c.failed) return Value{};
  if (!items.is_array()) return initial;
  return fold(n, c, items.get(), std::move(initial));
}

// CertLogic: null gives the initial value; any other non-array is an error.
Value eval_reduce_cl(const Node& n, Ctx& c, const Scope& s) {
  Value items = eval(n.args[0], c, s);
  if (c.failed) return Value{};
  if (items.is_null()) return eval(n.args[2], c, s);
  if (!items.is_array()) return c.invalid(n, "the operand evaluates to something that is neither null nor an array");
  Value initial = eval(n.args[2], c, s);
  if (c.failed) return Value{};
  return fold(n, c, items.get(), std::move(initial));
}

// all: false for an empty or non-array operand, else whether every lambda result is truthy.
Value eval_all(const Node& n, Ctx& c, const Scope& s) {
  Value items = eval_arg(n, 0, c, s);
  if (c.failed) return Value{};
  if (!items.is_array() || items.get().empty()) return Value::boolean(false);
  for (const auto& element : items.get()) {
    Value r = run_lambda(n, c, element);
    if (c.failed) return Value{};
    if (!js_truthy(r)) return Value::boolean(false);
  }
  return Value::boolean(true);
}

Value eval_none(const Node& n, Ctx& c, const Scope& s) {
  Value items = eval_arg(n, 0, c, s);
  if (c.failed) return Value{};
  if (!items.is_array()) return Value::boolean(true);
  for (const auto& element : items.get()) {
    Value r = run_lambda(n, c, element);
    if (c.failed) return Value{};
    if (js_truthy(r)) return Value::boolean(false);
  }
  return Value::boolean(true);
}

Value eval_some(const Node& n, Ctx& c, const Scope& s) {
  Value items = eval_arg(n, 0, c, s);
  if (c.failed) return Value{};
  if (!items.is_array()) return Value::boolean(false);
  for (const auto& element : items.get()) {
    Value r = run_lambda(n, c, element);
    if (c.failed) return Value{};
    if (js_truthy(r)) return Value::boolean(true);
  }
  return Value::boolean(false);
}

}  // namespace greenlight::rules::detail
