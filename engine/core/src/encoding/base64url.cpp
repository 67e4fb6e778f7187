// base64url without padding (RFC 4648 §5), strict: one spelling per value.
#include <array>

#include "greenlight/encoding.hpp"

namespace greenlight {
namespace {

constexpr std::string_view kBase64urlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<std::int8_t, 256> make_base64url_reverse() {
  std::array<std::int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (std::size_t i = 0; i < kBase64urlAlphabet.size(); ++i)
    table[static_cast<unsigned char>(kBase64urlAlphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}
constexpr auto kBase64urlReverse = make_base64url_reverse();

}  // namespace

std::string base64url_encode(ByteView data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    std::uint32_t n = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    out += kBase64urlAlphabet[(n >> 18) & 63];
    out += kBase64urlAlphabet[(n >> 12) & 63];
    out += kBase64urlAlphabet[(n >> 6) & 63];
    out += kBase64urlAlphabet[n & 63];
  }
  std::size_t rest = data.size() - i;
  if (rest == 1) {
    std::uint32_t n = data[i] << 16;
    out += kBase64urlAlphabet[(n >> 18) & 63];
    out += kBase64urlAlphabet[(n >> 12) & 63];
  } else if (rest == 2) {
    std::uint32_t n = (data[i] << 16) | (data[i + 1] << 8);
    out += kBase64urlAlphabet[(n >> 18) & 63];
    out += kBase64urlAlphabet[(n >> 12) & 63];
    out += kBase64urlAlphabet[(n >> 6) & 63];
  }
  return out;
}

namespace {

// Decodes `text` calling emit(byte) for each byte; false on a character outside the alphabet, an
// impossible length, or non-zero leftover bits (which would give two spellings of the same bytes).
template <typename Emit>
bool decode(std::string_view text, Emit&& emit) {
  if (text.size() % 4 == 1) return false;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char ch : text) {
    int v = kBase64urlReverse[static_cast<unsigned char>(ch)];
    if (v < 0) return false;
    acc = ((acc << 6) | static_cast<std::uint32_t>(v)) & 0xFFFFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      emit(static_cast<std::uint8_t>((acc >> bits) & 0xFF));
    }
  }
  return !(bits > 0 && (acc & ((1u << bits) - 1)) != 0);
}

}  // namespace

std::optional<Bytes> base64url_decode(std::string_view text) {
  Bytes out;
  out.reserve(text.size() / 4 * 3 + 2);
  if (!decode(text, [&](std::uint8_t b) { out.push_back(b); })) return std::nullopt;
  return out;
}

bool base64url_decode_to(std::string_view text, std::span<std::uint8_t> out) {
  if (text.size() != (out.size() * 4 + 2) / 3) return false;
  std::size_t n = 0;
  return decode(text, [&](std::uint8_t b) { out[n++] = b; }) && n == out.size();
}

}  // namespace greenlight
