// Third-party test data (docs/testing.md) lives outside the repository, so a fresh clone may lack it:
// the folder comes from GREENLIGHT_TESTDATA_DIR at run time (a relative path is taken from the repository
// root), else from the CMake cache variable of the same name (default ../shared/testdata). A test case
// that needs a missing suite skips itself by name; main.cpp lists those at the end and CTest reports them
// as skipped (SKIP_REGULAR_EXPRESSION on the message below, tests/CMakeLists.txt).
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "support.hpp"

#ifndef GREENLIGHT_TESTDATA_DIR
#error "GREENLIGHT_TESTDATA_DIR must name the default third-party test data folder"
#endif

namespace greenlight::test {

inline std::string testdata_dir() {
  const char* env = std::getenv("GREENLIGHT_TESTDATA_DIR");
  std::string dir = env != nullptr && *env != '\0' ? env : GREENLIGHT_TESTDATA_DIR;
  if (dir.front() != '/') dir = source_path(dir);
  return dir;
}

// Path of a file in the third-party test data.
inline std::string testdata_path(const std::string& relative) { return testdata_dir() + "/" + relative; }

struct SkippedTestCase {
  std::string test_case;
  std::string suite;
};

// Every test case skipped in this run, for main.cpp's closing line.
inline std::vector<SkippedTestCase>& skipped_test_cases() {
  static std::vector<SkippedTestCase> skipped;
  return skipped;
}

// True when `relative` (a file or folder of the suite) exists; otherwise records the running test case as
// skipped and says so, and the caller returns.
inline bool testdata_present(const std::string& suite, const std::string& relative) {
  const std::string path = testdata_path(relative);
  if (std::filesystem::exists(path)) return true;
  skipped_test_cases().push_back({Catch::getResultCapture().getCurrentTestName(), suite});
  WARN("third-party suite not found: " << suite << " (" << path
                                       << "); skipped, set GREENLIGHT_TESTDATA_DIR (docs/testing.md)");
  return false;
}

}  // namespace greenlight::test
