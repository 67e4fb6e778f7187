// The text inside a QR code: "GL1:" + Base45(COSE_Sign1), or a URL whose fragment is that text
// (https://host/any/path#GL1:...), so a phone's own camera app opens our check-in page.
#pragma once

#include <string>
#include <string_view>

#include "greenlight/bytes.hpp"
#include "greenlight/error.hpp"

namespace greenlight {

constexpr std::string_view kGl1Prefix = "GL1:";
constexpr std::size_t kMaxCodeTextBytes = 8192;

// Returns the COSE bytes. A trailing CR/LF (a keyboard-wedge scanner's Enter) is ignored.
// Errors: format.too_large (over max_bytes, checked first), format.prefix (neither form, or a bad
// percent escape in the URL fragment), format.base45.
Result<Bytes> decode_gl1_text(std::string_view text, std::size_t max_bytes = kMaxCodeTextBytes);

std::string encode_gl1_text(ByteView cose);

// base_url + "#" + the GL1 text, with the characters a URL fragment cannot hold (space, '%', '"', '<',
// '>', '`', '#') percent-encoded. base_url must be http(s) and have no fragment of its own.
Result<std::string> gl1_url(std::string_view base_url, std::string_view gl1_text);

}  // namespace greenlight
