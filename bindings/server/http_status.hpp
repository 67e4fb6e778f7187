// The HTTP status for each error code of docs/api.md.
#pragma once

#include <string_view>

namespace greenlight::server {

int http_status_for(std::string_view code);

}  // namespace greenlight::server
