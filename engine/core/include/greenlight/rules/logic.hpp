// JsonLogic / CertLogic rule engine: compile a rule once into an immutable Program, evaluate it many times.
//
//   auto program = greenlight::rules::compile(rule_json, {}, "VR-EU-0001", Dialect::certlogic);
//   if (!program) { /* program.error().code == "rules.invalid" or "rules.limit" */ }
//   auto result = program->evaluate(data_json);   // Result<nlohmann::json>
//
// Design (in the spirit of cel-cpp): compile() validates the rule, bounds its size and nesting, resolves every
// operator to a function pointer and pre-splits literal `var` paths. The resulting Program is a cheap handle to a
// shared immutable node tree: copy it freely and evaluate it concurrently from many threads. Evaluation state
// (limit counters, scratch values) lives on the caller's stack; `data` is read in place, never copied, except for
// the parts that end up in the result.
//
// No exception leaves this API: every failure is a greenlight::Error value.
//
// Error codes
//   rules.invalid  the rule is malformed: not JSON-shaped like a rule, unknown operator, wrong operand count
//                  or type where that is fixed by the rule text, non-integer/`null` literal in CertLogic, ...
//                  In the CertLogic dialect a type mismatch found while evaluating (e.g. `in` on a non-array,
//                  `<` on non-integers, an unparsable date) is reported with this code too: the CertLogic
//                  specification defines such expressions as invalid. Messages name the rule id when given.
//   rules.limit    a LogicLimits bound was exceeded, at compile time (depth, nodes) or while evaluating
//                  (iterations, operations, string size, materialized bytes, value depth).
//
// Dialects
//   Dialect::jsonlogic  semantics of json-logic-js (the reference implementation of jsonlogic.com): JavaScript
//                       loose `==`, string/number coercion, JS number formatting in `cat`, `var` with defaults,
//                       multi-branch `if`, map/filter/reduce/all/none/some, missing/missing_some, ... Literal
//                       objects that do not have exactly one key are passed through as data. The CertLogic
//                       extension operators (plusTime, after, before, not-after, not-before, extractFromUVCI,
//                       dccDateOfBirth) are available too, with their CertLogic meaning; their operands are
//                       evaluated like any other JsonLogic operands.
//   Dialect::certlogic  CertLogic 1.3.3 (EU DCC business rules): only var, if (3 operands), ===, and, <, >, <=,
//                       >=, in, +, !, after, before, not-after, not-before, plusTime, reduce, extractFromUVCI,
//                       dccDateOfBirth. compile() runs validate_certlogic() first, so every rule that compiles is
//                       valid CertLogic. Truthiness is CertLogic's (values can be neither truthy nor falsy, which
//                       is an evaluation error where a boolean decision is needed), `in` needs an array, `+` and
//                       comparisons need integers, `reduce` on null gives the initial value.
//   The dialect is an explicit compile option (never inferred): the same JSON can mean different things.
//
// Date-times (both dialects) are internal values produced by plusTime and dccDateOfBirth, with millisecond
// precision, in UTC. When a date-time has to become JSON (it is the rule's result, or is put into an array) it is
// written as an ISO 8601 string like JavaScript's Date.toISOString(): "2021-06-01T00:00:00.000Z".
// Inputs that the CertLogic spec leaves undefined (impossible dates such as "2021-02-30", years outside
// JavaScript's Date range) are evaluation errors (rules.invalid).
//
// Deliberate differences from the reference implementations (json-logic-js 2.0.5, certlogic-js 1.2.2):
//   - {"*": []} and {"missing_some": [n]} are rejected at compile time (json-logic-js throws only if evaluated).
//   - Method calls ({"obj.method": ...}, json-logic-js's add_operation) do not exist.
//   - Strings are UTF-8: a substr that splits a surrogate pair yields U+FFFD, not a lone surrogate.
//   - JavaScript `undefined` inside an array becomes null.
//   - `var` sees only JSON data: no JavaScript prototype properties ("constructor", "toString", ...); the
//     JavaScript-visible "length" of arrays and strings and string indexes are supported.
//   - CertLogic truthiness follows the specification: a non-integer number (only possible in data) is neither
//     truthy nor falsy, where certlogic-js treats 1.5 as truthy.
//   - In JsonLogic, a date-time's string form is its ISO string (JavaScript would use Date.toString()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "greenlight/error.hpp"

