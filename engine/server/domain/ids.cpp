// Random identifiers, tokens and one-time codes (libsodium's randombytes).
#include <string>

#include "greenlight/crypto.hpp"
#include "greenlight/encoding.hpp"
#include "impl.hpp"

namespace greenlight::service {
namespace {

// Crockford-like alphabet without 0/1/I/O: readable aloud and on paper.
constexpr std::string_view kReadable = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

std::string readable(std::size_t length) {
  std::string out;
  for (std::size_t i = 0; i < length; ++i)
    out += kReadable[random_uniform(static_cast<std::uint32_t>(kReadable.size()))];
  return out;
}

}  // namespace

std::string new_id(std::string_view prefix) {
  std::string id(prefix);
  for (char c : readable(16)) id += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return id;
}

std::string new_token() { return base64url_encode(random_bytes(32)); }

std::string token_hash(std::string_view token) {
  auto digest = sha256(as_bytes(token));
  return base64url_encode(ByteView(digest.data(), digest.size()));
}

std::string new_subject() { return base64url_encode(random_bytes(16)); }

std::string new_declaration_code() {
  auto raw = readable(12);
  return raw.substr(0, 4) + "-" + raw.substr(4, 4) + "-" + raw.substr(8, 4);
}

std::string normalize_declaration_code(std::string_view input) {
  std::string raw;
  for (char c : input) {
    if (c == '-' || c == ' ') continue;
    raw += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  if (raw.size() != 12) return raw;
  return raw.substr(0, 4) + "-" + raw.substr(4, 4) + "-" + raw.substr(8, 4);
}

std::string new_otp() {
  auto n = random_uniform(1000000);
  std::string digits = std::to_string(n);
  return std::string(6 - digits.size(), '0') + digits;
}

}  // namespace greenlight::service
