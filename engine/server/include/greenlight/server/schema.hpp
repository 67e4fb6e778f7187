// Greenlight's database schema: every engine/server/store/migrations/NNNN_name.sql, embedded at configure
// time, in version order. Pass to Database::migrate.
#pragma once

#include <vector>

#include "greenlight/server/storage.hpp"

namespace greenlight::storage {

const std::vector<Migration>& schema_migrations();

}  // namespace greenlight::storage
