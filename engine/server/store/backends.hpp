// What database.cpp needs from the two backends, and helpers they share. Internal to greenlight_storage.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::storage::detail {

// path: what follows "sqlite:".
Result<std::unique_ptr<Database>> open_sqlite(const std::string& path);
// url: the whole "postgresql://..." URL.
Result<std::unique_ptr<Database>> open_postgres(const std::string& url, int pool_size);

// Shortest text that reads back as exactly the same double (what PostgreSQL itself prints).
std::string format_real(double value);

// A migration's statements: split at ';' ending a line, except inside a $$-quoted body; lines that are
// only a "--" comment are dropped.
std::vector<std::string> split_statements(std::string_view sql);

}  // namespace greenlight::storage::detail
