// Private: the JavaScript semantics JsonLogic inherits from json-logic-js (ToNumber, ToString, parseFloat,
// Number::toString, ==, ===, relational comparison, UTF-16 string indexing).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "program.hpp"
#include "value.hpp"

namespace greenlight::rules::detail {

// ---- numbers (js_numbers.cpp) ----

// JavaScript Number::toString(10): "1", "0.5", "-3.25", "1e+21", "1.5e-7", "NaN", "Infinity".
std::string number_to_string(double d);
// JavaScript ToNumber(string): trims white space, "" -> 0, decimal / 0x / 0o / 0b / Infinity, else NaN.
double string_to_number(std::string_view s);
// JavaScript parseFloat(string): the longest decimal prefix after leading white space, else NaN.
double parse_float(std::string_view s);
// A JSON number for a JS number: integral values within 2^53 become integers (so 3 prints as 3, not 3.0);
// -0 stays a float so that its sign survives (1 / -0 is -Infinity).
json make_number(double d);
// The value of a JSON number as a double (for non-numbers: NaN).
double number_of(const json& j);
// CertLogic/JS Number.isInteger on a JSON value.
bool is_integer(const json& j);

// ---- coercions (js_coerce.cpp) ----

// JavaScript ToString, appended to `out`. Arrays join their elements with ",", null/undefined elements as "";
// objects are "[object Object]"; date-times their ISO string. false (and c.failed) if a limit is hit.
bool append_js_string(const Value& v, Ctx& c, std::string& out);
bool append_js_string(const json& j, Ctx& c, std::string& out);
// JavaScript ToNumber (via ToPrimitive for arrays and objects; a date-time is its millisecond time value).
double to_number(const Value& v, Ctx& c);
// parseFloat(String(v)), as json-logic-js's + and * do.
double to_float_for_add(const Value& v, Ctx& c);
// JsonLogic truthiness (json-logic-js `truthy`): JS !!value, except [] is falsy. Date-times are truthy.
bool js_truthy(const Value& v);

// ---- comparisons (js_compare.cpp) ----

// JavaScript ===: same type and value; arrays and objects only when they are the same borrowed value.
bool strict_equal(const Value& a, const Value& b);
// a === element, where `element` lives inside an array (for `in`).
bool strict_equal(const Value& a, const json& element);
// JavaScript == (Abstract Equality).
bool loose_equal(const Value& a, const Value& b, Ctx& c);

enum class Order { less, equal, greater, unordered };
// JavaScript Abstract Relational Comparison: ToPrimitive (hint number), strings by UTF-16 code units,
// otherwise numerically; NaN gives unordered.
Order js_compare(const Value& a, const Value& b, Ctx& c);

// ---- strings (js_strings.cpp) ----

bool is_ascii(std::string_view s);
// Decodes one code point at s[i] (strict: overlong forms, surrogates and truncated sequences give U+FFFD
// and consume one byte); returns the bytes consumed.
std::size_t decode_utf8_at(std::string_view s, std::size_t i, char32_t& cp);
std::u16string to_utf16(std::string_view utf8);     // invalid UTF-8 bytes become U+FFFD
std::string from_utf16(std::u16string_view utf16);  // lone surrogates become U+FFFD
std::size_t utf16_length(std::string_view utf8);
// Compares two UTF-8 strings in UTF-16 code unit order (JavaScript's string order). <0, 0, >0.
int compare_utf16_order(std::string_view a, std::string_view b);
// String.prototype.substr(start, length) on UTF-16 code units; has_length false means "to the end".
std::string js_substr(std::string_view s, double start, bool has_length, double length);
// The UTF-16 code unit at index i as a one-unit string (JS "abc"[1]); empty optional-like: returns false if out
// of range.
bool js_char_at(std::string_view s, std::int64_t i, std::string& out);

}  // namespace greenlight::rules::detail
