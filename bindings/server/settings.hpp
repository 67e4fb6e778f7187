// Server settings from flags, falling back to GREENLIGHT_* environment variables.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace greenlight::server {

struct Settings {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string data_dir = "greenlight-data";
  std::string db_url;  // sqlite:<path> | postgresql://...; default sqlite:<data_dir>/greenlight.db
  // A hot standby of db_url (postgresql://...) for tracing previews and statistics; empty: db_url does all.
  std::string db_read_url;
  std::string web_dir;  // the built pages (web/dist); empty: none served
  std::string issuer_id = "gl:demo";
  std::string tls_cert, tls_key;          // PEM files; both or neither
  std::string public_url;                 // where users reach us (place codes point into it); default from --listen
  std::string sms_webhook;                // empty: the outbox file in the data dir
  std::uint32_t rate_limit_address = 30;  // one-time codes per client address per hour
  bool demo = false;
  std::uint64_t retention_days = 28;    // check-ins older than this are purged daily
  std::uint64_t green_after_days = 14;  // case-assigned yellow/orange -> green without new exposure; 0: never
  std::map<std::string, std::int64_t> dwell_minutes;  // tracing presence per place category (overrides)
  std::uint64_t session_ttl = 7 * 86400;              // citizens' and staff's sessions (authority: at most 12 h)
  std::uint64_t code_ttl = 300;                       // dynamic personal codes (their status entries are kept as long)
  std::uint64_t repeat_window = 600;                  // statistics: a rescan of a subject within this is one visit
  std::uint64_t maintenance_interval = 86400;         // seconds between maintenance runs (purge, auto-green)
  // The HTTP front's limits (docs/api.md "Limits"): a district's checkpoints reconnecting at once must not
  // wait out SYN retransmissions, and one client must not hold every connection.
  std::uint32_t listen_backlog = 1024;
  std::uint32_t max_connections = 4096;
  std::uint32_t max_connections_per_address = 1024;  // a district behind one NAT is one address; 0: no limit
  // --metrics-listen HOST:PORT: a second listener serving /metrics only (docs/deploy.md); port -1: none.
  std::string metrics_host;
  int metrics_port = -1;
  std::string log_format = "text";  // text (as ever) | json: one JSON object per line
  // GREENLIGHT_TEST_CLOCK_OFFSET (environment only, never a flag): seconds added to the server's clock, so
  // tests can issue codes on another day. Not for production.
  std::int64_t test_clock_offset = 0;
};

// Throws std::invalid_argument with a message for the user (main prints it and exits 2).
Settings parse_settings(const std::vector<std::string>& args);

}  // namespace greenlight::server
