// The database first, then the keys: keys never change once written (rotated issuer keys live in the
// database), so a copy of them taken after the snapshot still opens every sealed value in it.
#include "greenlight/server/backup.hpp"

#include <filesystem>

#include "greenlight/server/keyring.hpp"
#include "greenlight/server/storage.hpp"

namespace greenlight::service {

namespace fs = std::filesystem;

Result<BackupReport> back_up(const std::string& db_url, const std::string& data_dir, const std::string& out_dir) {
  const fs::path out(out_dir);
  std::error_code ec;
  // Never over an earlier backup: an operator keeps several, and a half-overwritten one is worth nothing.
  if (fs::exists(out / "greenlight.db", ec) || fs::exists(out / "keys", ec))
    return make_error("backup.exists", out_dir + " already holds a backup; name a new folder");
  fs::create_directories(out, ec);
  if (ec) return make_error("backup.io", "cannot create " + out_dir + ": " + ec.message());
  fs::permissions(out, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) return make_error("backup.io", "cannot make " + out_dir + " private: " + ec.message());

  BackupReport report;
  report.out_dir = out_dir;
  if (db_url.rfind("sqlite:", 0) == 0) {
    auto path = (out / "greenlight.db").string();
    auto bytes = storage::back_up_sqlite(db_url, path);
    if (!bytes) return bytes.error();
    report.database = path;
    report.database_bytes = *bytes;
  }
  auto keys = copy_key_files(data_dir, out_dir);
  if (!keys) return keys.error();
  report.key_files = std::move(*keys);
  return report;
}

}  // namespace greenlight::service
