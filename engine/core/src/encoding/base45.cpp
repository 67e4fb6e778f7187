// Base45, RFC 9285: pairs of bytes become three characters, a trailing byte two.
#include <array>

#include "greenlight/encoding.hpp"

namespace greenlight {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

constexpr std::array<std::int8_t, 256> make_reverse() {
  std::array<std::int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i)
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}
constexpr auto kReverse = make_reverse();

}  // namespace

std::string base45_encode(ByteView data) {
  std::string out;
  out.reserve(data.size() / 2 * 3 + 2);
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2) {
    unsigned n = data[i] * 256u + data[i + 1];
    out += kAlphabet[n % 45];
    out += kAlphabet[(n / 45) % 45];
    out += kAlphabet[n / 2025];
  }
  if (i < data.size()) {
    unsigned n = data[i];
    out += kAlphabet[n % 45];
    out += kAlphabet[n / 45];
  }
  return out;
}

Result<Bytes> base45_decode(std::string_view text) {
  if (text.size() % 3 == 1) return make_error("format.base45", "Base45 length leaves a single character");
  Bytes out;
  out.reserve(text.size() / 3 * 2 + 1);
  auto digit = [&](std::size_t pos, int& value) {
    value = kReverse[static_cast<unsigned char>(text[pos])];
    return value >= 0;
  };
  std::size_t i = 0;
  for (; i + 2 < text.size(); i += 3) {
    int c, d, e;
    if (!digit(i, c) || !digit(i + 1, d) || !digit(i + 2, e))
      return make_error("format.base45", "character outside the Base45 alphabet near position " + std::to_string(i));
    unsigned n = static_cast<unsigned>(c + d * 45 + e * 2025);
    if (n > 0xFFFF) return make_error("format.base45", "Base45 triplet above 65535 at position " + std::to_string(i));
    out.push_back(static_cast<std::uint8_t>(n >> 8));
    out.push_back(static_cast<std::uint8_t>(n & 0xFF));
  }
  if (i < text.size()) {
    int c, d;
    if (!digit(i, c) || !digit(i + 1, d))
      return make_error("format.base45", "character outside the Base45 alphabet near position " + std::to_string(i));
    unsigned n = static_cast<unsigned>(c + d * 45);
    if (n > 0xFF) return make_error("format.base45", "Base45 final pair above 255");
    out.push_back(static_cast<std::uint8_t>(n));
  }
  return out;
}

}  // namespace greenlight
