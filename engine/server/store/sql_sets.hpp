// Queries over a set of values: up to kSqlSetSize values a statement, each set padded to a power of two with
// its last value repeated, so a few statement shapes are prepared and reused (a trace asks for thousands).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::store {

constexpr std::size_t kSqlSetSize = 256;

inline std::size_t padded_set_size(std::size_t count) {
  std::size_t n = 1;
  while (n < count) n *= 2;
  return n;
}

// "($k, $k+1, ...)" for `items` (padded), their values appended to args.
inline std::string sql_in_list(const std::vector<std::string>& items, std::vector<storage::Value>& args) {
  std::string out = "(";
  for (std::size_t i = 0, n = items.empty() ? 0 : padded_set_size(items.size()); i < n; ++i) {
    args.push_back(items[std::min(i, items.size() - 1)]);
    out += (i ? ", $" : "$") + std::to_string(args.size());
  }
  return out + ")";
}

}  // namespace greenlight::store
