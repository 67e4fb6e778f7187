// A backup of a running server: what `greenlight-server backup` writes (docs/deploy.md).
//
// On SQLite, `out_dir` receives a consistent copy of the database as greenlight.db and the key files as
// keys/ (trust-list.jws too when the root is kept offline), so that
// `greenlight-server --db sqlite:OUT/greenlight.db --data-dir OUT` starts a server on it. On PostgreSQL the
// database is backed up with PostgreSQL's own tools (base backups and WAL archiving, or pg_dump) and only the
// keys are copied: without keys/pii.key no name, phone or ID number in the database can be read again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "greenlight/error.hpp"

namespace greenlight::service {

struct BackupReport {
  std::string out_dir;
  std::optional<std::string> database;  // the copy's path; absent on PostgreSQL
  std::uint64_t database_bytes = 0;
  std::vector<std::string> key_files;  // relative to out_dir
};

// Errors: backup.exists (out_dir already holds a backup: greenlight.db or keys/), backup.io (out_dir cannot
// be created), storage.* (the database cannot be read or the copy written), keyring.io.
Result<BackupReport> back_up(const std::string& db_url, const std::string& data_dir, const std::string& out_dir);

}  // namespace greenlight::service
