// Private: CertLogic date-time handling (certlogic_dates.cpp). Date-times are milliseconds since the Unix epoch,
// UTC, within JavaScript's Date range (+-8.64e15 ms).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "program.hpp"

namespace greenlight::rules::detail {

// Parses the date(-time) formats of CertLogic's plusTime: YYYY, YYYY-MM (both as dccDateOfBirth does),
// YYYY-MM-DD, and YYYY-MM-DDThh:mm:ss[.S+][Z|+-h|+-hh|+-hmm|+-hhmm|+-h:mm|+-hh:mm] (no offset means Z;
// sub-millisecond digits are truncated). nullopt for anything else, including impossible calendar dates.
std::optional<std::int64_t> parse_datetime(std::string_view s);

// CertLogic dccDateOfBirth: YYYY -> YYYY-12-31, YYYY-MM -> last day of that month, YYYY-MM-DD; at 00:00Z.
std::optional<std::int64_t> parse_date_of_birth(std::string_view s);

// plusTime arithmetic with JavaScript Date setUTC* semantics (overflowing days roll into the next month).
// nullopt if the result leaves JavaScript's Date range.
std::optional<std::int64_t> plus_time(std::int64_t ms, std::int64_t amount, TimeUnit unit);

// JavaScript Date.prototype.toISOString(): "2021-06-01T00:00:00.000Z" ("+012345-..." outside years 0..9999).
std::string format_iso(std::int64_t ms);

// Parses a CertLogic time unit ("year", "month", "day", "hour").
std::optional<TimeUnit> parse_time_unit(std::string_view s);

}  // namespace greenlight::rules::detail
