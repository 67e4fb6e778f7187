// Key files (greenlight/key_file.hpp).
#include "greenlight/key_file.hpp"

#include "greenlight/encoding.hpp"
#include "greenlight/json_limits.hpp"

namespace greenlight {

nlohmann::json key_file_json(const KeyPair& key) {
  return {{"kid", base64url_encode(kid_of(key.public_key))},
          {"public", base64url_encode(key.public_key)},
          {"secret", base64url_encode(key.seed())}};
}

std::string encode_key_file(const KeyPair& key) { return key_file_json(key).dump(2) + "\n"; }

Result<KeyPair> decode_key_file(std::string_view text) {
  auto json = parse_json(text, JsonLimits{1 << 16, 4}, "key_file.invalid");
  if (!json || !json->is_object() || !json->contains("secret") || !(*json)["secret"].is_string())
    return make_error("key_file.invalid", "not a key file (expected keygen's JSON with a \"secret\")");
  auto seed = seed_from_text((*json)["secret"].get<std::string>());
  if (!seed) return make_error("key_file.secret", "secret must be base64url of a 32-byte seed");
  return key_pair_from_seed(*seed);
}

}  // namespace greenlight
