// Tests for greenlight::rules (JsonLogic / CertLogic): the shared third-party suites (testdata.hpp), then our
// own tests for limits, malformed rules, reuse of compiled programs and JavaScript details.
//
// Third-party suites:
//   jsonlogic/tests.json                     every case, JsonLogic dialect
//   certlogic/testSuite/*.json               every assertion, CertLogic dialect, honouring skip/only directives
//   certlogic/validation-testSuite/*.json    issue count of validate_certlogic() per case
// Whatever is not run must be listed with a reason in tests/rules-skips.json (checked both ways).
// Pass counts per file are reported with WARN, so they show in every run.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#if !defined(__EMSCRIPTEN__)
#include <filesystem>
#include <thread>
#endif

#include <nlohmann/json.hpp>

#include "greenlight/rules/logic.hpp"
#include "testdata.hpp"

namespace {

using json = nlohmann::json;
namespace rules = greenlight::rules;
using greenlight::test::read_file;
using greenlight::test::source_path;
using greenlight::test::testdata_path;

json load_testdata(const std::string& relative) { return json::parse(read_file(testdata_path(relative))); }

// Deep equality with numbers compared by value (2 == 2.0).
bool same_value(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same_value(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      const auto other = b.find(it.key());
      if (other == b.end() || !same_value(it.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

std::string show(const json& j) {
  std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > 300 ? s.substr(0, 300) + "..." : s;
}

// Evaluates `rule` on `data` in `dialect`; on failure, returns the error as {"error": code, "message": ...}.
json run(const json& rule, const json& data, rules::Dialect dialect) {
  auto program = rules::compile(rule, {}, "", dialect);
  if (!program) return json{{"error", program.error().code}, {"message", program.error().message}};
  auto result = program->evaluate(data);
  if (!result) return json{{"error", result.error().code}, {"message", result.error().message}};
  return *result;
}

json run_jl(const json& rule, const json& data = json::object()) { return run(rule, data, rules::Dialect::jsonlogic); }
json run_cl(const json& rule, const json& data = json::object()) { return run(rule, data, rules::Dialect::certlogic); }

std::string error_code_of(const json& rule, const json& data, rules::Dialect dialect,
                          const rules::LogicLimits& limits) {
  auto program = rules::compile(rule, limits, "R-1", dialect);
  if (!program) return program.error().code;
  auto result = program->evaluate(data);
  if (!result) return result.error().code;
  return "ok";
}

// ---- the skip list ----

struct SkipEntry {
  std::string suite;
  bool has_case = false;
  std::string case_id;
  bool has_assertions = false;
  std::set<std::size_t> assertions;
  std::string reason;
  mutable bool used = false;
};

std::vector<SkipEntry> load_skips() {
  const json doc = json::parse(read_file(source_path("tests/rules-skips.json")));
  std::vector<SkipEntry> out;
  for (const auto& s : doc.at("skips")) {
    SkipEntry e;
    e.suite = s.at("suite").get<std::string>();
    e.reason = s.at("reason").get<std::string>();
    if (s.contains("case")) {
      e.has_case = true;
      e.case_id = s.at("case").is_string() ? s.at("case").get<std::string>() : s.at("case").dump();
    }
    if (s.contains("assertions")) {
      e.has_assertions = true;
      for (const auto& i : s.at("assertions")) e.assertions.insert(i.get<std::size_t>());
    }
    out.push_back(std::move(e));
  }
  return out;
}

const std::vector<SkipEntry>& skips() {
  static const std::vector<SkipEntry> list = load_skips();
  return list;
}

// The skip entry covering (suite, case, assertion), or nullptr.
const SkipEntry* find_skip(const std::string& suite, const std::string& case_id, std::size_t assertion) {
  for (const auto& e : skips()) {
    if (e.suite != suite) continue;
    if (e.has_case && e.case_id != case_id) continue;
    if (e.has_assertions && e.assertions.count(assertion) == 0) continue;
    e.used = true;
    return &e;
  }
  return nullptr;
}

struct Tally {
  std::size_t run = 0;
  std::size_t passed = 0;
  std::size_t skipped = 0;
  std::vector<std::string> failures;
  std::vector<std::string> undocumented_skips;
};

void report(const std::string& suite, const Tally& t, const char* unit) {
  std::ostringstream line;
  line << suite << ": " << t.passed << "/" << t.run << " " << unit << " passed";
  if (t.skipped) line << ", " << t.skipped << " skipped (tests/rules-skips.json)";
  WARN(line.str());
  for (const auto& f : t.failures) {
    UNSCOPED_INFO(f);
  }
  CHECK(t.failures.empty());
  for (const auto& u : t.undocumented_skips) {
    UNSCOPED_INFO("skipped by the suite but not listed in tests/rules-skips.json: " << u);
  }
  CHECK(t.undocumented_skips.empty());
  CHECK(t.passed == t.run);
}

const std::vector<std::string> kCertLogicSuiteFiles = {"JsonLogic-testSuite.json",
                                                       "and.json",
                                                       "comparison.json",
                                                       "date-times.json",
                                                       "detect-missing-values.json",
                                                       "equality.json",
                                                       "extractFromUCVI.json",
                                                       "if.json",
                                                       "in.json",
                                                       "ins-with-nulls.json",
                                                       "patched-reduce.json",
                                                       "recognising-minors-with-DCC-DOB.json",
                                                       "recognising-minors-with-plusTime.json",
                                                       "var.json"};

const std::vector<std::string> kValidationSuiteFiles = {"basic-literals-invalid.json", "basic-literals-valid.json",
                                                        "operation-objects.json", "var-operations.json"};

#if !defined(__EMSCRIPTEN__)
void check_directory_listing(const std::string& dir, std::vector<std::string> expected) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(testdata_path(dir))) {
    if (entry.path().extension() == ".json") found.push_back(entry.path().filename().string());
  }
  std::sort(found.begin(), found.end());
  std::sort(expected.begin(), expected.end());
  INFO("files in " << dir << " differ from the list this test runs");
  CHECK(found == expected);
}
#endif

bool directive_is(const json& j, const char* value) {
  const auto it = j.find("directive");
  return it != j.end() && it->is_string() && *it == value;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// Third-party suites
// ---------------------------------------------------------------------------------------------------------------

TEST_CASE("JsonLogic shared suite: jsonlogic/tests.json", "[rules][jsonlogic][suite]") {
  if (!greenlight::test::testdata_present("JsonLogic shared suite", "jsonlogic")) return;
  const std::string suite = "jsonlogic/tests.json";
  const json cases = load_testdata(suite);
  REQUIRE(cases.is_array());
  Tally t;
  std::size_t index = 0;
  for (const auto& c : cases) {
    if (c.is_string()) continue;  // section comment
    const std::size_t i = index++;
    if (find_skip(suite, std::to_string(i), 0)) {
      ++t.skipped;
      continue;
    }
    REQUIRE(c.is_array());
    REQUIRE(c.size() == 3);
    ++t.run;
    const json actual = run_jl(c[0], c[1]);
    if (same_value(actual, c[2])) {
      ++t.passed;
    } else {
      t.failures.push_back("#" + std::to_string(i) + " " + show(c[0]) + " on " + show(c[1]) + ": expected " +
                           show(c[2]) + ", got " + show(actual));
    }
  }
  CHECK(t.run + t.skipped == 277);
  report(suite, t, "cases");
}

TEST_CASE("CertLogic evaluator suite: certlogic/testSuite/*.json", "[rules][certlogic][suite]") {
  if (!greenlight::test::testdata_present("CertLogic test suites", "certlogic")) return;
#if !defined(__EMSCRIPTEN__)
  check_directory_listing("certlogic/testSuite", kCertLogicSuiteFiles);
#endif
  std::vector<json> files;
  for (const auto& name : kCertLogicSuiteFiles) files.push_back(load_testdata("certlogic/testSuite/" + name));

  // Mocha semantics: if anything is marked "only" anywhere, only those run.
  bool any_only = false;
  for (const auto& f : files) {
    if (directive_is(f, "only")) any_only = true;
    for (const auto& c : f.at("cases")) {
      if (directive_is(c, "only")) any_only = true;
      for (const auto& a : c.at("assertions")) {
        if (directive_is(a, "only")) any_only = true;
      }
    }
  }

  std::size_t total_assertions = 0;
  for (std::size_t fi = 0; fi < files.size(); ++fi) {
    const json& file = files[fi];
    const std::string suite = "certlogic/testSuite/" + kCertLogicSuiteFiles[fi];
    Tally t;
    const bool file_skip = directive_is(file, "skip");
    const bool file_only = directive_is(file, "only");
    for (const auto& c : file.at("cases")) {
      const std::string case_name = c.at("name").get<std::string>();
      const bool case_skip = file_skip || directive_is(c, "skip");
      const bool case_only = file_only || directive_is(c, "only");
      const auto& assertions = c.at("assertions");
      for (std::size_t ai = 0; ai < assertions.size(); ++ai) {
        const json& a = assertions[ai];
        ++total_assertions;
        const bool suite_skips =
            case_skip || directive_is(a, "skip") || (any_only && !(case_only || directive_is(a, "only")));
        const SkipEntry* listed = find_skip(suite, case_name, ai);
        if (suite_skips || listed) {
          ++t.skipped;
          if (!listed) t.undocumented_skips.push_back(suite + " / " + case_name + " / #" + std::to_string(ai));
          continue;
        }
        ++t.run;
        const json& expr =
            a.contains("certLogicExpression") ? a.at("certLogicExpression") : c.at("certLogicExpression");
        const json actual = run_cl(expr, a.at("data"));
        if (same_value(actual, a.at("expected"))) {
          ++t.passed;
        } else {
          t.failures.push_back(suite + " / " + case_name + " / #" + std::to_string(ai) + ": " + show(expr) + " on " +
                               show(a.at("data")) + ": expected " + show(a.at("expected")) + ", got " + show(actual));
        }
      }
    }
    report(suite, t, "assertions");
  }
  CHECK(total_assertions == 232);
}

TEST_CASE("CertLogic validation suite: certlogic/validation-testSuite/*.json", "[rules][certlogic][suite]") {
  if (!greenlight::test::testdata_present("CertLogic test suites", "certlogic")) return;
#if !defined(__EMSCRIPTEN__)
  check_directory_listing("certlogic/validation-testSuite", kValidationSuiteFiles);
#endif
  std::size_t total_cases = 0;
  for (const auto& name : kValidationSuiteFiles) {
    const std::string suite = "certlogic/validation-testSuite/" + name;
    const json file = load_testdata(suite);
    Tally t;
    std::size_t ci = 0;
    for (const auto& c : file.at("cases")) {
      const std::size_t index = ci++;
      ++total_cases;
      const std::string case_id = c.contains("name") ? c.at("name").get<std::string>() : std::to_string(index);
      const SkipEntry* listed = find_skip(suite, case_id, 0);
      if (directive_is(file, "skip") || directive_is(c, "skip") || listed) {
        ++t.skipped;
        if (!listed) t.undocumented_skips.push_back(suite + " / " + case_id);
        continue;
      }
      ++t.run;
      const json& expr = c.at("certLogicExpression");
      const auto issues = rules::validate_certlogic(expr);
      const std::size_t expected = c.at("issues").size();
      // Valid expressions must also compile in the CertLogic dialect, invalid ones must not.
      const auto program = rules::compile_certlogic(expr);
      const bool compile_agrees =
          program.ok() == (expected == 0) && (program.ok() || program.error().code == "rules.invalid");
      if (issues.size() == expected && compile_agrees) {
        ++t.passed;
      } else {
        std::string got;
        for (const auto& issue : issues) got += " [" + issue.message + "]";
        t.failures.push_back(suite + " #" + std::to_string(index) + " " + show(expr) + ": expected " +
                             std::to_string(expected) + " issue(s), got " + std::to_string(issues.size()) + got +
                             (compile_agrees ? "" : " (compile() disagrees)"));
      }
    }
    report(suite, t, "cases");
  }
  CHECK(total_cases == 23);
}

TEST_CASE("rules-skips.json has no stale entries", "[rules][suite]") {
  // Runs after the suites above in declaration order; find_skip() marks entries it matched.
  // (Run on its own, it re-checks by scanning the suites' directives.)
  if (!greenlight::test::testdata_present("JsonLogic shared suite", "jsonlogic") ||
      !greenlight::test::testdata_present("CertLogic test suites", "certlogic"))
    return;
  for (const auto& e : skips()) {
    if (e.used) continue;
    // Not matched yet (e.g. this test ran alone): look the entry up in its suite file.
    const json file = load_testdata(e.suite);
    bool matches = false;
    if (file.is_object() && file.contains("cases")) {
      if (!e.has_case) {
        matches = true;
      } else {
        for (const auto& c : file.at("cases")) {
          if (c.contains("name") && c.at("name") == e.case_id) matches = true;
        }
      }
    } else if (file.is_array()) {
      matches = e.has_case;
    }
    INFO("stale entry in tests/rules-skips.json: " << e.suite << " " << e.case_id);
    CHECK(matches);
  }
  for (const auto& e : skips()) {
    INFO(e.suite);
    CHECK(e.reason.size() > 20);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Limits: every bound gives rules.limit, never a crash or a hang
// ---------------------------------------------------------------------------------------------------------------

namespace {

// Built with moves only: initializer lists would copy (recursively) at every level.
json wrap(json inner, const char* key, bool array_form) {
  json operand;
  if (array_form) {
    operand = json::array();
    operand.push_back(std::move(inner));
  } else {
    operand = std::move(inner);
  }
  json outer = json::object();
  outer[key] = std::move(operand);
  return outer;
}

json nested_not(std::size_t depth, bool array_form) {
  json rule = true;
  for (std::size_t i = 0; i < depth; ++i) rule = wrap(std::move(rule), "!", array_form);
  return rule;
}

}  // namespace

TEST_CASE("limits: deep nesting is rejected at compile time", "[rules][limits]") {
  const rules::LogicLimits limits;
  for (auto dialect : {rules::Dialect::jsonlogic, rules::Dialect::certlogic}) {
    // 10000 nested "!" (built and freed iteratively by nlohmann::json 3.11).
    const json deep = nested_not(10000, true);
    auto program = rules::compile(deep, limits, "DEEP-1", dialect);
    REQUIRE_FALSE(program.ok());
    CHECK(program.error().code == "rules.limit");
    CHECK(program.error().message.find("DEEP-1") != std::string::npos);
  }
  // Also through a deep literal (JsonLogic passes multi-key objects through as data).
  json literal = 1;
  for (int i = 0; i < 5000; ++i) {
    literal = wrap(std::move(literal), "a", false);
    literal["b"] = 1;
  }
  CHECK(error_code_of(literal, nullptr, rules::Dialect::jsonlogic, limits) == "rules.limit");
  // validate_certlogic() is bounded the same way.
  const auto issues = rules::validate_certlogic(nested_not(10000, true));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].expr.is_null());
  // Just below the bound compiles and evaluates: 31 "!" with arrays = depth 62.
  auto ok = rules::compile(nested_not(31, true));
  REQUIRE(ok.ok());
  CHECK(ok->evaluate(nullptr).value() == false);
  CHECK(rules::compile(nested_not(33, true)).error().code == "rules.limit");
  CHECK(rules::compile(nested_not(64, false)).ok());
  CHECK(rules::compile(nested_not(65, false)).error().code == "rules.limit");
}

TEST_CASE("limits: node count", "[rules][limits]") {
  json big = json::array();
  for (int i = 0; i < 20000; ++i) big.push_back(i);
  const json rule = {{"in", {3, big}}};
  CHECK(error_code_of(rule, nullptr, rules::Dialect::jsonlogic, {}) == "rules.limit");
  rules::LogicLimits roomy;
  roomy.max_nodes = 30000;
  CHECK(error_code_of(rule, nullptr, rules::Dialect::jsonlogic, roomy) == "ok");
}

TEST_CASE("limits: a huge reduce hits max_iterations", "[rules][limits]") {
  json data = {{"xs", json::array()}};
  for (int i = 0; i < 200000; ++i) data["xs"].push_back(1);
  const json rule =
      json::parse(R"({"reduce": [{"var": "xs"}, {"+": [{"var": "accumulator"}, {"var": "current"}]}, 0]})");
  auto program = rules::compile(rule, {}, "HUGE-REDUCE");
  REQUIRE(program.ok());
  auto result = program->evaluate(data);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == "rules.limit");
  CHECK(result.error().message.find("iterations") != std::string::npos);
  // The same in CertLogic.
  CHECK(error_code_of(rule, data, rules::Dialect::certlogic, {}) == "rules.limit");
  // Nested lambdas count together: 400 x 400 map = 160400 runs.
  json small = json::array();
  for (int i = 0; i < 400; ++i) small.push_back(i);
  const json nested = json::parse(R"({"map": [{"var": "a"}, {"map": [{"var": ""}, 1]}]})");
  json nested_data = {{"a", json::array()}};
  for (int i = 0; i < 400; ++i) nested_data["a"].push_back(small);
  CHECK(error_code_of(nested, nested_data, rules::Dialect::jsonlogic, {}) == "rules.limit");
  // Below the bound it works.
  data["xs"] = json::array();
  for (int i = 0; i < 1000; ++i) data["xs"].push_back(1);
  CHECK(program->evaluate(data).value() == 1000);
}

TEST_CASE("limits: a long cat loop hits the string/materialization bounds", "[rules][limits]") {
  json data = {{"xs", json::array()}};
  for (int i = 0; i < 100000; ++i) data["xs"].push_back("abcdefgh");
  const json rule =
      json::parse(R"({"reduce": [{"var": "xs"}, {"cat": [{"var": "accumulator"}, {"var": "current"}]}, ""]})");
  const auto start = std::chrono::steady_clock::now();
  CHECK(error_code_of(rule, data, rules::Dialect::jsonlogic, {}) == "rules.limit");
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 5.0);
  // With a generous byte budget it is max_string_bytes (64 KiB) that stops it.
  rules::LogicLimits roomy;
  roomy.max_materialized_bytes = std::numeric_limits<std::size_t>::max();
  auto program = rules::compile(rule, roomy);
  REQUIRE(program.ok());
  auto result = program->evaluate(data);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == "rules.limit");
  CHECK(result.error().message.find("string") != std::string::npos);
}

TEST_CASE("limits: exponential growth and operation counts are bounded", "[rules][limits]") {
  // Each step doubles the accumulator: stopped by max_materialized_bytes long before memory runs out.
  json data = {{"xs", json::array()}};
  for (int i = 0; i < 64; ++i) data["xs"].push_back(i);
  const json doubling =
      json::parse(R"({"reduce": [{"var": "xs"}, {"merge": [{"var": "accumulator"}, {"var": "accumulator"}]}, [1]]})");
  CHECK(error_code_of(doubling, data, rules::Dialect::jsonlogic, {}) == "rules.limit");
  const json nesting =
      json::parse(R"({"reduce": [{"var": "xs"}, [{"var": "accumulator"}, {"var": "accumulator"}], 1]})");
  CHECK(error_code_of(nesting, data, rules::Dialect::jsonlogic, {}) == "rules.limit");
  // max_operations.
  rules::LogicLimits tight;
  tight.max_operations = 50;
  CHECK(error_code_of(json::parse(R"({"map": [{"var": "xs"}, {"+": [{"var": ""}, 1]}]})"), data,
                      rules::Dialect::jsonlogic, tight) == "rules.limit");
  // max_value_depth: copying deeply nested data out.
  json deep_data = 1;
  for (int i = 0; i < 1000; ++i) {
    json outer = json::array();
    outer.push_back(std::move(deep_data));
    deep_data = std::move(outer);
  }
  CHECK(error_code_of(json{{"var", ""}}, deep_data, rules::Dialect::jsonlogic, {}) == "rules.limit");
  CHECK(error_code_of(json{{"cat", json::array({json{{"var", ""}}})}}, deep_data, rules::Dialect::jsonlogic, {}) ==
        "rules.limit");
  // ...but reading into it in place is fine.
  CHECK(error_code_of(json{{"!!", json::array({json{{"var", "0.0.0.0"}}})}}, deep_data, rules::Dialect::jsonlogic,
                      {}) == "ok");
}

// ---------------------------------------------------------------------------------------------------------------
// Malformed rules
// ---------------------------------------------------------------------------------------------------------------

TEST_CASE("malformed rules give rules.invalid", "[rules][invalid]") {
  const auto jl = rules::Dialect::jsonlogic;
  const auto cl = rules::Dialect::certlogic;
  const rules::LogicLimits limits;
  // Unknown operators, at compile time, with the rule id in the message.
  auto unknown = rules::compile(json::parse(R"({"and": [true, {"frobnicate": [1]}]})"), limits, "VR-XX-0001");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == "rules.invalid");
  CHECK(unknown.error().message.find("VR-XX-0001") != std::string::npos);
  CHECK(unknown.error().message.find("frobnicate") != std::string::npos);
  CHECK(error_code_of(json::parse(R"({"obj.method": [1]})"), nullptr, jl, limits) == "rules.invalid");
  // Arity fixed by the rule text.
  CHECK(error_code_of(json::parse(R"({"*": []})"), nullptr, jl, limits) == "rules.invalid");
  CHECK(error_code_of(json::parse(R"({"missing_some": [1]})"), nullptr, jl, limits) == "rules.invalid");
  CHECK(error_code_of(json::parse(R"({"after": [1]})"), nullptr, jl, limits) == "rules.invalid");
  CHECK(error_code_of(json::parse(R"({"plusTime": ["2021-01-01", 1, "week"]})"), nullptr, jl, limits) ==
        "rules.invalid");
  CHECK(error_code_of(json::parse(R"({"plusTime": ["2021-01-01", 1.5, "day"]})"), nullptr, jl, limits) ==
        "rules.invalid");
  // CertLogic: everything the validator rejects.
  for (const char* text :
       {R"(null)", R"(3.14)", R"({})", R"({"a": 1, "b": 2})", R"({"==": [1, 1]})", R"({"if": [true, 1]})",
        R"({"var": 0})", R"({"var": "x."})", R"({"and": [true]})", R"({"!": [true, false]})", R"({"+": [1, 2, 3]})",
        R"({"plusTime": [{"var": "d"}, "1", "day"]})", R"({"extractFromUVCI": [{"var": "u"}, "1"]})",
        R"({"in": ["a"]})", R"([1, {"or": [1]}])", R"({"reduce": [[], 1]})", R"({"dccDateOfBirth": []})",
        R"({"<": [1, 2, 3, 4]})"}) {
    INFO(text);
    CHECK(error_code_of(json::parse(text), nullptr, cl, limits) == "rules.invalid");
    CHECK_FALSE(rules::validate_certlogic(json::parse(text)).empty());
  }
  // CertLogic type errors found while evaluating are rules.invalid too (the spec calls them invalid).
  CHECK(error_code_of(json::parse(R"({"in": ["a", {"var": "x"}]})"), json{{"x", "abc"}}, cl, limits) ==
        "rules.invalid");
  CHECK(error_code_of(json::parse(R"({"<": [{"var": "x"}, 2]})"), json{{"x", "1"}}, cl, limits) == "rules.invalid");
  CHECK(error_code_of(json::parse(R"({"if": [{"var": "x"}, 1, 2]})"), json{{"x", 1.5}}, cl, limits) == "rules.invalid");
  CHECK(error_code_of(json::parse(R"({"!": [{"plusTime": ["2021-01-01", 0, "day"]}]})"), nullptr, cl, limits) ==
        "rules.invalid");
  CHECK(error_code_of(json::parse(R"({"plusTime": [{"var": "d"}, 0, "day"]})"), json{{"d", "2021-02-30"}}, cl,
                      limits) == "rules.invalid");
  CHECK(error_code_of(json::parse(R"({"plusTime": [{"var": "d"}, 0, "day"]})"), json{{"d", "yesterday"}}, cl, limits) ==
        "rules.invalid");
  CHECK(error_code_of(json::parse(R"({"after": [1, 2]})"), nullptr, cl, limits) == "rules.invalid");
  CHECK(error_code_of(json::parse(R"({"reduce": [{"var": "x"}, 1, 0]})"), json{{"x", 5}}, cl, limits) ==
        "rules.invalid");
  // An empty Program.
  rules::Program empty;
  CHECK(empty.empty());
  CHECK(empty.evaluate(nullptr).error().code == "rules.invalid");
}

