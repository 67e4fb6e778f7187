// Typed reads of a row's text cells. Both backends hand integers back as decimal text and reals as
// round-trip text, so parsing here is exact.
#include <charconv>
#include <string>

#include "greenlight/server/storage.hpp"

namespace greenlight::storage {

namespace {

// from_chars, not strtod: independent of the process locale, and it reads PostgreSQL's "Infinity"/"NaN".
Result<double> real_of(const std::string& text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    return make_error("storage.error", "storage: cell is not a number");
  return value;
}

Result<std::int64_t> integer_of(const std::string& text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size()) return value;
  // PostgreSQL writes a boolean expression (e.g. SELECT a = b) as t/f where SQLite gives 1/0.
  if (text == "t") return std::int64_t(1);
  if (text == "f") return std::int64_t(0);
  // A REAL column or an expression such as AVG() may hold an integral value written as "3.0".
  auto real = real_of(text);
  if (!real || !(*real >= -9.2233720368547758e18 && *real < 9.2233720368547758e18))
    return make_error("storage.error", "storage: cell is not an integer");
  return static_cast<std::int64_t>(*real);
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
