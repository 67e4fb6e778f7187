// Evaluation driver: Program::evaluate, the per-evaluation limit accounting, and turning values into JSON.
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "dates.hpp"
#include "program.hpp"

namespace greenlight::rules {

namespace detail {

std::string rule_prefix(const std::string& rule_id) {
  if (rule_id.empty()) return {};
  return "rule " + rule_id + ": ";
}

Value Ctx::invalid(const Node& n, std::string_view message) {
  if (!failed) {
    failed = true;
    error = make_error("rules.invalid", rule_prefix(program.rule_id) + "\"" + n.name + "\": " + std::string(message));
  }
  return Value{};
}

Value Ctx::limit(std::string_view what, std::size_t bound) {
  if (!failed) {
    failed = true;
    error = make_error("rules.limit", rule_prefix(program.rule_id) + "evaluation exceeds the limit on " +
                                          std::string(what) + " (" + std::to_string(bound) + ")");
  }
  return Value{};
}

bool Ctx::tick_iteration() {
  if (++iterations > limits.max_iterations) {
    limit("iterations", limits.max_iterations);
    return false;
  }
  return true;
}

bool Ctx::charge(std::size_t bytes) {
  if (bytes > limits.max_materialized_bytes - materialized) {  // materialized <= max always: no overflow
    limit("materialized bytes", limits.max_materialized_bytes);
    return false;
  }
  materialized += bytes;
  return true;
}

bool Ctx::charge_string(std::size_t bytes) {
  if (bytes > limits.max_string_bytes) {
    limit("string bytes", limits.max_string_bytes);
    return false;
  }
  return charge(bytes + kSlotBytes);
}

bool charge_copy(Ctx& c, const json& j) {
  if (j.is_string()) return c.charge(kSlotBytes + j.get_ref<const std::string&>().size());
  if (!j.is_array() && !j.is_object()) return c.charge(kSlotBytes);
  // Iterative walk: `data` may be nested deeper than the stack could take.
  std::vector<std::pair<const json*, std::size_t>> stack;
  stack.emplace_back(&j, 1);
  std::size_t pending = 0;
  while (!stack.empty()) {
    const auto [v, depth] = stack.back();
    stack.pop_back();
    pending += kSlotBytes;
    if (v->is_string()) {
      pending += v->get_ref<const std::string&>().size();
    } else if (v->is_array() || v->is_object()) {
      if (depth > c.limits.max_value_depth) {
        c.limit("value depth", c.limits.max_value_depth);
        return false;
      }
      if (v->is_object()) {
        for (auto it = v->begin(); it != v->end(); ++it) {
          pending += it.key().size();
          stack.emplace_back(&it.value(), depth + 1);
        }
      } else {
        for (const auto& element : *v) stack.emplace_back(&element, depth + 1);
      }
    }
    if (pending >= 4096) {
      if (!c.charge(pending)) return false;
      pending = 0;
    }
  }
  return c.charge(pending);
}

json to_json(Value&& v, Ctx& c) {
  switch (v.kind()) {
    case Value::Kind::datetime: {
      std::string s = format_iso(v.millis());
      if (!c.charge_string(s.size())) return json();
      return json(std::move(s));
    }
    case Value::Kind::owned:
    case Value::Kind::undefined:
      return v.release();
    case Value::Kind::borrowed:
    default:
      if (!charge_copy(c, v.get())) return json();
      return v.get();
  }
}

}  // namespace detail

namespace {

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
Error internal_error(const std::string& rule_id, const char* what) {
  return make_error("rules.invalid", detail::rule_prefix(rule_id) + "evaluation failed: " + what);
}
#endif

Result<nlohmann::json> run(const Program::Impl& impl, const nlohmann::json& data) {
  detail::Ctx ctx(impl);
  detail::Scope scope;
  scope.data = &data;
  detail::Value v = detail::eval(impl.root, ctx, scope);
  if (ctx.failed) return ctx.error;
  nlohmann::json out = detail::to_json(std::move(v), ctx);
  if (ctx.failed) return ctx.error;
  return out;
}

}  // namespace

Result<nlohmann::json> Program::evaluate(const nlohmann::json& data) const {
  if (!impl_) return make_error("rules.invalid", "evaluation of an empty (default-constructed) rules::Program");
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    return run(*impl_, data);
  } catch (const std::bad_alloc&) {
    return make_error("rules.limit", detail::rule_prefix(impl_->rule_id) + "evaluation ran out of memory");
  } catch (const std::exception& e) {
    return internal_error(impl_->rule_id, e.what());
  } catch (...) {
    return internal_error(impl_->rule_id, "unknown exception");
  }
#else
  return run(*impl_, data);
#endif
}

const std::string& Program::rule_id() const {
  static const std::string kEmpty;
  return impl_ ? impl_->rule_id : kEmpty;
}

Dialect Program::dialect() const { return impl_ ? impl_->dialect : Dialect::jsonlogic; }

std::size_t Program::node_count() const { return impl_ ? impl_->node_count : 0; }

const LogicLimits& Program::limits() const {
  static const LogicLimits kDefaults;
  return impl_ ? impl_->limits : kDefaults;
}

}  // namespace greenlight::rules
