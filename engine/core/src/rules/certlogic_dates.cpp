// CertLogic date-times: parsing the allowed ISO 8601 subset, dccDateOfBirth, plusTime arithmetic (JavaScript
// Date setUTC* semantics), and ISO formatting. Pure integer arithmetic on milliseconds since the epoch (UTC).
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "dates.hpp"

namespace greenlight::rules::detail {

namespace {

constexpr std::int64_t kMsPerDay = 86400000;
constexpr std::int64_t kMsPerHour = 3600000;
constexpr std::int64_t kMaxTime = 8640000000000000;  // JavaScript's Date range: +-1e8 days around the epoch

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1..12, d 1..31). (H. Hinnant's algorithm.)
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                    // [0, 399]
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  if (m <= 2) ++y;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(std::int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// JavaScript MakeDay(year, month0, date): month0 may be any integer, date may overflow the month.
std::int64_t make_day(std::int64_t year, std::int64_t month0, std::int64_t date) {
  const std::int64_t y = year + floor_div(month0, 12);
  const int m = static_cast<int>(month0 - floor_div(month0, 12) * 12) + 1;
  return days_from_civil(y, m, 1) + date - 1;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly n digits at s[pos].
bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!digit(s[pos + i])) return false;
    v = v * 10 + (s[pos + i] - '0');
  }
  out = v;
  return true;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!digit(c)) return false;
  }
  return true;
}

