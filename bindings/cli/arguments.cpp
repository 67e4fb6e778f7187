#include "arguments.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace greenlight::cli {

Arguments::Arguments(const std::vector<std::string>& args, const std::set<std::string>& known) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a.size() > 2 && a.rfind("--", 0) == 0) {
      std::string name = a.substr(2), value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      } else {
        if (i + 1 >= args.size()) throw UsageError("--" + name + " needs a value");
        value = args[++i];
      }
      if (!known.count(name)) throw UsageError("unknown option --" + name);
      options_.emplace(name, value);
    } else {
      positionals_.push_back(a);
    }
  }
}

std::optional<std::string> Arguments::get(const std::string& name) const {
  auto range = options_.equal_range(name);
  if (range.first == range.second) return std::nullopt;
  if (std::next(range.first) != range.second) throw UsageError("--" + name + " may be given once");
  return range.first->second;
}

std::string Arguments::require(const std::string& name) const {
  auto v = get(name);
  if (!v) throw UsageError("--" + name + " is required");
  return *v;
}

std::vector<std::string> Arguments::all(const std::string& name) const {
  std::vector<std::string> out;
  auto range = options_.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

std::optional<std::uint64_t> Arguments::get_uint(const std::string& name) const {
  auto v = get(name);
  if (!v) return std::nullopt;
  if (v->empty() || v->size() > 19 || v->find_first_not_of("0123456789") != std::string::npos)
    throw UsageError("--" + name + " must be a non-negative integer");
  return std::stoull(*v);
}

std::string read_text_file(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace greenlight::cli
