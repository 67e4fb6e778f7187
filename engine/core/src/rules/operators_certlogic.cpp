// CertLogic's domain operators: plusTime, dccDateOfBirth, extractFromUVCI, and the date-time comparisons after,
// before, not-after, not-before (2 operands, or 3 for "between"). Same meaning in both dialects.
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "dates.hpp"
#include "js.hpp"
#include "operators.hpp"

namespace greenlight::rules::detail {

namespace {

// The integer in an operand that is fixed at compile time in CertLogic but may be computed in JsonLogic.
bool integer_operand(const Node& n, std::size_t i, Ctx& c, const Scope& s, std::int64_t& out) {
  if (n.static_args) {
    out = n.int_arg;
    return true;
  }
  Value v = eval_arg(n, i, c, s);
  if (c.failed) return false;
  if (v.is_datetime() || !is_integer(v.get()) || std::abs(number_of(v.get())) > 9007199254740992.0) {
    c.invalid(n, "operand #" + std::to_string(i + 1) + " must be an integer");
    return false;
  }
  out = static_cast<std::int64_t>(number_of(v.get()));
  return true;
}

}  // namespace

// {"plusTime": [<date(-time) string>, <integer amount>, "year" | "month" | "day" | "hour"]}
Value eval_plus_time(const Node& n, Ctx& c, const Scope& s) {
  Value date = eval_arg(n, 0, c, s);
  if (c.failed) return Value{};
  std::int64_t amount = 0;
  TimeUnit unit = n.unit;
  if (!integer_operand(n, 1, c, s, amount)) return Value{};
  if (!n.static_args) {
    Value u = eval_arg(n, 2, c, s);
    if (c.failed) return Value{};
    const auto parsed = u.is_string() ? parse_time_unit(u.get().get_ref<const std::string&>()) : std::nullopt;
    if (!parsed) return c.invalid(n, "the time unit must be one of \"year\", \"month\", \"day\", \"hour\"");
    unit = *parsed;
  }
  if (!date.is_string()) return c.invalid(n, "the date argument must be a string");
  const std::string& text = date.get().get_ref<const std::string&>();
  const auto ms = parse_datetime(text);
  if (!ms) return c.invalid(n, "not an allowed date or date-time: " + describe(date.get()));
  const auto result = plus_time(*ms, amount, unit);
  if (!result) return c.invalid(n, "the resulting date-time is out of range");
  return Value::datetime(*result);
}

// {"dccDateOfBirth": [<"YYYY" | "YYYY-MM" | "YYYY-MM-DD">]}: the last date-time consistent with it.
Value eval_dcc_date_of_birth(const Node& n, Ctx& c, const Scope& s) {
  Value dob = eval_arg(n, 0, c, s);
  if (c.failed) return Value{};
  if (!dob.is_string()) return c.invalid(n, "the operand must be a string");
  const auto ms = parse_date_of_birth(dob.get().get_ref<const std::string&>());
  if (!ms) return c.invalid(n, "not a DCC date of birth: " + describe(dob.get()));
  return Value::datetime(*ms);
}

// {"extractFromUVCI": [<string or null>, <integer index>]}: fragment `index` of the UCI (optional "URN:UVCI:"
// prefix dropped, split at '/', '#' and ':'), or null.
Value eval_extract_from_uvci(const Node& n, Ctx& c, const Scope& s) {
  Value uvci = eval_arg(n, 0, c, s);
  if (c.failed) return Value{};
  std::int64_t index = 0;
  if (!integer_operand(n, 1, c, s, index)) return Value{};
  if (uvci.is_null()) return Value{};
  if (!uvci.is_string()) return c.invalid(n, "the UCI operand must be a string or null");
  if (index < 0) return Value{};
  std::string_view text = uvci.get().get_ref<const std::string&>();
  constexpr std::string_view kPrefix = "URN:UVCI:";
  if (text.substr(0, kPrefix.size()) == kPrefix) text.remove_prefix(kPrefix.size());
  std::int64_t fragment = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/' || text[i] == '#' || text[i] == ':') {
      if (fragment == index) return Value::own(json(std::string(text.substr(start, i - start))));
      ++fragment;
      start = i + 1;
    }
  }
  return Value{};
}

namespace {

enum class DateRel { after, before, not_after, not_before };

template <DateRel R>
bool date_holds(std::int64_t a, std::int64_t b) {
  if constexpr (R == DateRel::after) return a > b;
  if constexpr (R == DateRel::before) return a < b;
  if constexpr (R == DateRel::not_after) return a <= b;
  return a >= b;
}

template <DateRel R>
Value compare_dates(const Node& n, Ctx& c, const Scope& s) {
  std::int64_t t[3] = {0, 0, 0};
  std::size_t count = 0;
  for (const Node& arg : n.args) {  // 2 or 3 operands (checked at compile time)
    Value v = eval(arg, c, s);
    if (c.failed) return Value{};
    if (!v.is_datetime()) return c.invalid(n, "all operands of a date-time comparison must be date-times");
    t[count++] = v.millis();
  }
  const bool result = date_holds<R>(t[0], t[1]) && (count < 3 || date_holds<R>(t[1], t[2]));
  return Value::boolean(result);
}

}  // namespace

Value eval_after(const Node& n, Ctx& c, const Scope& s) { return compare_dates<DateRel::after>(n, c, s); }
Value eval_before(const Node& n, Ctx& c, const Scope& s) { return compare_dates<DateRel::before>(n, c, s); }
Value eval_not_after(const Node& n, Ctx& c, const Scope& s) { return compare_dates<DateRel::not_after>(n, c, s); }
Value eval_not_before(const Node& n, Ctx& c, const Scope& s) { return compare_dates<DateRel::not_before>(n, c, s); }

}  // namespace greenlight::rules::detail
