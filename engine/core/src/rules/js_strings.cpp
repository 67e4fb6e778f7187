// JavaScript strings are UTF-16: lengths, indexes, substr and ordering count UTF-16 code units. JSON strings here
// are UTF-8, so these helpers convert where it matters (ASCII strings take byte-wise fast paths).
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "js.hpp"

namespace greenlight::rules::detail {

// Decodes one code point; invalid or truncated sequences give U+FFFD and consume one byte.
std::size_t decode_utf8_at(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) len = 2, min = 0x80;
  else if (b0 >= 0xE0 && b0 <= 0xEF) len = 3, min = 0x800;
  else if (b0 >= 0xF0 && b0 <= 0xF4) len = 4, min = 0x10000;
  if (len == 0 || i + len > s.size()) {
    cp = 0xFFFD;
    return 1;
  }
  char32_t v = b0 & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      cp = 0xFFFD;
      return 1;
    }
    v = (v << 6) | (b & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    cp = 0xFFFD;
    return 1;
  }
  cp = v;
  return len;
}

namespace {

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// ToIntegerOrInfinity for substr arguments.
double to_integer(double d) {
  if (std::isnan(d)) return 0;
  return std::trunc(d);
}

}  // namespace

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
}

std::u16string to_utf16(std::string_view utf8) {
  std::u16string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    i += decode_utf8_at(utf8, i, cp);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

std::string from_utf16(std::u16string_view utf16) {
  std::string out;
  out.reserve(utf16.size());
  for (std::size_t i = 0; i < utf16.size(); ++i) {
    char32_t u = utf16[i];
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < utf16.size() && utf16[i + 1] >= 0xDC00 && utf16[i + 1] <= 0xDFFF) {
      u = 0x10000 + ((u - 0xD800) << 10) + (utf16[i + 1] - 0xDC00);
      ++i;
    } else if (u >= 0xD800 && u <= 0xDFFF) {
      u = 0xFFFD;
    }
    encode(u, out);
  }
  return out;
}

std::size_t utf16_length(std::string_view utf8) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    i += decode_utf8_at(utf8, i, cp);
    n += cp >= 0x10000 ? 2 : 1;
  }
  return n;
}

int compare_utf16_order(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  // Compare code point by code point, each keyed by its UTF-16 units (lead surrogates 0xD800..0xDBFF sort
  // below 0xE000..0xFFFF, unlike code point order).
  auto key = [](char32_t cp) -> std::uint32_t {
    if (cp >= 0x10000) {
      const auto x = static_cast<std::uint32_t>(cp - 0x10000);
      return (0xD800u + (x >> 10)) * 0x10000u + (0xDC00u + (x & 0x3FFu));
    }
    return static_cast<std::uint32_t>(cp) * 0x10000u;
  };
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j] && static_cast<unsigned char>(a[i]) < 0x80) {
      ++i, ++j;
      continue;
    }
    char32_t ca = 0;
    char32_t cb = 0;
    i += decode_utf8_at(a, i, ca);
    j += decode_utf8_at(b, j, cb);
    if (ca != cb) {
      const auto ka = key(ca);
      const auto kb = key(cb);
      return ka < kb ? -1 : 1;
    }
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

std::string js_substr(std::string_view s, double start_arg, bool has_length, double length_arg) {
  const bool ascii = is_ascii(s);
  std::u16string wide;
  if (!ascii) wide = to_utf16(s);
  const double size = ascii ? static_cast<double>(s.size()) : static_cast<double>(wide.size());
  double start = to_integer(start_arg);
  if (start < 0) start = std::max(size + start, 0.0);
  start = std::min(start, size);
  double length = has_length ? to_integer(length_arg) : size - start;
  length = std::min(std::max(length, 0.0), size - start);
  const auto b = static_cast<std::size_t>(start);
  const auto n = static_cast<std::size_t>(length);
  if (ascii) return std::string(s.substr(b, n));
  return from_utf16(std::u16string_view(wide).substr(b, n));
}

bool js_char_at(std::string_view s, std::int64_t i, std::string& out) {
  if (i < 0) return false;
  const auto index = static_cast<std::size_t>(i);
  if (is_ascii(s)) {
    if (index >= s.size()) return false;
    out.assign(1, s[index]);
    return true;
  }
  const std::u16string wide = to_utf16(s);
  if (index >= wide.size()) return false;
  out = from_utf16(std::u16string_view(wide).substr(index, 1));
  return true;
}

}  // namespace greenlight::rules::detail
