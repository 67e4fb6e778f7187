// Greenlight's database schema: every engine/src/storage/migrations/NNNN_name.sql, embedded at configure
// time, in version order. Pass to Database::migrate.
#pragma once

#include <vector>

#include "greenlight/storage.hpp"

namespace greenlight::storage {

const std::vector<Migration>& schema_migrations();

}  // namespace greenlight::storage
