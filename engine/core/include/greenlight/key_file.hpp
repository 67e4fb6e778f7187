// Key files: the JSON `greenlight keygen` writes and the server's keyring keeps, one codec for both.
//   {"kid": b64url key id, "public": b64url public key, "secret": b64url 32-byte seed}
// Text only: reading and writing the file (with mode 0600) is the caller's.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "greenlight/crypto.hpp"
#include "greenlight/error.hpp"

namespace greenlight {

// The file's fields.
nlohmann::json key_file_json(const KeyPair& key);
// The file's text: the fields, indented, and a final newline.
std::string encode_key_file(const KeyPair& key);
// The key pair of a key file's text. Errors: key_file.invalid (not a JSON object with a text "secret"),
// key_file.secret (the secret is not base64url of a 32-byte seed).
Result<KeyPair> decode_key_file(std::string_view text);

}  // namespace greenlight
