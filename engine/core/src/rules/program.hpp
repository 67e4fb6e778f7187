// Private: the compiled node tree, the per-evaluation context (limits, first error) and the evaluation scope.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "greenlight/error.hpp"
#include "greenlight/rules/logic.hpp"
#include "value.hpp"

namespace greenlight::rules::detail {

struct Node;
struct Ctx;
struct Scope;

// Every node carries the function that evaluates it, chosen once at compile time.
using EvalFn = Value (*)(const Node&, Ctx&, const Scope&);

// One `.`-separated fragment of a `var` path, pre-parsed.
struct PathSegment {
  std::string key;
  std::int64_t index = -1;  // array index if the fragment is one (dialect rules in var.cpp), else -1
  bool length = false;      // JsonLogic: the fragment is "length" (JS arrays and strings have it)
};

struct VarPath {
  bool whole = false;  // "" (or null / no path in JsonLogic): the whole data context
  std::vector<PathSegment> segments;
};

enum class TimeUnit : std::uint8_t { year, month, day, hour };

struct Node {
  EvalFn fn = nullptr;
  const char* name = "";   // operator name for messages ("literal" / "array" for non-operators)
  std::vector<Node> args;  // operand nodes, in order
  json literal;            // literal nodes: the value
  // `var`: the path when it is a literal (static_path), pre-split.
  VarPath path;
  bool static_path = false;
  // plusTime amount / extractFromUVCI index and plusTime unit when given as literals (static_args).
  std::int64_t int_arg = 0;
  TimeUnit unit = TimeUnit::day;
  bool static_args = false;
  // missing: all keys are literals, pre-split (keys[i] is the key as given, paths[i] its path).
  std::vector<json> keys;
  std::vector<VarPath> key_paths;
};

// Where `var` looks things up: the data of the current scope, or a reduce frame {current, accumulator}.
struct Scope {
  const json* data = nullptr;
  const json* current = nullptr;       // reduce frame only
  const Value* accumulator = nullptr;  // reduce frame only (non-null marks a reduce frame)
  bool reduce_frame() const { return accumulator != nullptr; }
};

}  // namespace greenlight::rules::detail

namespace greenlight::rules {

struct Program::Impl {
  detail::Node root;
  std::string rule_id;
  Dialect dialect = Dialect::jsonlogic;
  LogicLimits limits;
  std::size_t node_count = 0;
};

}  // namespace greenlight::rules

namespace greenlight::rules::detail {

// Per-evaluation state. Evaluation functions report failure by calling fail()/limit(); the first error wins and
// every caller checks `failed` after evaluating an operand and returns at once.
struct Ctx {
  explicit Ctx(const Program::Impl& p) : program(p), limits(p.limits) {}

  const Program::Impl& program;
  const LogicLimits& limits;
  std::size_t operations = 0;
  std::size_t iterations = 0;
  std::size_t materialized = 0;
  bool failed = false;
  Error error;

  bool certlogic() const { return program.dialect == Dialect::certlogic; }

  // rules.invalid during evaluation (CertLogic type errors, unparsable dates, ...). Returns a null Value.
  Value invalid(const Node& n, std::string_view message);
  // rules.limit. Returns a null Value.
  Value limit(std::string_view what, std::size_t bound);

  // Counts one lambda run; false (and failed) when max_iterations is exceeded.
  bool tick_iteration();
  // Counts `bytes` of created or copied JSON; false (and failed) when max_materialized_bytes is exceeded.
  bool charge(std::size_t bytes);
  // Checks a string about to be built: max_string_bytes, then charge(). false (and failed) when over.
  bool charge_string(std::size_t bytes);
};

inline Value eval(const Node& n, Ctx& c, const Scope& s) {
  if (++c.operations > c.limits.max_operations) return c.limit("operations", c.limits.max_operations);
  return n.fn(n, c, s);
}

// Operand i of n, or undefined if there are fewer operands.
inline Value eval_arg(const Node& n, std::size_t i, Ctx& c, const Scope& s) {
  if (i >= n.args.size()) return Value::undefined();
  return eval(n.args[i], c, s);
}

// Approximate size used for max_materialized_bytes: one JSON slot is counted as this many bytes.
constexpr std::size_t kSlotBytes = 16;

// Walks `j` without recursion: checks its nesting against max_value_depth and charges its size. false (and
// failed) when over a limit.
bool charge_copy(Ctx& c, const json& j);

// Turns a value into JSON that can be stored: borrowed values are copied (and charged), date-times become ISO
// strings. On failure c.failed is set and null is returned.
json to_json(Value&& v, Ctx& c);

// Looks up `path` in `scope` (JsonLogic or CertLogic rules per c). Returns nullptr-like "not found" through
// `found`; a found value is returned borrowed when possible.
Value lookup(const VarPath& path, Ctx& c, const Scope& scope, bool& found);

// Splits a `var` path string into segments, per dialect.
VarPath split_path(std::string_view path, Dialect dialect);

// Size of a JSON value as compile() and validate_certlogic() bound it: nesting of arrays/objects (a scalar is 0,
// [1] is 1) and number of values. Measured without recursion; stops counting once over a limit.
struct Shape {
  bool too_deep = false;
  bool too_many = false;
};
Shape measure(const json& j, const LogicLimits& limits);

// "rule X: " prefix (empty without a rule id).
std::string rule_prefix(const std::string& rule_id);

// A short, non-recursive-safe rendering of a JSON value for messages (bounded length and depth).
std::string describe(const json& j);

}  // namespace greenlight::rules::detail
