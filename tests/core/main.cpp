// Catch2's main for the engine suite (native and wasm builds). After the run it names every test case that
// skipped itself for want of third-party test data (testdata.hpp), so a short run shows what it left out.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <iostream>

#include "testdata.hpp"

int main(int argc, char* argv[]) {
  const int result = Catch::Session().run(argc, argv);
  const auto& skipped = greenlight::test::skipped_test_cases();
  if (!skipped.empty()) {
    std::cout << "skipped: " << skipped.size() << " test case" << (skipped.size() == 1 ? "" : "s")
              << ", third-party test data not found in GREENLIGHT_TESTDATA_DIR (" << greenlight::test::testdata_dir()
              << "):\n";
    for (const auto& s : skipped) std::cout << "  " << s.test_case << " [" << s.suite << "]\n";
  }
  return result;
}
