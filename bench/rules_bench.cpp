// Rule evaluations per second: the default rule set (JsonLogic) and a CertLogic rule, on the data in
// bench/rules-data.json; bench/rules_bench.mjs runs json-logic-js and certlogic-js on the same.
// Prints one JSON object. Built natively and for node.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "greenlight/json_limits.hpp"
#include "greenlight/rule_set.hpp"
#include "rate.hpp"

using namespace greenlight;
using bench::rate;

namespace {

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 1.0;
  for (int i = 1; i + 1 < argc; i += 2)
    if (!std::strcmp(argv[i], "--seconds")) seconds = std::stod(argv[i + 1]);
  auto bench = read_json(std::string(GREENLIGHT_SOURCE_DIR) + "/bench/rules-data.json");
  const auto& set = default_rule_set();
  const auto& data = bench["jsonlogic"];
  auto certlogic = rules::compile_certlogic(bench["certlogic"]["expression"]);
  if (!certlogic) return std::fprintf(stderr, "%s\n", certlogic.error().message.c_str()), 1;
  const auto& certlogic_data = bench["certlogic"]["data"];

  std::size_t passed = 0;
  nlohmann::json results = nlohmann::json::array();
  for (const auto& rule : set.rules) results.push_back(*rule.logic.evaluate(data));
  volatile std::size_t sink = 0;
  double jsonlogic = 0, certlogic_rate = 0;
  for (int round = 0; round < 3; ++round) {
    // One call = the rule set's rules once each, so the figure is comparable to a loop over them in JS.
    jsonlogic = std::max(jsonlogic, rate(
                                        [&] {
                                          for (const auto& rule : set.rules)
                                            sink = sink + rules::truthy(*rule.logic.evaluate(data));
                                        },
                                        seconds / 3, 1000) *
                                        static_cast<double>(set.rules.size()));
    certlogic_rate =
        std::max(certlogic_rate,
                 rate([&] { sink = sink + certlogic->evaluate(certlogic_data)->is_boolean(); }, seconds / 3, 1000));
  }
  passed = sink;
  const char* platform = bench::kPlatform;
  nlohmann::json out = {{"platform", platform},
                        {"jsonlogic_rule_evaluations_per_s", jsonlogic},
                        {"certlogic_evaluations_per_s", certlogic_rate},
                        {"results", results},
                        {"certlogic_result", *certlogic->evaluate(certlogic_data)}};
  std::printf("%s\n", out.dump().c_str());
  return passed == 0 ? 1 : 0;
}
