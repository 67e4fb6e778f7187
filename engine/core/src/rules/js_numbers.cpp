// JavaScript number <-> string conversions: Number::toString, ToNumber(string), parseFloat.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

#include "js.hpp"

namespace greenlight::rules::detail {

namespace {

constexpr double kMaxSafe = 9007199254740992.0;  // 2^53

// JavaScript WhiteSpace and LineTerminator code points (what String.prototype.trim removes).
bool is_js_space(char32_t c) {
  switch (c) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

std::string_view trim_start(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    const std::size_t n = decode_utf8_at(s, i, cp);
    if (!is_js_space(cp)) break;
    i += n;
  }
  return s.substr(i);
}

std::string_view trim(std::string_view s) {
  s = trim_start(s);
  // Trailing: step back over whole code points. All JS white space is ASCII or a 2/3-byte sequence.
  while (!s.empty()) {
    std::size_t start = s.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && s.size() - start < 4) --start;
    char32_t cp = 0;
    const std::size_t n = decode_utf8_at(s, start, cp);
    if (start + n != s.size() || !is_js_space(cp)) break;
    s.remove_suffix(n);
  }
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of the StrUnsignedDecimalLiteral (without Infinity) at the start of s; 0 if there is none.
std::size_t decimal_prefix(std::string_view s) {
  std::size_t i = 0;
  std::size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    std::size_t exp_digits = 0;
    while (j < s.size() && is_digit(s[j])) ++j, ++exp_digits;
    if (exp_digits > 0) i = j;
  }
  return i;
}

double strtod_c(std::string_view s) {
  const std::string copy(s);
  return std::strtod(copy.c_str(), nullptr);
}

double radix_value(std::string_view digits, int radix) {
  if (digits.empty()) return std::numeric_limits<double>::quiet_NaN();
  double v = 0;
  for (char ch : digits) {
    int d = -1;
    if (ch >= '0' && ch <= '9') d = ch - '0';
    else if (ch >= 'a' && ch <= 'z') d = ch - 'a' + 10;
    else if (ch >= 'A' && ch <= 'Z') d = ch - 'A' + 10;
    if (d < 0 || d >= radix) return std::numeric_limits<double>::quiet_NaN();
    v = v * radix + d;
  }
  return v;
}

}  // namespace

std::string number_to_string(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return "0";  // also -0
  if (d == std::trunc(d) && std::fabs(d) < kMaxSafe) {
    return std::to_string(static_cast<long long>(d));
  }
  std::string sign;
  if (d < 0) {
    sign = "-";
    d = -d;
  }
  // Shortest decimal digits that round-trip (what Number::toString picks).
  char buf[40];
  int precision = 1;
  for (; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  if (precision > 17) precision = 17;
  std::snprintf(buf, sizeof buf, "%.*e", precision - 1, d);
  // buf is "D.DDDDe[+-]XX" (or "De[+-]XX").
  std::string digits;
  const char* p = buf;
  for (; *p != 'e'; ++p) {
    if (*p != '.') digits.push_back(*p);
  }
  const int exponent = std::atoi(p + 1);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // value = 0.digits * 10^n
  std::string out = sign;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += (n - 1 >= 0) ? '+' : '-';
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

double string_to_number(std::string_view s) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  s = trim(s);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0') {
    const char x = s[1];
    if (x == 'x' || x == 'X') return radix_value(s.substr(2), 16);
    if (x == 'o' || x == 'O') return radix_value(s.substr(2), 8);
    if (x == 'b' || x == 'B') return radix_value(s.substr(2), 2);
  }
  std::string_view body = s;
  bool negative = false;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "Infinity") return negative ? -HUGE_VAL : HUGE_VAL;
  const std::size_t len = decimal_prefix(body);
  if (len == 0 || len != body.size()) return nan;
  return strtod_c(s);
}

double parse_float(std::string_view s) {
  s = trim_start(s);
  std::string_view body = s;
  bool negative = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body.substr(0, 8) == "Infinity") return negative ? -HUGE_VAL : HUGE_VAL;
  const std::size_t len = decimal_prefix(body);
  if (len == 0) return std::numeric_limits<double>::quiet_NaN();
  return strtod_c(s.substr(0, len + (s.size() - body.size())));
}

json make_number(double d) {
  if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) <= kMaxSafe && !(d == 0 && std::signbit(d))) {
    return json(static_cast<std::int64_t>(d));
  }
  return json(d);  // fractions, NaN, infinities, and -0 (1 / -0 is -Infinity)
}

double number_of(const json& j) {
  switch (j.type()) {
    case json::value_t::number_integer:
      return static_cast<double>(j.get_ref<const json::number_integer_t&>());
    case json::value_t::number_unsigned:
      return static_cast<double>(j.get_ref<const json::number_unsigned_t&>());
    case json::value_t::number_float:
      return j.get_ref<const json::number_float_t&>();
    default:
      return std::numeric_limits<double>::quiet_NaN();
  }
}

bool is_integer(const json& j) {
  if (j.is_number_integer()) return true;  // signed or unsigned
  if (j.is_number_float()) {
    const double d = j.get_ref<const json::number_float_t&>();
    return std::isfinite(d) && d == std::trunc(d);
  }
  return false;
}

}  // namespace greenlight::rules::detail
