// Catch2's main for the engine suite (native and wasm builds).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