// Parses "hmm"-style offsets after the sign: h, hh, hmm, hhmm, h:mm, hh:mm (and h: / hh:, which certlogic-js's
// pattern also accepts). Returns the offset in minutes.
std::optional<int> parse_offset(std::string_view rest) {
  std::string_view hours;
  std::string_view minutes;
  const std::size_t colon = rest.find(':');
  if (colon != std::string_view::npos) {
    hours = rest.substr(0, colon);
    minutes = rest.substr(colon + 1);
    if (!minutes.empty() && minutes.size() != 2) return std::nullopt;
  } else if (rest.size() <= 2) {
    hours = rest;
  } else if (rest.size() <= 4) {
    hours = rest.substr(0, rest.size() - 2);
    minutes = rest.substr(rest.size() - 2);
  } else {
    return std::nullopt;
  }
  if (hours.empty() || hours.size() > 2 || !all_digits(hours)) return std::nullopt;
  if (!minutes.empty() && !all_digits(minutes)) return std::nullopt;
  const int h = std::atoi(std::string(hours).c_str());
  const int m = minutes.empty() ? 0 : std::atoi(std::string(minutes).c_str());
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::optional<std::int64_t> date_part(std::string_view s, int& year, int& month, int& day) {
  // YYYY-MM-DD at the start of s.
  if (!read_digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !read_digits(s, 5, 2, month) || s[7] != '-' ||
      !read_digits(s, 8, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  return days_from_civil(year, month, day);
}

}  // namespace

std::optional<std::int64_t> parse_date_of_birth(std::string_view s) {
  int year = 0;
  int month = 0;
  if (s.size() == 4) {
    if (!read_digits(s, 0, 4, year)) return std::nullopt;
    return days_from_civil(year, 12, 31) * kMsPerDay;
  }
  if (s.size() == 7) {
    if (!read_digits(s, 0, 4, year) || s[4] != '-' || !read_digits(s, 5, 2, month)) return std::nullopt;
    if (month < 1 || month > 12) return std::nullopt;
    return days_from_civil(year, month, days_in_month(year, month)) * kMsPerDay;
  }
  if (s.size() == 10) {
    int day = 0;
    const auto days = date_part(s, year, month, day);
    if (!days) return std::nullopt;
    return *days * kMsPerDay;
  }
  return std::nullopt;
}

std::optional<std::int64_t> parse_datetime(std::string_view s) {
  if (s.size() <= 10) return parse_date_of_birth(s);  // YYYY, YYYY-MM, YYYY-MM-DD
  int year = 0;
  int month = 0;
  int day = 0;
  const auto days = date_part(s, year, month, day);
  if (!days) return std::nullopt;
  // Thh:mm:ss
  int hh = 0;
  int mi = 0;
  int ss = 0;
  if (s.size() < 19 || s[10] != 'T' || !read_digits(s, 11, 2, hh) || s[13] != ':' || !read_digits(s, 14, 2, mi) ||
      s[16] != ':' || !read_digits(s, 17, 2, ss)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t first = pos;
    int scale = 100;
    while (pos < s.size() && digit(s[pos])) {
      if (scale > 0) millis += (s[pos] - '0') * scale;  // digits past the third are dropped (rounding down)
      scale /= 10;
      ++pos;
    }
    if (pos == first) return std::nullopt;
  }
  int offset_minutes = 0;
  if (pos < s.size()) {
    const char sign = s[pos];
    if (sign == 'Z') {
      if (pos + 1 != s.size()) return std::nullopt;
    } else if (sign == '+' || sign == '-') {
      const auto offset = parse_offset(s.substr(pos + 1));
      if (!offset) return std::nullopt;
      offset_minutes = sign == '+' ? *offset : -*offset;
    } else {
      return std::nullopt;
    }
  }
  const bool end_of_day = hh == 24 && mi == 0 && ss == 0 && millis == 0;  // ISO 8601 "24:00:00"
  if ((hh > 23 && !end_of_day) || mi > 59 || ss > 59) return std::nullopt;
  const std::int64_t local = *days * kMsPerDay + hh * kMsPerHour + mi * 60000 + ss * 1000 + millis;
  const std::int64_t t = local - static_cast<std::int64_t>(offset_minutes) * 60000;
  if (t > kMaxTime || t < -kMaxTime) return std::nullopt;
  return t;
}

std::optional<std::int64_t> plus_time(std::int64_t ms, std::int64_t amount, TimeUnit unit) {
  if (amount == 0) return ms;
  // Any amount beyond these bounds leaves the Date range (+-1e8 days) whatever the start; checking first keeps
  // the arithmetic below far from int64 overflow.
  const std::int64_t day = floor_div(ms, kMsPerDay);
  const std::int64_t time_of_day = ms - day * kMsPerDay;
  std::int64_t result = 0;
  switch (unit) {
    case TimeUnit::hour:
      if (amount > 5000000000LL || amount < -5000000000LL) return std::nullopt;
      result = ms + amount * kMsPerHour;
      break;
    case TimeUnit::day:
      if (amount > 300000000LL || amount < -300000000LL) return std::nullopt;
      result = (day + amount) * kMsPerDay + time_of_day;
      break;
    case TimeUnit::month:
    case TimeUnit::year: {
      if (amount > 10000000LL || amount < -10000000LL) return std::nullopt;
      std::int64_t y = 0;
      int m = 0;
      int d = 0;
      civil_from_days(day, y, m, d);
      const std::int64_t new_day =
          unit == TimeUnit::month ? make_day(y, (m - 1) + amount, d) : make_day(y + amount, m - 1, d);
      result = new_day * kMsPerDay + time_of_day;
      break;
    }
  }
  if (result > kMaxTime || result < -kMaxTime) return std::nullopt;
  return result;
}

std::string format_iso(std::int64_t ms) {
  const std::int64_t day = floor_div(ms, kMsPerDay);
  const std::int64_t t = ms - day * kMsPerDay;
  std::int64_t y = 0;
  int m = 0;
  int d = 0;
  civil_from_days(day, y, m, d);
  char year[32];
  if (y >= 0 && y <= 9999) {
    std::snprintf(year, sizeof year, "%04lld", static_cast<long long>(y));
  } else {
    std::snprintf(year, sizeof year, "%c%06lld", y < 0 ? '-' : '+', static_cast<long long>(y < 0 ? -y : y));
  }
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s-%02d-%02dT%02d:%02d:%02d.%03dZ", year, m, d, static_cast<int>(t / kMsPerHour),
                static_cast<int>((t / 60000) % 60), static_cast<int>((t / 1000) % 60), static_cast<int>(t % 1000));
  return buf;
}

std::optional<TimeUnit> parse_time_unit(std::string_view s) {
  if (s == "year") return TimeUnit::year;
  if (s == "month") return TimeUnit::month;
  if (s == "day") return TimeUnit::day;
  if (s == "hour") return TimeUnit::hour;
  return std::nullopt;
}

}  // namespace greenlight::rules::detail
