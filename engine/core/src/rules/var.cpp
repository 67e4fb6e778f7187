// Data access: `var` (and the lookups `missing` does). Paths are split at compile time when they are literals;
// lookups walk `data` in place and return borrowed values, so nothing is copied.
//
// JsonLogic (json-logic-js): a path is String(arg) split at "."; each step is JavaScript property access, so an
// array takes canonical indexes ("0", "12") and "length", a string takes indexes and "length"; stepping into
// null or a missing property gives the default (or null). A null *value* at the end is returned as null.
// CertLogic: each fragment that starts with digits is an index (parseInt); anything not found, or below null, is
// null; only arrays and objects can be drilled into.
#include <string>
#include <string_view>

#include "js.hpp"
#include "operators.hpp"
#include "program.hpp"

namespace greenlight::rules::detail {

namespace {

// Canonical JavaScript array index: "0" or [1-9][0-9]*, below 2^32 - 1.
std::int64_t canonical_index(std::string_view s) {
  if (s.empty() || s.size() > 10) return -1;
  if (s.size() > 1 && s[0] == '0') return -1;
  std::int64_t v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return -1;
    v = v * 10 + (ch - '0');
  }
  return v < 4294967295LL ? v : -1;
}

// parseInt(s, 10) for a fragment, when it yields a number >= 0 (leading digits); -1 otherwise.
std::int64_t leading_digits(std::string_view s) {
  std::int64_t v = 0;
  std::size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i < 15) {
    v = v * 10 + (s[i] - '0');
    ++i;
  }
  return i == 0 ? -1 : v;
}

// The reduce frame {current, accumulator} as a JSON object (only for {"var": ""} inside a reduce lambda).
Value frame_object(Ctx& c, const Scope& scope) {
  json frame = json::object();
  Value current = Value::borrow(*scope.current);
  frame["current"] = to_json(std::move(current), c);
  if (c.failed) return Value{};
  Value acc = scope.accumulator->is_datetime() ? Value::datetime(scope.accumulator->millis())
                                               : Value::borrow(scope.accumulator->get());
  frame["accumulator"] = to_json(std::move(acc), c);
  if (c.failed) return Value{};
  return Value::own(std::move(frame));
}

}  // namespace

VarPath split_path(std::string_view path, Dialect dialect) {
  VarPath out;
  if (path.empty()) {
    out.whole = true;
    return out;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string_view fragment =
        path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    PathSegment seg;
    if (dialect == Dialect::certlogic) {
      seg.index = leading_digits(fragment);
      seg.key = seg.index >= 0 ? std::to_string(seg.index) : std::string(fragment);  // acc[parseInt(fragment)]
    } else {
      seg.key = std::string(fragment);
      seg.index = canonical_index(fragment);
      seg.length = fragment == "length";
    }
    out.segments.push_back(std::move(seg));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

Value lookup(const VarPath& path, Ctx& c, const Scope& scope, bool& found) {
  const bool certlogic = c.certlogic();
  found = certlogic;  // CertLogic has no defaults: "not found" is simply null
  if (path.whole) {
    found = true;
    if (scope.reduce_frame()) return frame_object(c, scope);
    return Value::borrow(*scope.data);
  }
  std::size_t i = 0;
  const json* cur = scope.data;
  if (scope.reduce_frame()) {
    const std::string& first = path.segments[0].key;
    if (first == "current") {
      cur = scope.current;
    } else if (first == "accumulator") {
      const Value& acc = *scope.accumulator;
      if (acc.is_undefined()) return Value{};  // JsonLogic: {"reduce": [xs, f]} with an undefined initial value
      if (acc.is_datetime()) {
        if (path.segments.size() != 1) return Value{};
        found = true;
        return Value::datetime(acc.millis());
      }
      cur = acc.ptr();
    } else {
      return Value{};
    }
    i = 1;
  }
  for (; i < path.segments.size(); ++i) {
    const PathSegment& seg = path.segments[i];
    const bool last = i + 1 == path.segments.size();
    switch (cur->type()) {
      case json::value_t::object: {
        const auto it = cur->find(seg.key);
        if (it == cur->end()) return Value{};
        cur = &*it;
        break;
      }
      case json::value_t::array:
        if (seg.index >= 0 && static_cast<std::uint64_t>(seg.index) < cur->size()) {
          cur = &(*cur)[static_cast<std::size_t>(seg.index)];
          break;
        }
        if (seg.length && last) {
          found = true;
          return Value::own(json(cur->size()));
        }
        return Value{};
      case json::value_t::string: {
        if (certlogic || !last) return Value{};
        const std::string& s = cur->get_ref<const std::string&>();
        if (seg.length) {
          found = true;
          return Value::own(json(utf16_length(s)));
        }
        std::string ch;
        if (seg.index >= 0 && js_char_at(s, seg.index, ch)) {
          found = true;
          return Value::own(json(std::move(ch)));
        }
        return Value{};
      }
      default:  // null, numbers, booleans: nothing to step into
        return Value{};
    }
  }
  found = true;
  return Value::borrow(*cur);
}

// {"var": "literal.path"} or {"var": ["literal.path", default]}
Value eval_var_static(const Node& n, Ctx& c, const Scope& s) {
  bool found = false;
  Value v = lookup(n.path, c, s, found);
  if (found || c.failed || n.args.size() < 2) return v;
  return eval(n.args[1], c, s);
}

// {"var": <expression>} (JsonLogic): the path is String(value of the expression).
Value eval_var_dynamic(const Node& n, Ctx& c, const Scope& s) {
  Value p = eval_arg(n, 0, c, s);
  if (c.failed) return Value{};
  VarPath path;
  if (p.is_null() || (p.is_string() && p.get().get_ref<const std::string&>().empty())) {
    path.whole = true;  // undefined, null, ""
  } else {
    std::string text;
    if (!append_js_string(p, c, text)) return Value{};
    path = split_path(text, Dialect::jsonlogic);
    if (path.whole) {  // String([]) is "" but is not the literal "": it looks up the property ""
      path.whole = false;
      path.segments.emplace_back();
    }
  }
  bool found = false;
  Value v = lookup(path, c, s, found);
  if (found || c.failed || n.args.size() < 2) return v;
  return eval(n.args[1], c, s);
}

}  // namespace greenlight::rules::detail
