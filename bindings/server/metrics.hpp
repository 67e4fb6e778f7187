// The server's metrics, as Prometheus scrapes them (text exposition format 0.0.4), on --metrics-listen only
// (docs/deploy.md). Counters are kept here as requests are answered; gauges are read when scraped.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "greenlight/server/service.hpp"

namespace greenlight::server {

inline constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

class Metrics : public service::MetricsSink {
 public:
  Metrics();

  // route: a route's pattern, "static" or "unmatched" (never a raw path: the label set stays small).
  void request_answered(std::string_view route, int status, double seconds);
  void storage_error();
  void checkins_stored(const std::string& method, std::uint64_t count) override;
  void checkin_rejected(const std::string& code) override;

  // The page. publication: the published documents' state, absent when it could not be read (its gauges
  // are then left out rather than reported as zero).
  std::string render(const std::optional<service::Publication>& publication) const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};  // per bucket, not cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> durations_;
  std::map<std::string, std::uint64_t> checkins_stored_, checkins_rejected_;
  std::uint64_t storage_errors_ = 0;
};

}  // namespace greenlight::server