namespace greenlight::rules {

enum class Dialect {
  jsonlogic,  // json-logic-js semantics (+ CertLogic's extra operators)
  certlogic,  // CertLogic 1.3.3 subset of JsonLogic, validated at compile time
};

// Bounds that keep compile() and evaluate() finite and small, whatever the rule and the data. Exceeding any of
// them gives Error{"rules.limit", ...}. The defaults are generous for EU DCC business rules (a few hundred
// nodes, a handful of iterations) and safe for an untrusted rule.
struct LogicLimits {
  // Compile time.
  std::size_t max_depth = 64;     // nesting of JSON arrays/objects in the rule. compile() and evaluate()
                                  // recurse at most once per level, so this also bounds their stack use
                                  // (well under 1 KiB per level); keep it in the hundreds at most.
  std::size_t max_nodes = 10000;  // JSON values in the rule, counting every literal element
  // Evaluation time, per call of Program::evaluate().
  std::size_t max_iterations = 100000;                       // lambda runs of map/filter/reduce/all/none/some, in total
  std::size_t max_operations = 2000000;                      // node evaluations, in total
  std::size_t max_string_bytes = 64 * 1024;                  // size of any string the rule builds (cat, substr, ...)
  std::size_t max_materialized_bytes = 32u * 1024u * 1024u;  // approximate bytes of JSON the evaluation creates
                                                             // or copies out of `data`, in total
  std::size_t max_value_depth = 256;  // nesting of any value copied out of or stringified from `data`
};

// An immutable compiled rule. Cheap to copy (shared node tree); evaluate() is const and thread-safe.
class Program {
 public:
  struct Impl;

  Program() = default;  // empty: evaluate() returns a rules.invalid error
  explicit Program(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}  // used by compile()

  // Evaluates the rule against `data` (which is only read, and may be any JSON value, including null).
  // A date-time result is returned as an ISO 8601 string (see above).
  Result<nlohmann::json> evaluate(const nlohmann::json& data) const;

  bool empty() const { return impl_ == nullptr; }
  const std::string& rule_id() const;
  Dialect dialect() const;
  std::size_t node_count() const;  // compiled nodes (constant sub-arrays are folded into one node)
  const LogicLimits& limits() const;

 private:
  std::shared_ptr<const Impl> impl_;
};

// Compiles `rule`. `rule_id` is only used in error messages ("rule VR-EU-0001: unknown operator ...").
// The limits are stored in the Program and apply to every evaluation of it.
Result<Program> compile(const nlohmann::json& rule, const LogicLimits& limits = {}, std::string rule_id = "",
                        Dialect dialect = Dialect::jsonlogic);

// Same as compile(rule, limits, rule_id, Dialect::certlogic).
Result<Program> compile_certlogic(const nlohmann::json& rule, const LogicLimits& limits = {}, std::string rule_id = "");

// JsonLogic truthiness (json-logic-js `truthy`): JavaScript's, except that [] is falsy.
// Falsy: false, null, 0, NaN, "", []. Everything else is truthy, including {} and "0".
bool truthy(const nlohmann::json& value);

// CertLogic truthiness. Falsy: false, null, "", 0, [], {}. Truthy: true, non-empty strings, non-zero integers,
// non-empty arrays, non-empty objects. Anything else (non-integer numbers; date-times inside the evaluator) is
// neither, which CertLogic's if / and / ! treat as an error.
enum class Truthiness { falsy, truthy, neither };
Truthiness certlogic_truthiness(const nlohmann::json& value);

// One problem found by validate_certlogic(): the offending (sub-)expression and a description.
// The messages follow certlogic-js's validator where it has one, but only the number of issues is meant to be
// stable.
struct ValidationIssue {
  nlohmann::json expr;
  std::string message;
};

// Checks that `expr` is a well-formed CertLogic expression: the format validation of certlogic-js 1.2.2
// (validateFormat), issue for issue, including dccDateOfBirth. Returns no issues for a valid expression.
// Never throws; an expression nested deeper than `limits.max_depth` or with more than `limits.max_nodes` values
// gives a single issue whose expr is null (so no deep copy is made).
std::vector<ValidationIssue> validate_certlogic(const nlohmann::json& expr, const LogicLimits& limits = {});

}  // namespace greenlight::rules