// ---------------------------------------------------------------------------------------------------------------
// Compile once, evaluate many times
// ---------------------------------------------------------------------------------------------------------------

TEST_CASE("a compiled program is reused with different data", "[rules][program]") {
  // VR-EU-0003-like: the vaccination is at least 14 days old and at most 365 days old.
  const json rule = json::parse(R"({
    "if": [
      {"var": "payload.v.0"},
      {"not-after": [
        {"plusTime": [{"var": "payload.v.0.dt"}, 14, "day"]},
        {"plusTime": [{"var": "external.validationClock"}, 0, "day"]},
        {"plusTime": [{"var": "payload.v.0.dt"}, 365, "day"]}
      ]},
      true
    ]})");
  auto program = rules::compile(rule, {}, "VR-EU-0003", rules::Dialect::certlogic);
  REQUIRE(program.ok());
  CHECK(program->rule_id() == "VR-EU-0003");
  CHECK(program->dialect() == rules::Dialect::certlogic);
  CHECK(program->node_count() > 5);
  const rules::Program copy = *program;  // shares the compiled tree
  for (int day = 1; day <= 28; ++day) {
    char clock[40];
    std::snprintf(clock, sizeof clock, "2021-05-%02dT12:00:00Z", day);
    const json data = {{"payload", {{"v", {{{"dt", "2021-05-01"}}}}}}, {"external", {{"validationClock", clock}}}};
    const bool expected = day >= 15;
    INFO("day " << day);
    CHECK(copy.evaluate(data).value() == expected);
    CHECK(program->evaluate(data).value() == expected);
  }
  CHECK(program->evaluate(json{{"payload", json::object()}}).value() == true);  // no vaccination: not applicable
  // JsonLogic program with var/default, reused.
  auto jl = rules::compile(json::parse(R"({"cat": ["Hello, ", {"var": ["name", "stranger"]}, "!"]})"));
  REQUIRE(jl.ok());
  CHECK(jl->evaluate(json{{"name", "Ada"}}).value() == "Hello, Ada!");
  CHECK(jl->evaluate(json::object()).value() == "Hello, stranger!");
  CHECK(jl->evaluate(nullptr).value() == "Hello, stranger!");
  CHECK(jl->evaluate(json{{"name", 1.5}}).value() == "Hello, 1.5!");
}

