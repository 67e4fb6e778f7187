// Helpers shared by the Catch2 suites. The same sources build natively and for wasm (run under node with
// NODERAWFS), so files are read with plain iostreams and paths come from compile definitions (the
// third-party test data's folder: testdata.hpp).
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#ifndef GREENLIGHT_SOURCE_DIR
#error "GREENLIGHT_SOURCE_DIR must point at the repository root"
#endif

namespace greenlight::test {

// Path of a file in this repository.
inline std::string source_path(const std::string& relative) {
  return std::string(GREENLIGHT_SOURCE_DIR) + "/" + relative;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read test file " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace greenlight::test
