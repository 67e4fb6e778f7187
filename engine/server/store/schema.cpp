// The migrations embedded by engine/CMakeLists.txt (generated/schema_migrations.inc).
#include "greenlight/server/schema.hpp"

namespace greenlight::storage {

const std::vector<Migration>& schema_migrations() {
  static const std::vector<Migration> migrations = {
#include "schema_migrations.inc"
  };
  return migrations;
}

}  // namespace greenlight::storage
