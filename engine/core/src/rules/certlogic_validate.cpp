// validate_certlogic(): format validation of CertLogic expressions, following certlogic-js's validator
// (validation/format-validator.ts) issue for issue, plus the dccDateOfBirth operation it predates.
#include <string>
#include <string_view>
#include <vector>

#include "dates.hpp"
#include "greenlight/rules/logic.hpp"
#include "js.hpp"
#include "program.hpp"

namespace greenlight::rules {

namespace {

using detail::json;

class Validator {
 public:
  std::vector<ValidationIssue> issues;

  void validate(const json& expr) {
    switch (expr.type()) {
      case json::value_t::string:
      case json::value_t::boolean:
        return;
      case json::value_t::number_integer:
      case json::value_t::number_unsigned:
      case json::value_t::number_float:
        if (!detail::is_integer(expr)) {
          add(expr, detail::number_to_string(detail::number_of(expr)) + " is a non-integer number");
        }
        return;
      case json::value_t::array:
        for (const auto& item : expr) validate(item);
        return;
      case json::value_t::object:
        validate_object(expr);
        return;
      default:  // null (and binary)
        add(expr, "invalid CertLogic expression");
        return;
    }
  }

 private:
  void add(const json& expr, std::string message) { issues.push_back(ValidationIssue{expr, std::move(message)}); }

  void validate_first(const json& values, std::size_t n) {
    for (std::size_t i = 0; i < n && i < values.size(); ++i) validate(values[i]);
  }

  void validate_object(const json& expr) {
    if (expr.size() != 1) {
      add(expr, "expression object must have exactly one key, but it has " + std::to_string(expr.size()));
      return;
    }
    const std::string& op = expr.begin().key();
    const json& values = expr.begin().value();
    if (op == "var") {
      validate_var(expr, values);
      return;
    }
    if (!values.is_array()) {
      add(expr, "operation not of the form { \"<operator>\": [ <values...> ] }");
      return;
    }
    const std::size_t n = values.size();
    const std::string count = std::to_string(n);
    if (op == "if") {
      if (n != 3) add(expr, "an \"if\"-operation must have exactly 3 values/operands, but it has " + count);
      validate_first(values, 3);
    } else if (op == "and") {
      if (n < 2) add(expr, "an \"and\" operation must have at least 2 operands, but it has " + count);
      validate_first(values, n);
    } else if (op == "<" || op == ">" || op == "<=" || op == ">=" || op == "after" || op == "before" ||
               op == "not-after" || op == "not-before") {
      if (n < 2 || n > 3) {
        add(expr, "an operation with operator \"" + op + "\" must have 2 or 3 operands, but it has " + count);
      }
      validate_first(values, 3);
    } else if (op == "===" || op == "in" || op == "+") {
      if (n != 2) add(expr, "an operation with operator \"" + op + "\" must have 2 operands, but it has " + count);
      validate_first(values, 2);
    } else if (op == "!") {
      if (n == 1) validate(values[0]);
      else add(expr, "a !-operation (logical not/negation) must have exactly 1 operand, but it has " + count);
    } else if (op == "plusTime") {
      if (n != 3) add(expr, "a \"plusTime\"-operation must have exactly 3 values/operands, but it has " + count);
      if (n > 0) validate(values[0]);
      if (n > 1 && !detail::is_integer(values[1])) {
        add(expr, "\"amount\" argument (#2) of \"plusTime\" must be an integer");
      }
      if (n > 2 && !(values[2].is_string() && detail::parse_time_unit(values[2].get<std::string>()))) {
        add(expr, "\"unit\" argument (#3) of \"plusTime\" must be a string equal to one of year, month, day, hour");
      }
    } else if (op == "reduce") {
      if (n != 3) add(expr, "a \"reduce\"-operation must have exactly 3 values/operands, but it has " + count);
      validate_first(values, 3);
    } else if (op == "extractFromUVCI") {
      if (n != 2) {
        add(expr, "an \"extractFromUVCI\"-operation must have exactly 2 values/operands, but it has " + count);
      }
      if (n > 0) validate(values[0]);
      if (n > 1 && !detail::is_integer(values[1])) {
        add(expr, "\"index\" argument (#2) of \"extractFromUVCI\" must be an integer");
      }
    } else if (op == "dccDateOfBirth") {
      if (n != 1) add(expr, "a \"dccDateOfBirth\"-operation must have exactly 1 operand, but it has " + count);
      if (n > 0) validate(values[0]);
    } else {
      add(expr, "unrecognised operator: \"" + op + "\"");
    }
  }

  // A path is "" or non-empty fragments separated by single dots.
  void validate_var(const json& expr, const json& path) {
    if (!path.is_string()) {
      add(expr, "not of the form { \"var\": \"<path>\" }");
      return;
    }
    const std::string& p = path.get_ref<const std::string&>();
    if (p.empty()) return;
    bool ok = p.front() != '.' && p.back() != '.' && p.find("..") == std::string::npos;
    if (!ok) add(expr, "data access path doesn't have a valid format: " + p);
  }
};

}  // namespace

std::vector<ValidationIssue> validate_certlogic(const nlohmann::json& expr, const LogicLimits& limits) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
#endif
    const detail::Shape shape = detail::measure(expr, limits);
    if (shape.too_deep) {
      return {ValidationIssue{nullptr, "expression is nested deeper than " + std::to_string(limits.max_depth)}};
    }
    if (shape.too_many) {
      return {ValidationIssue{nullptr, "expression has more than " + std::to_string(limits.max_nodes) + " values"}};
    }
    Validator v;
    v.validate(expr);
    return std::move(v.issues);
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  } catch (const std::exception& e) {
    return {ValidationIssue{nullptr, std::string("validation failed: ") + e.what()}};
  }
#endif
}

}  // namespace greenlight::rules
