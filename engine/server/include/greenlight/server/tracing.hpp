// Contact tracing over check-ins (docs/tracing.md): who was at a place at the same time as a case.
//
// A check-in is a presence interval [time, time + dwell), the dwell depending on the place's category
// (a supermarket visit is shorter than an office day). Two presences at one place overlap when each starts
// before the other ends; the overlap is min(ends) - max(starts) seconds, and touching intervals (one ends
// when the other starts) do not overlap. Close contacts (depth 1) overlap one of the case's presences in the
// infectious window; secondary contacts (depth 2) overlap a close contact's presence after that contact's
// first exposure. Pure computation: the server loads the visits, this decides who the contacts are.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "greenlight/error.hpp"

namespace greenlight::tracing {

// Minutes of presence a check-in stands for, by GL1 place category (docs/format.md); `overrides` replaces
// any of them (--dwell-minutes). Unknown categories use "other".
std::int64_t dwell_seconds(const std::string& category,
                           const std::map<std::string, std::int64_t>& overrides_minutes = {});
// The built-in table, in minutes.
const std::map<std::string, std::int64_t>& default_dwell_minutes();

// One presence: who (a person id), where (a place id), [start, end) in epoch seconds.
struct Visit {
  std::string id;  // the check-in's client id
  std::string person;
  std::string place;
  std::int64_t start = 0;
  std::int64_t end = 0;
};

// One overlap that made someone a contact.
struct Exposure {
  std::string place;
  std::string visit;    // the contact's check-in
  std::string source;   // the case's (depth 1) or the close contact's (depth 2) check-in
  std::string through;  // depth 2: the close contact's person id; depth 1: ""
  std::int64_t start = 0;
  std::int64_t end = 0;  // [start, end): the overlap
};

struct Contact {
  std::string person;
  int depth = 1;
  std::int64_t exposure_seconds = 0;  // summed over every overlap
  std::int64_t exposure_minutes = 0;  // exposure_seconds rounded up to whole minutes
  std::int64_t first_exposure = 0;    // the earliest overlap's start
  std::int64_t last_exposure = 0;     // the latest overlap's end
  std::vector<Exposure> via;          // by start time
};

struct TraceOptions {
  int max_depth = 2;                    // 1: close contacts only
  std::size_t max_visits = 50'000'000;  // refuse inputs beyond this (tracing.too_large)
};

struct Trace {
  std::vector<Visit> case_visits;  // the case's presences that start inside the window, by start
  std::vector<Contact> contacts;   // depth 1 first, then by exposure (longest first), then person id
};

// visits: every presence that may matter (at least those at the places the case and its close contacts
// visited; more is harmless). The case's visits are those of case_person starting in [window_start,
// window_end]. Errors: tracing.window (start after end), tracing.too_large.
Result<Trace> trace(const std::vector<Visit>& visits, const std::string& case_person, std::int64_t window_start,
                    std::int64_t window_end, const TraceOptions& options = {});

}  // namespace greenlight::tracing
