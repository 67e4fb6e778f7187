// Every input that once made a fuzz target fail (tests/fuzz/regressions/<target>/*) is replayed through that
// same target here, so the native, native-asan and wasm suites keep checking it. The targets are included
// without libFuzzer's entry point, and a broken invariant throws instead of aborting (fuzz_support.hpp).
#define GL_FUZZ_NO_MAIN
#define GL_FUZZ_THROW

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../fuzz/fuzz_base45.cpp"
#include "../fuzz/fuzz_cbor.cpp"
#include "../fuzz/fuzz_claims.cpp"
#include "../fuzz/fuzz_cose.cpp"
#include "../fuzz/fuzz_jws.cpp"
#include "../fuzz/fuzz_rules.cpp"
#include "../fuzz/fuzz_region_risk.cpp"
#include "../fuzz/fuzz_status_list.cpp"
#include "../fuzz/fuzz_status_packing.cpp"
#include "../fuzz/fuzz_trust_list.cpp"
#include "../fuzz/fuzz_verify.cpp"
#include "support.hpp"

namespace {

struct Target {
  const char* name;
  int (*run)(const std::uint8_t*, std::size_t);
};

const Target kTargets[] = {
    {"base45", fuzz_base45_one},
    {"cbor", fuzz_cbor_one},
    {"cose", fuzz_cose_one},
    {"claims", fuzz_claims_one},
    {"jws", fuzz_jws_one},
    {"trust_list", fuzz_trust_list_one},
    {"region_risk", fuzz_region_risk_one},
    {"status_list", fuzz_status_list_one},
    {"status_packing", fuzz_status_packing_one},
    {"rules", fuzz_rules_one},
    {"verify", fuzz_verify_one},
};

}  // namespace

TEST_CASE("fuzz regressions: every saved input passes the checks of its target") {
  std::size_t replayed = 0;
  for (const auto& target : kTargets) {
    std::filesystem::path dir = greenlight::test::source_path(std::string("tests/fuzz/regressions/") + target.name);
    if (!std::filesystem::is_directory(dir)) continue;
    std::vector<std::filesystem::path> inputs;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.is_regular_file()) inputs.push_back(entry.path());
    std::sort(inputs.begin(), inputs.end());
    for (const auto& path : inputs) {
      std::string input = greenlight::test::read_file(path.string());
      INFO(target.name << ": " << path.filename().string());
      CHECK_NOTHROW(target.run(reinterpret_cast<const std::uint8_t*>(input.data()), input.size()));
      ++replayed;
    }
  }
  if (replayed == 0) SUCCEED("no saved fuzz regressions yet");
}
