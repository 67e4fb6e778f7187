// Typed reads of a row's text cells. Both backends hand integers back as decimal text and reals as
// round-trip text, so parsing here is exact.
#include <charconv>
#include <stdexcept>

#include "greenlight/server/storage.hpp"

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

namespace {

// The same parsing as above, as values: no exception leaves a read.
Result<std::int64_t> integer_of(const std::string& text) {
  try {
    return parse_integer(text);
  } catch (const std::exception&) {
    return make_error("storage.error", "storage: cell is not an integer");
  }
}

Result<double> real_of(const std::string& text) {
  try {
    return parse_real(text);
  } catch (const std::exception&) {
    return make_error("storage.error", "storage: cell is not a number");
  }
}

Error no_column(std::size_t i) { return make_error("storage.error", "storage: no column " + std::to_string(i)); }

}  // namespace

template <>
Result<std::optional<std::string>> Row::get<std::optional<std::string>>(std::size_t i) const {
  if (i >= cells_.size()) return no_column(i);
  return cells_[i];
}

template <>
Result<std::string> Row::get<std::string>(std::size_t i) const {
  if (i >= cells_.size()) return no_column(i);
  return cells_[i] ? *cells_[i] : std::string();
}

template <>
Result<std::optional<std::int64_t>> Row::get<std::optional<std::int64_t>>(std::size_t i) const {
  if (i >= cells_.size()) return no_column(i);
  if (!cells_[i]) return std::optional<std::int64_t>();
  auto value = integer_of(*cells_[i]);
  if (!value) return value.error();
  return std::optional<std::int64_t>(*value);
}

template <>
Result<std::int64_t> Row::get<std::int64_t>(std::size_t i) const {
  auto value = get<std::optional<std::int64_t>>(i);
  if (!value) return value.error();
  return value->value_or(0);
}

template <>
Result<std::optional<double>> Row::get<std::optional<double>>(std::size_t i) const {
  if (i >= cells_.size()) return no_column(i);
  if (!cells_[i]) return std::optional<double>();
  auto value = real_of(*cells_[i]);
  if (!value) return value.error();
  return std::optional<double>(*value);
}

template <>
Result<double> Row::get<double>(std::size_t i) const {
  auto value = get<std::optional<double>>(i);
  if (!value) return value.error();
  return value->value_or(0);
}

template <>
Result<std::optional<bool>> Row::get<std::optional<bool>>(std::size_t i) const {
  auto value = get<std::optional<std::int64_t>>(i);
  if (!value) return value.error();
  if (!*value) return std::optional<bool>();
  return std::optional<bool>(**value != 0);
}

template <>
Result<bool> Row::get<bool>(std::size_t i) const {
  auto value = get<std::optional<bool>>(i);
  if (!value) return value.error();
  return value->value_or(false);
}

}  // namespace greenlight::storage
