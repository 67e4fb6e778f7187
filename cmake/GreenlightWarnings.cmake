# Warnings for our own targets (not for dependencies).
add_library(greenlight_warnings INTERFACE)
target_compile_options(greenlight_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wno-unused-parameter)
