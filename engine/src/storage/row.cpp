// Typed reads of a row's text cells. Both backends hand integers back as decimal text and reals as
// round-trip text, so parsing here is exact.
#include <charconv>
#include <stdexcept>

#include "greenlight/storage.hpp"

namespace greenlight::storage {

namespace {

const std::string kEmpty;

// from_chars, not strtod: independent of the process locale, and it reads PostgreSQL's "Infinity"/"NaN".
double parse_real(const std::string& text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) throw std::invalid_argument("storage: cell is not a number");
  return value;
}

std::int64_t parse_integer(const std::string& text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size()) return value;
  // PostgreSQL writes a boolean expression (e.g. SELECT a = b) as t/f where SQLite gives 1/0.
  if (text == "t") return 1;
  if (text == "f") return 0;
  // A REAL column or an expression such as AVG() may hold an integral value written as "3.0".
  double real = parse_real(text);
  if (!(real >= -9.2233720368547758e18 && real < 9.2233720368547758e18)) throw std::invalid_argument("storage: cell is out of integer range");
  return static_cast<std::int64_t>(real);
}

}  // namespace

const std::string& Row::text(std::size_t i) const {
  const auto& cell = cells_.at(i);
  return cell ? *cell : kEmpty;
}

std::int64_t Row::integer(std::size_t i) const {
  const auto& cell = cells_.at(i);
  return cell ? parse_integer(*cell) : 0;
}

double Row::real(std::size_t i) const {
  const auto& cell = cells_.at(i);
  return cell ? parse_real(*cell) : 0;
}

std::optional<std::int64_t> Row::optional_integer(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

}  // namespace greenlight::storage