#if !defined(__EMSCRIPTEN__)
TEST_CASE("a compiled program is evaluated concurrently", "[rules][program]") {
  auto program = rules::compile(
      json::parse(R"({"reduce": [{"var": "xs"}, {"+": [{"var": "accumulator"}, {"var": "current"}]}, 0]})"));
  REQUIRE(program.ok());
  const rules::Program shared = *program;
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&shared, &ok, t] {
      for (int i = 0; i < 2000; ++i) {
        const json data = {{"xs", {t, i, 1}}};
        auto r = shared.evaluate(data);
        if (r.ok() && *r == t + i + 1) ++ok[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) CHECK(ok[static_cast<std::size_t>(t)] == 2000);
}
#endif

// ---------------------------------------------------------------------------------------------------------------
// Semantics details beyond the shared suites
// ---------------------------------------------------------------------------------------------------------------

TEST_CASE("JsonLogic: JavaScript semantics", "[rules][jsonlogic]") {
  // Number formatting in cat.
  CHECK(run_jl(json::parse(
            R"({"cat": [1, 1.0, 0.5, -0.25, 1e21, 1e-7, 123456789012, 0.1, null, true, [1, [2, null]]]})")) ==
        "110.5-0.251e+211e-71234567890120.1true1,2,");
  CHECK(run_jl(json::parse(R"({"cat": [{"/": [1, 3]}]})")) == "0.3333333333333333");
  CHECK(run_jl(json::parse(R"({"cat": [{"/": [1, 0]}, {"-": ["a"]}]})")) == "InfinityNaN");
  // Loose equality.
  CHECK(run_jl(json::parse(R"({"==": [null, 0]})")) == false);
  CHECK(run_jl(json::parse(R"({"==": [null, null]})")) == true);
  CHECK(run_jl(json::parse(R"({"==": [0, false]})")) == true);
  CHECK(run_jl(json::parse(R"({"==": ["", 0]})")) == true);
  CHECK(run_jl(json::parse(R"({"==": [" 1 ", 1]})")) == true);
  CHECK(run_jl(json::parse(R"({"==": ["0x10", 16]})")) == true);
  CHECK(run_jl(json::parse(R"({"==": [[1], 1]})")) == true);
  CHECK(run_jl(json::parse(R"({"==": [[1, 2], "1,2"]})")) == true);
  CHECK(run_jl(json::parse(R"({"==": [[], false]})")) == true);
  CHECK(run_jl(json::parse(R"({"==": [[1], [1]]})")) == false);                                     // distinct objects
  CHECK(run_jl(json::parse(R"({"==": [{"var": "a"}, {"var": "a"}]})"), json{{"a", {1}}}) == true);  // same object
  CHECK(run_jl(json::parse(R"({"===": [1, 1.0]})")) == true);
  CHECK(run_jl(json::parse(R"({"!=": ["abc", "abc"]})")) == false);
  // Relational coercion.
  CHECK(run_jl(json::parse(R"({"<": ["10", "9"]})")) == true);  // string comparison
  CHECK(run_jl(json::parse(R"({"<": ["10", 9]})")) == false);   // numeric
  CHECK(run_jl(json::parse(R"({"<": [null, 1]})")) == true);
  CHECK(run_jl(json::parse(R"({"<=": ["a", 1]})")) == false);                   // NaN
  CHECK(run_jl(json::parse(R"({"<": ["\uffff", "\ud83d\ude00"]})")) == false);  // UTF-16 order, not code points
  // Arithmetic.
  CHECK(run_jl(json::parse(R"({"+": ["1.5px", 1]})")) == 2.5);
  CHECK(std::isnan(run_jl(json::parse(R"({"+": [true, 1]})")).get<double>()));  // parseFloat("true") is NaN
  CHECK(run_jl(json::parse(R"({"*": ["2"]})")) == "2");
  CHECK(run_jl(json::parse(R"({"%": [-7, 3]})")) == -1);
  CHECK(run_jl(json::parse(R"({"-": [[5]]})")) == -5);
  CHECK(run_jl(json::parse(R"({"min": [3, "2", [1]]})")) == 1);
  // substr on UTF-16 units, negative arguments.
  CHECK(run_jl(json::parse(R"({"substr": ["héllo wörld", -5, -2]})")) == "wör");
  CHECK(run_jl(json::parse(R"({"substr": ["a😀b", 1, 2]})")) == "😀");
  CHECK(run_jl(json::parse(R"({"substr": [12345, 1, 2]})")) == "23");
  // in.
  CHECK(run_jl(json::parse(R"({"in": [1, "a1b"]})")) == true);
  CHECK(run_jl(json::parse(R"({"in": ["", ""]})")) == false);
  CHECK(run_jl(json::parse(R"({"in": ["a", null]})")) == false);
  CHECK(run_jl(json::parse(R"({"in": [[1], [[1]]]})")) == false);
  // var: lengths, string indexes, numeric paths, null at the end vs on the way.
  CHECK(run_jl(json::parse(R"({"var": "a.length"})"), json{{"a", {1, 2, 3}}}) == 3);
  CHECK(run_jl(json::parse(R"({"var": "s.1"})"), json{{"s", "abc"}}) == "b");
  CHECK(run_jl(json::parse(R"({"var": ["a", 5]})"), json{{"a", nullptr}}) == nullptr);
  CHECK(run_jl(json::parse(R"({"var": ["a.b", 5]})"), json{{"a", nullptr}}) == 5);
  CHECK(run_jl(json::parse(R"({"var": ["01", 5]})"), json{{"x", 1}}) == 5);
  CHECK(run_jl(json::parse(R"({"var": [{"cat": ["a", ".", "b"]}]})"), json{{"a", {{"b", 7}}}}) == 7);
  // Objects that are not operations are data; and/or return operands.
  CHECK(run_jl(json::parse(R"({"a": 1, "b": {"var": "x"}})")) == json::parse(R"({"a": 1, "b": {"var": "x"}})"));
  CHECK(run_jl(json::parse(R"({"or": [0, "", {"var": "x"}]})"), json{{"x", {1, 2}}}) == json({1, 2}));
  // reduce frame as a whole, and returning the accumulator itself.
  CHECK(run_jl(json::parse(R"({"reduce": [[1], {"var": ""}, 0]})")) ==
        json::parse(R"({"current": 1, "accumulator": 0})"));
  CHECK(run_jl(json::parse(R"({"reduce": [[1, 2, 3], {"var": "accumulator"}, [9]]})")) == json({9}));
  CHECK(
      run_jl(json::parse(R"({"reduce": [[1, 2, 3], {"merge": [{"var": "accumulator"}, {"var": "current"}]}, []]})")) ==
      json({1, 2, 3}));
  // filter keeps elements, map over objects, missing with a computed key list.
  CHECK(run_jl(json::parse(R"({"filter": [{"var": "xs"}, {"var": "ok"}]})"),
               json::parse(R"({"xs": [{"ok": 1, "n": 1}, {"ok": 0, "n": 2}]})")) ==
        json::parse(R"([{"ok": 1, "n": 1}])"));
  CHECK(run_jl(json::parse(R"({"missing": [{"var": "keys"}]})"), json::parse(R"({"keys": ["a", "b"], "a": 1})")) ==
        json({"b"}));
  CHECK(run_jl(json::parse(R"({"missing_some": [1, {"merge": [["a"], ["b"]]}]})"), json{{"b", 0}}) == json::array());
  // log is a pass-through.
  CHECK(run_jl(json::parse(R"({"log": "apple"})")) == "apple");
}

TEST_CASE("CertLogic: dates and extensions", "[rules][certlogic]") {
  auto iso = [](const char* date, int amount, const char* unit) {
    return run_cl(json{{"plusTime", {date, amount, unit}}});
  };
  // The leap-day table of the specification.
  CHECK(iso("2020-02-29", 1, "day") == "2020-03-01T00:00:00.000Z");
  CHECK(iso("2020-02-29", 1, "month") == "2020-03-29T00:00:00.000Z");
  CHECK(iso("2020-02-29", 1, "year") == "2021-03-01T00:00:00.000Z");
  // Month overflow (JavaScript setUTCMonth), negative amounts, hours across days.
  CHECK(iso("2021-01-31", 1, "month") == "2021-03-03T00:00:00.000Z");
  CHECK(iso("2021-03-01T00:30:00Z", -1, "hour") == "2021-02-28T23:30:00.000Z");
  CHECK(iso("2021-06-01", -18, "year") == "2003-06-01T00:00:00.000Z");
  // Offsets, fractions, partial dates.
  CHECK(iso("2021-06-01T10:00:00+2", 0, "day") == "2021-06-01T08:00:00.000Z");
  CHECK(iso("2021-06-01T10:00:00-0130", 0, "day") == "2021-06-01T11:30:00.000Z");
  CHECK(iso("2021-06-01T10:00:00.123456+05:30", 0, "day") == "2021-06-01T04:30:00.123Z");
  CHECK(iso("2021-06-01T10:00:00.5", 0, "day") == "2021-06-01T10:00:00.500Z");
  CHECK(iso("2004", 0, "day") == "2004-12-31T00:00:00.000Z");
  CHECK(iso("2004-02", 0, "day") == "2004-02-29T00:00:00.000Z");
  CHECK(run_cl(json{{"dccDateOfBirth", {"2003-02"}}}) == "2003-02-28T00:00:00.000Z");
  CHECK(run_cl(json{{"dccDateOfBirth", {"1990-07-15"}}}) == "1990-07-15T00:00:00.000Z");
  // extractFromUVCI, including '|' which is not a separator in the specification.
  CHECK(run_cl(json::parse(R"({"extractFromUVCI": [{"var": "u"}, 1]})"), json{{"u", "URN:UVCI:01:DE|X:1"}}) == "DE|X");
  // CertLogic truthiness API.
  CHECK(rules::certlogic_truthiness(json::object()) == rules::Truthiness::falsy);
  CHECK(rules::certlogic_truthiness(json{{"a", 1}}) == rules::Truthiness::truthy);
  CHECK(rules::certlogic_truthiness(json(0.5)) == rules::Truthiness::neither);
  CHECK(rules::certlogic_truthiness(json(2.0)) == rules::Truthiness::truthy);
  CHECK(rules::truthy(json::object()) == true);
  CHECK(rules::truthy(json::array()) == false);
  CHECK(rules::truthy(json("0")) == true);
  // The extension operators also work in the JsonLogic dialect, with computed operands.
  CHECK(run_jl(json::parse(R"({"after": [{"plusTime": ["2021-01-01", {"var": "n"}, {"var": "u"}]},
                                          {"plusTime": ["2021-01-01", 0, "day"]}]})"),
               json{{"n", 1}, {"u", "hour"}}) == true);
  // Dates placed in arrays become ISO strings.
  CHECK(run_cl(json::parse(R"([{"plusTime": ["2021-01-01", 1, "day"]}])")) == json({"2021-01-02T00:00:00.000Z"}));
}

