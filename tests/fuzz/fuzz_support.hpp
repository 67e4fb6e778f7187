// Shared helpers for the libFuzzer targets: invariant checks that abort (so libFuzzer records a crash
// whatever NDEBUG says), error-code checks, and signing arbitrary payload bytes as a JWS so the payload
// parsers behind the signature check are reachable.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "greenlight/greenlight.hpp"

// Each target is written as GL_FUZZ_TARGET(name) { ... }: a function of the input, plus libFuzzer's entry
// point unless GL_FUZZ_NO_MAIN is defined (tests/core/fuzz_regressions_test.cpp includes the targets that
// way and replays tests/fuzz/regressions/<target>/* through them, with GL_FUZZ_THROW so a broken invariant
// fails the test case instead of aborting the suite).
#ifdef GL_FUZZ_NO_MAIN
#define GL_FUZZ_TARGET(name) int name(const std::uint8_t* data, std::size_t size)
#else
#define GL_FUZZ_TARGET(name)                                                                                     \
  int name(const std::uint8_t* data, std::size_t size);                                                          \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return name(data, size); } \
  int name(const std::uint8_t* data, std::size_t size)
#endif

#define GL_FUZZ_CHECK(cond)                                                                                          \
  do {                                                                                                               \
    if (!(cond))                                                                                                     \
      ::greenlight::fuzz::fail(std::string(__FILE__ ":") + std::to_string(__LINE__) + ": invariant failed: " #cond); \
  } while (0)

namespace greenlight::fuzz {

[[noreturn]] inline void fail(const std::string& what) {
#ifdef GL_FUZZ_THROW
  throw std::logic_error(what);
#else
  std::fprintf(stderr, "%s\n", what.c_str());
  std::abort();
#endif
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A stable error code: "<area>.<what>", lower case, digits and '_' only.
inline bool is_stable_code(std::string_view code) {
  if (code.empty() || !(code[0] >= 'a' && code[0] <= 'z')) return false;
  bool dot = false;
  char previous = 0;
  for (char c : code) {
    if (c == '.') {
      if (previous == '.') return false;
      dot = true;
    } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
    previous = c;
  }
  return dot && previous != '.';
}

inline void check_error(const Error& error) {
  if (!is_stable_code(error.code)) fail("unstable error code: \"" + error.code + "\" (" + error.message + ")");
  GL_FUZZ_CHECK(!error.message.empty());
}

// A compact JWS over arbitrary payload bytes (jws::sign only takes JSON values).
inline std::string sign_raw_jws(const KeyPair& key, std::string_view typ, std::string_view payload) {
  nlohmann::json header = {
      {"alg", "EdDSA"}, {"kid", base64url_encode(kid_of(key.public_key))}, {"typ", std::string(typ)}};
  std::string input = base64url_encode(as_bytes(header.dump())) + "." + base64url_encode(as_bytes(payload));
  return input + "." + base64url_encode(sign(key, as_bytes(input)));
}

}  // namespace greenlight::fuzz
