// Shared by the benchmark drivers: calls per second of a callable, and the platform label.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace greenlight::bench {

// Runs f in batches of `batch` until `seconds` have passed; returns calls per second.
template <typename F>
double rate(F&& f, double seconds, int batch = 200) {
  using Clock = std::chrono::steady_clock;
  std::uint64_t calls = 0;
  auto start = Clock::now();
  double elapsed = 0;
  while (elapsed < seconds) {
    for (int i = 0; i < batch; ++i) f();
    calls += static_cast<std::uint64_t>(batch);
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  }
  return static_cast<double>(calls) / elapsed;
}

#ifdef __EMSCRIPTEN__
constexpr const char* kPlatform = "wasm (node)";
#else
constexpr const char* kPlatform = "native";
#endif

}  // namespace greenlight::bench
