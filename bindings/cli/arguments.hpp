// A tiny option parser for the CLI: --name value pairs (repeatable) and positionals.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace greenlight::cli {

// Thrown for anything the user typed wrong; main() turns it into exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Arguments {
 public:
  // `known` lists the accepted options (without "--"); anything else is a UsageError.
  Arguments(const std::vector<std::string>& args, const std::set<std::string>& known);

  std::optional<std::string> get(const std::string& name) const;
  std::string require(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;
  std::optional<std::uint64_t> get_uint(const std::string& name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  std::multimap<std::string, std::string> options_;
  std::vector<std::string> positionals_;
};

std::string read_text_file(const std::string& path);  // "-" is standard input; UsageError if unreadable

}  // namespace greenlight::cli