// Rough throughput, for the report; hidden by default (run with the [bench] tag).
TEST_CASE("benchmark: evaluations per second of a typical small rule", "[.][bench]") {
  const json rule = json::parse(R"({
    "and": [
      {"var": "payload.v.0"},
      {"in": [{"var": "payload.v.0.mp"}, ["EU/1/20/1528", "EU/1/20/1507", "EU/1/21/1529", "EU/1/20/1525"]]},
      {"not-before": [{"plusTime": [{"var": "external.validationClock"}, 0, "day"]},
                      {"plusTime": [{"var": "payload.v.0.dt"}, 14, "day"]}]}
    ]})");
  const json data = json::parse(R"({"payload": {"v": [{"mp": "EU/1/20/1528", "dt": "2021-05-01", "dn": 2, "sd": 2}]},
                                     "external": {"validationClock": "2021-06-01T10:00:00Z"}})");
  const json simple =
      json::parse(R"({"and": [{">=": [{"var": "age"}, 18]}, {"in": [{"var": "country"}, ["DE", "FR", "NL"]]}]})");
  const json simple_data = {{"age", 42}, {"country", "NL"}};
  struct Case {
    const char* name;
    const json* rule;
    const json* data;
    rules::Dialect dialect;
  };
  for (const Case& c :
       {Case{"CertLogic DCC-like rule (and/in/plusTime/not-before)", &rule, &data, rules::Dialect::certlogic},
        Case{"JsonLogic and/>=/in", &simple, &simple_data, rules::Dialect::jsonlogic}}) {
    auto program = rules::compile(*c.rule, {}, "", c.dialect);
    REQUIRE(program.ok());
    REQUIRE(program->evaluate(*c.data).value() == true);
    const int n = 200000;
    const auto start = std::chrono::steady_clock::now();
    int ok = 0;
    for (int i = 0; i < n; ++i) ok += program->evaluate(*c.data).ok() ? 1 : 0;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(ok == n);
    WARN(c.name << ": " << static_cast<long long>(n / s) << " evaluations/s");
  }
}
