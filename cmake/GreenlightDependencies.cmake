# Third-party dependencies, all from Debian packages.
#
# Natively they are found where Debian installs them. Emscripten must never see /usr/include (glibc
# headers would shadow its libc), so header-only libraries are copied into include dirs of their own
# under the build tree, and libsodium comes from Debian's source package compiled by
# scripts/lib/build-libsodium-wasm.

set(GREENLIGHT_SYSTEM_INCLUDE "/usr/include" CACHE PATH "Where Debian's header-only packages live")

function(greenlight_private_headers name subdir)
  set(dest "${CMAKE_BINARY_DIR}/_deps/${name}/include")
  if(NOT EXISTS "${GREENLIGHT_SYSTEM_INCLUDE}/${subdir}")
    message(FATAL_ERROR "${GREENLIGHT_SYSTEM_INCLUDE}/${subdir} is missing: run ./scripts/setup")
  endif()
  file(COPY "${GREENLIGHT_SYSTEM_INCLUDE}/${subdir}" DESTINATION "${dest}")
  set(${name}_INCLUDE_DIR "${dest}" PARENT_SCOPE)
endfunction()

if(EMSCRIPTEN)
  greenlight_private_headers(nlohmann_json nlohmann)
  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
  target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE "${nlohmann_json_INCLUDE_DIR}")

  set(GREENLIGHT_SODIUM_WASM_PREFIX "${PROJECT_SOURCE_DIR}/build/_deps/libsodium-wasm" CACHE PATH
      "libsodium compiled for wasm (scripts/lib/build-libsodium-wasm)")
  if(NOT EXISTS "${GREENLIGHT_SODIUM_WASM_PREFIX}/lib/libsodium.a")
    message(FATAL_ERROR "No wasm libsodium at ${GREENLIGHT_SODIUM_WASM_PREFIX}: run ./scripts/setup")
  endif()
  add_library(greenlight_sodium STATIC IMPORTED)
  set_target_properties(greenlight_sodium PROPERTIES
    IMPORTED_LOCATION "${GREENLIGHT_SODIUM_WASM_PREFIX}/lib/libsodium.a"
    INTERFACE_INCLUDE_DIRECTORIES "${GREENLIGHT_SODIUM_WASM_PREFIX}/include")

  if(GREENLIGHT_BUILD_TESTS)
    greenlight_private_headers(catch2 catch2)
    add_library(greenlight_catch2 INTERFACE)
    target_include_directories(greenlight_catch2 SYSTEM INTERFACE "${catch2_INCLUDE_DIR}")
  endif()
else()
  find_package(nlohmann_json 3.10 REQUIRED)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
  add_library(greenlight_sodium INTERFACE)
  target_link_libraries(greenlight_sodium INTERFACE PkgConfig::SODIUM)
  if(GREENLIGHT_BUILD_TESTS)
    find_package(Catch2 2.13 REQUIRED)
    add_library(greenlight_catch2 INTERFACE)
    target_link_libraries(greenlight_catch2 INTERFACE Catch2::Catch2)
  endif()
endif()
