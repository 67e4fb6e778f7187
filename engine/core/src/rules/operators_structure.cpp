// Literals and arrays of expressions. Constant arrays are folded into literals at compile time, so eval_array only
// runs for arrays that contain logic ([1, {"var": "x"}, 3]).
#include <utility>

#include "operators.hpp"

namespace greenlight::rules::detail {

Value eval_literal(const Node& n, Ctx&, const Scope&) { return Value::borrow(n.literal); }

Value eval_array(const Node& n, Ctx& c, const Scope& s) {
  if (!c.charge(kSlotBytes * (n.args.size() + 1))) return Value{};
  json out = json::array();
  out.get_ref<json::array_t&>().reserve(n.args.size());
  for (const Node& arg : n.args) {
    Value v = eval(arg, c, s);
    if (c.failed) return Value{};
    out.push_back(to_json(std::move(v), c));
    if (c.failed) return Value{};
  }
  return Value::own(std::move(out));
}

}  // namespace greenlight::rules::detail
