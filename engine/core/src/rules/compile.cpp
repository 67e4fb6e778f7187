// compile(): JSON rule -> immutable node tree. Bounds the rule's size and nesting first (without recursion), runs
// the CertLogic validator in that dialect, then builds one Node per operation with its evaluation function
// resolved from the operator table, folds constant arrays into literals and pre-splits literal `var` paths.
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dates.hpp"
#include "js.hpp"
#include "operators.hpp"
#include "program.hpp"

namespace greenlight::rules {

namespace detail {

Shape measure(const json& j, const LogicLimits& limits) {
  Shape shape;
  std::vector<std::pair<const json*, std::size_t>> stack;
  stack.emplace_back(&j, 0);
  std::size_t values = 0;
  while (!stack.empty()) {
    const auto [v, depth] = stack.back();
    stack.pop_back();
    if (++values > limits.max_nodes) {
      shape.too_many = true;
      return shape;
    }
    if (v->is_array() || v->is_object()) {
      if (depth + 1 > limits.max_depth) {
        shape.too_deep = true;
        return shape;
      }
      for (const auto& child : *v) stack.emplace_back(&child, depth + 1);
    }
  }
  return shape;
}

std::string describe(const json& j) {
  std::string out;
  if (j.is_array() || j.is_object()) {
    // Only the outline: operators stay recognisable, nested values are elided.
    if (j.is_object() && j.size() == 1) {
      out = "{\"" + j.begin().key() + "\": ...}";
    } else {
      out =
          j.is_array() ? "[... " + std::to_string(j.size()) + " items]" : "{... " + std::to_string(j.size()) + " keys}";
    }
  } else {
    out = j.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  if (out.size() > 80) out = out.substr(0, 77) + "...";
  return out;
}

namespace {

struct OpDef {
  std::string_view name;
  EvalFn jsonlogic;  // nullptr: not a JsonLogic operator
  EvalFn certlogic;  // nullptr: not a CertLogic operator
};

// `var` is handled separately. Operators that take literal operands (plusTime, extractFromUVCI) or need an
// arity check get extra treatment in Compiler::build_operator.
constexpr OpDef kOperators[] = {
    {"if", eval_if_jl, eval_if_cl},
    {"?:", eval_if_jl, nullptr},
    {"and", eval_and_jl, eval_and_cl},
    {"or", eval_or_jl, nullptr},
    {"!", eval_not_jl, eval_not_cl},
    {"!!", eval_notnot_jl, nullptr},
    {"==", eval_loose_eq, nullptr},
    {"!=", eval_loose_ne, nullptr},
    {"===", eval_strict_eq, eval_strict_eq},
    {"!==", eval_strict_ne, nullptr},
    {"<", eval_lt_jl, eval_lt_cl},
    {"<=", eval_le_jl, eval_le_cl},
    {">", eval_gt_jl, eval_gt_cl},
    {">=", eval_ge_jl, eval_ge_cl},
    {"in", eval_in_jl, eval_in_cl},
    {"+", eval_add_jl, eval_add_cl},
    {"-", eval_sub, nullptr},
    {"*", eval_mul, nullptr},
    {"/", eval_div, nullptr},
    {"%", eval_mod, nullptr},
    {"min", eval_min, nullptr},
    {"max", eval_max, nullptr},
    {"cat", eval_cat, nullptr},
    {"substr", eval_substr, nullptr},
    {"merge", eval_merge, nullptr},
    {"missing", eval_missing, nullptr},
    {"missing_some", eval_missing_some, nullptr},
    {"map", eval_map, nullptr},
    {"filter", eval_filter, nullptr},
    {"reduce", eval_reduce_jl, eval_reduce_cl},
    {"all", eval_all, nullptr},
    {"none", eval_none, nullptr},
    {"some", eval_some, nullptr},
    {"log", eval_log, nullptr},
    {"plusTime", eval_plus_time, eval_plus_time},
    {"after", eval_after, eval_after},
    {"before", eval_before, eval_before},
    {"not-after", eval_not_after, eval_not_after},
    {"not-before", eval_not_before, eval_not_before},
    {"extractFromUVCI", eval_extract_from_uvci, eval_extract_from_uvci},
    {"dccDateOfBirth", eval_dcc_date_of_birth, eval_dcc_date_of_birth},
};

const OpDef* find_operator(std::string_view name) {
  for (const OpDef& op : kOperators) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

bool is_literal(const Node& n) { return n.fn == eval_literal; }

// JavaScript String(x) of a literal path or key; false for arrays/objects (left to run time).
bool literal_path_text(const json& j, std::string& out) {
  if (j.is_string()) {
    out = j.get<std::string>();
    return true;
  }
  if (j.is_number()) {
    out = number_to_string(number_of(j));
    return true;
  }
  if (j.is_boolean()) {
    out = j.get<bool>() ? "true" : "false";
    return true;
  }
  return false;
}

class Compiler {
 public:
  Compiler(const LogicLimits& limits, Dialect dialect, const std::string& rule_id)
      : limits_(limits), dialect_(dialect), rule_id_(rule_id) {}

  bool failed = false;
  Error error;
  std::size_t nodes = 0;

  // Depth is bounded by measure() before this runs, so the recursion is too.
  bool build(const json& j, Node& out) {
    if (++nodes > limits_.max_nodes) return limit("rule has more than " + std::to_string(limits_.max_nodes) + " nodes");
    if (j.is_array()) return build_array(j, out);
    if (j.is_object() && j.size() == 1) return build_operator(j.begin().key(), j.begin().value(), out);
    // Scalars, and (JsonLogic) objects that are not operations: data. CertLogic rejected the rest in validation.
    out.fn = eval_literal;
    out.name = "literal";
    out.literal = j;
    return true;
  }

 private:
  bool invalid(const std::string& message) {
    failed = true;
    error = make_error("rules.invalid", rule_prefix(rule_id_) + message);
    return false;
  }
  bool limit(const std::string& message) {
    failed = true;
    error = make_error("rules.limit", rule_prefix(rule_id_) + message);
    return false;
  }

  bool build_array(const json& j, Node& out) {
    out.name = "array";
    out.args.resize(j.size());
    bool constant = true;
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (!build(j[i], out.args[i])) return false;
      constant = constant && is_literal(out.args[i]);
    }
    if (constant) {  // fold [1, "a", [2]] into one literal: no per-evaluation copying, identity preserved
      json folded = json::array();
      for (Node& arg : out.args) folded.push_back(std::move(arg.literal));
      out.args.clear();
      out.fn = eval_literal;
      out.name = "literal";
      out.literal = std::move(folded);
      return true;
    }
    out.fn = eval_array;
    return true;
  }

  bool build_operator(const std::string& name, const json& values, Node& out) {
    const bool certlogic = dialect_ == Dialect::certlogic;
    if (name == "var") return build_var(values, out);
    const OpDef* def = find_operator(name);
    const EvalFn fn = def == nullptr ? nullptr : certlogic ? def->certlogic : def->jsonlogic;
    if (fn == nullptr) {
      return invalid(std::string("unknown ") + (certlogic ? "CertLogic" : "JsonLogic") + " operator " +
                     describe(json(name)));
    }
    out.fn = fn;
    out.name = def->name.data();
    // {"op": x} is short for {"op": [x]}.
    std::vector<const json*> operands;
    if (values.is_array()) {
      for (const auto& v : values) operands.push_back(&v);
    } else {
      operands.push_back(&values);
    }
    const std::size_t n = operands.size();
    const std::string quoted = "\"" + name + "\"";
    if (name == "*" && n == 0) return invalid(quoted + " needs at least 1 operand");
    if (name == "missing_some" && n < 2) return invalid(quoted + " needs 2 operands: [count, [keys...]]");
    if ((name == "after" || name == "before" || name == "not-after" || name == "not-before") && (n < 2 || n > 3)) {
      return invalid(quoted + " needs 2 or 3 operands");
    }
    if (name == "plusTime" && n != 3) return invalid(quoted + " needs 3 operands: [date, amount, unit]");
    if (name == "extractFromUVCI" && n != 2) return invalid(quoted + " needs 2 operands: [uci, index]");
    if (name == "dccDateOfBirth" && n != 1) return invalid(quoted + " needs 1 operand");

    out.args.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (!build(*operands[i], out.args[i])) return false;
    }

    if (name == "plusTime") return finish_plus_time(out, quoted);
    if (name == "extractFromUVCI") return finish_extract(out, quoted);
    if (name == "missing") finish_missing(out);
    return true;
  }

  // plusTime's amount and unit: literals are checked and stored now; JsonLogic also allows computed ones.
  bool finish_plus_time(Node& out, const std::string& quoted) {
    const Node& amount = out.args[1];
    const Node& unit = out.args[2];
    if (is_literal(amount) && !is_integer(amount.literal)) return invalid(quoted + ": the amount must be an integer");
    if (is_literal(unit)) {
      const auto u = unit.literal.is_string() ? parse_time_unit(unit.literal.get<std::string>()) : std::nullopt;
      if (!u) return invalid(quoted + ": the unit must be one of \"year\", \"month\", \"day\", \"hour\"");
      out.unit = *u;
    }
    if (is_literal(amount) && is_literal(unit)) {
      const double a = number_of(amount.literal);
      if (a > 9007199254740992.0 || a < -9007199254740992.0) return invalid(quoted + ": the amount is too large");
      out.int_arg = static_cast<std::int64_t>(a);
      out.static_args = true;
    }
    return true;
  }

  bool finish_extract(Node& out, const std::string& quoted) {
    const Node& index = out.args[1];
    if (!is_literal(index)) return true;  // JsonLogic: checked when evaluated
    if (!is_integer(index.literal)) return invalid(quoted + ": the index must be an integer");
    const double i = number_of(index.literal);
    out.int_arg = i > 1e9 ? 1000000000 : i < -1 ? -1 : static_cast<std::int64_t>(i);
    out.static_args = true;
    return true;
  }

  // missing with literal keys: split the paths now.
  void finish_missing(Node& out) {
    for (const Node& arg : out.args) {
      if (!is_literal(arg)) return;
    }
    std::vector<const json*> keys;
    if (!out.args.empty() && out.args[0].literal.is_array()) {
      for (const auto& k : out.args[0].literal) keys.push_back(&k);
    } else {
      for (const Node& arg : out.args) keys.push_back(&arg.literal);
    }
    std::vector<VarPath> paths;
    for (const json* key : keys) {
      VarPath path;
      std::string text;
      if (key->is_null()) {
        path.whole = true;
      } else if (literal_path_text(*key, text)) {
        path = split_path(text, Dialect::jsonlogic);
      } else {
        return;  // arrays/objects as keys: left to run time
      }
      paths.push_back(std::move(path));
    }
    for (const json* key : keys) out.keys.push_back(*key);
    out.key_paths = std::move(paths);
    out.static_args = true;
  }

  bool build_var(const json& values, Node& out) {
    out.name = "var";
    if (dialect_ == Dialect::certlogic) {  // validated: a string path
      out.fn = eval_var_static;
      out.static_path = true;
      out.path = split_path(values.get<std::string>(), Dialect::certlogic);
      return true;
    }
    std::vector<const json*> operands;
    if (values.is_array()) {
      for (const auto& v : values) operands.push_back(&v);
    } else {
      operands.push_back(&values);
    }
    out.args.resize(operands.size());
    for (std::size_t i = 0; i < operands.size(); ++i) {
      if (!build(*operands[i], out.args[i])) return false;
    }
    // {"var": []}, {"var": null}, {"var": ""}: the whole data.
    std::string text;
    if (out.args.empty() || (is_literal(out.args[0]) && out.args[0].literal.is_null())) {
      out.path.whole = true;
    } else if (is_literal(out.args[0]) && literal_path_text(out.args[0].literal, text)) {
      out.path = split_path(text, Dialect::jsonlogic);
    } else {
      out.fn = eval_var_dynamic;
      return true;
    }
    out.static_path = true;
    out.fn = eval_var_static;
    return true;
  }

  const LogicLimits& limits_;
  Dialect dialect_;
  const std::string& rule_id_;
};

}  // namespace

}  // namespace detail

namespace {

Result<Program> compile_impl(const nlohmann::json& rule, const LogicLimits& limits, std::string rule_id,
                             Dialect dialect) {
  const std::string prefix = detail::rule_prefix(rule_id);
  const detail::Shape shape = detail::measure(rule, limits);
  if (shape.too_deep) {
    return make_error("rules.limit",
                      prefix + "rule is nested deeper than max_depth (" + std::to_string(limits.max_depth) + ")");
  }
  if (shape.too_many) {
    return make_error("rules.limit",
                      prefix + "rule has more than max_nodes (" + std::to_string(limits.max_nodes) + ") values");
  }
  if (dialect == Dialect::certlogic) {
    const auto issues = validate_certlogic(rule, limits);
    if (!issues.empty()) {
      std::string message = prefix + "invalid CertLogic expression: " + issues.front().message;
      if (!issues.front().expr.is_null()) message += " in " + detail::describe(issues.front().expr);
      if (issues.size() > 1) message += " (and " + std::to_string(issues.size() - 1) + " more issues)";
      return make_error("rules.invalid", std::move(message));
    }
  }
  auto impl = std::make_shared<Program::Impl>();
  detail::Compiler compiler(limits, dialect, rule_id);
  if (!compiler.build(rule, impl->root)) return compiler.error;
  impl->rule_id = std::move(rule_id);
  impl->dialect = dialect;
  impl->limits = limits;
  impl->node_count = compiler.nodes;
  return Program(std::move(impl));
}

}  // namespace

Result<Program> compile(const nlohmann::json& rule, const LogicLimits& limits, std::string rule_id, Dialect dialect) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    return compile_impl(rule, limits, std::move(rule_id), dialect);
  } catch (const std::bad_alloc&) {
    return make_error("rules.limit", "compiling the rule ran out of memory");
  } catch (const std::exception& e) {
    return make_error("rules.invalid", std::string("compiling the rule failed: ") + e.what());
  }
#else
  return compile_impl(rule, limits, std::move(rule_id), dialect);
#endif
}

Result<Program> compile_certlogic(const nlohmann::json& rule, const LogicLimits& limits, std::string rule_id) {
  return compile(rule, limits, std::move(rule_id), Dialect::certlogic);
}

}  // namespace greenlight::rules
