// Verifier configuration from JSON.
#include "greenlight/config.hpp"

namespace greenlight {

Result<VerifierOptions> verifier_options_from_json(const nlohmann::json& config) {
  if (!config.is_object()) return make_error("config.invalid", "configuration must be an object");
  VerifierOptions options;
  auto roots = config.find("roots");
  if (roots == config.end() || !roots->is_array() || roots->empty())
    return make_error("config.roots", "roots must be a non-empty array of base64url Ed25519 public keys");
  for (const auto& root : *roots) {
    auto key = root.is_string() ? public_key_from_text(root.get<std::string>()) : std::nullopt;
    if (!key) return make_error("config.roots", "each root must be base64url of a 32-byte Ed25519 public key");
    options.roots.push_back(*key);
  }
  if (auto skew = config.find("skewSeconds"); skew != config.end() && !skew->is_null()) {
    if (!skew->is_number_unsigned() || skew->get<std::uint64_t>() > 86400)
      return make_error("config.invalid", "skewSeconds must be an integer from 0 to 86400");
    options.skew_seconds = skew->get<std::int64_t>();
  }
  if (auto max = config.find("maxCodeBytes"); max != config.end() && !max->is_null()) {
    if (!max->is_number_unsigned() || max->get<std::uint64_t>() == 0 || max->get<std::uint64_t>() > (1u << 20))
      return make_error("config.invalid", "maxCodeBytes must be an integer from 1 to 1048576");
    options.max_code_bytes = max->get<std::size_t>();
  }
  return options;
}

}  // namespace greenlight
