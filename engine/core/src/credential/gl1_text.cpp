// GL1 text forms: bare "GL1:..." and URL-with-fragment.
#include "greenlight/gl1_text.hpp"

#include "greenlight/encoding.hpp"

namespace greenlight {
namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool is_http_url(std::string_view s) { return starts_with_ci(s, "https://") || starts_with_ci(s, "http://"); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<Bytes> decode_gl1_text(std::string_view text, std::size_t max_bytes) {
  if (text.size() > max_bytes)
    return make_error("format.too_large",
                      "code text of " + std::to_string(text.size()) + " bytes exceeds " + std::to_string(max_bytes));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);

  std::string unescaped;
  if (is_http_url(text)) {
    auto hash = text.find('#');
    if (hash == std::string_view::npos) return make_error("format.prefix", "URL has no #GL1: fragment");
    std::string_view fragment = text.substr(hash + 1);
    unescaped.reserve(fragment.size());
    for (std::size_t i = 0; i < fragment.size(); ++i) {
      if (fragment[i] != '%') {
        unescaped += fragment[i];
        continue;
      }
      if (i + 2 >= fragment.size()) return make_error("format.prefix", "truncated percent escape in the URL fragment");
      int hi = hex_value(fragment[i + 1]), lo = hex_value(fragment[i + 2]);
      if (hi < 0 || lo < 0) return make_error("format.prefix", "bad percent escape in the URL fragment");
      unescaped += static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    text = unescaped;
  }
  if (text.substr(0, kGl1Prefix.size()) != kGl1Prefix)
    return make_error("format.prefix", "not a Greenlight code (expected GL1: or a URL ending in #GL1:...)");
  return base45_decode(text.substr(kGl1Prefix.size()));
}

std::string encode_gl1_text(ByteView cose) { return std::string(kGl1Prefix) + base45_encode(cose); }

Result<std::string> gl1_url(std::string_view base_url, std::string_view gl1_text) {
  if (!is_http_url(base_url)) return make_error("format.prefix", "the code URL must start with http:// or https://");
  if (base_url.find('#') != std::string_view::npos)
    return make_error("format.prefix", "the code URL must not have a fragment");
  std::string out(base_url);
  out += '#';
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : gl1_text) {
    if (c == ' ' || c == '%' || c == '"' || c == '<' || c == '>' || c == '`' || c == '#' || c < 0x20 || c >= 0x7F) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace greenlight
