// Text encodings of bytes: Base45 (RFC 9285), base64url without padding (RFC 4648 §5), lowercase hex.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "greenlight/bytes.hpp"
#include "greenlight/error.hpp"

namespace greenlight {

// Base45 with the RFC 9285 alphabet (uppercase, digits, space and $%*+-./:).
std::string base45_encode(ByteView data);
// Errors: format.base45 (character outside the alphabet, length mod 3 == 1, value out of range).
Result<Bytes> base45_decode(std::string_view text);

// base64url without padding, as JWS and our key strings use. Decoding refuses padding, the standard
// alphabet's '+' and '/', whitespace and non-zero trailing bits (so each value has one spelling).
std::string base64url_encode(ByteView data);
std::optional<Bytes> base64url_decode(std::string_view text);
// Decodes into a buffer of exactly the expected size (no allocation); false if the text does not fit it.
bool base64url_decode_to(std::string_view text, std::span<std::uint8_t> out);

std::string hex_encode(ByteView data);
std::optional<Bytes> hex_decode(std::string_view text);

}  // namespace greenlight
