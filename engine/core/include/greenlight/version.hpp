// The engine's version (kept equal to package.json's by a test).
#pragma once

#include <string_view>

namespace greenlight {
constexpr std::string_view kVersion = "0.1.0";
}
