# core-isolation: engine/core is what ships to the browser, so it must compile with no file, database,
# network or HTTP dependency. Checked here on the sources (the configure-time check in engine/CMakeLists.txt
# covers what the target links):
#   - every #include in engine/core names a C++ standard header, libsodium, nlohmann/json, a core header
#     (greenlight/... under engine/core/include) or a file beside it;
#   - the core's include root holds no server or QR headers, so browser code cannot even name one.
# Run: cmake -DSOURCE_DIR=<repo> -P tests/build/core_isolation.cmake
if(NOT SOURCE_DIR)
  message(FATAL_ERROR "core-isolation: pass -DSOURCE_DIR=<repository root>")
endif()
set(core "${SOURCE_DIR}/engine/core")
if(NOT IS_DIRECTORY "${core}/include/greenlight")
  message(FATAL_ERROR "core-isolation: ${core}/include/greenlight is missing")
endif()

# Standard headers a core file may not use: they reach files, threads' OS side, the network or the terminal.
set(forbidden_std fstream filesystem iostream thread future cstdio_ext)
set(problems "")

file(GLOB_RECURSE sources RELATIVE "${core}" "${core}/*.cpp" "${core}/*.hpp" "${core}/*.h" "${core}/*.inc")
list(LENGTH sources source_count)
if(source_count LESS 20)
  message(FATAL_ERROR "core-isolation: only ${source_count} sources found under ${core}; wrong SOURCE_DIR?")
endif()

foreach(rel IN LISTS sources)
  file(STRINGS "${core}/${rel}" includes REGEX "^[ \t]*#[ \t]*include")
  get_filename_component(dir "${core}/${rel}" DIRECTORY)
  foreach(line IN LISTS includes)
    if(line MATCHES "#[ \t]*include[ \t]*<([^>]+)>")
      set(name "${CMAKE_MATCH_1}")
      if(name MATCHES "^greenlight/")
        if(NOT EXISTS "${core}/include/${name}")
          list(APPEND problems "${rel}: <${name}> is not a core header")
        endif()
      elseif(name STREQUAL "sodium.h" OR name MATCHES "^nlohmann/")
        # the two libraries the core links
      elseif(name MATCHES "^[a-z_]+$")
        list(FIND forbidden_std "${name}" at)
        if(NOT at EQUAL -1)
          list(APPEND problems "${rel}: <${name}> reaches outside the process")
        endif()
      else()
        list(APPEND problems "${rel}: <${name}> is neither standard, libsodium nor nlohmann/json")
      endif()
    elseif(line MATCHES "#[ \t]*include[ \t]*\"([^\"]+)\"")
      set(name "${CMAKE_MATCH_1}")
      if(name STREQUAL "default_rules.inc")
        # generated at configure time from engine/core/rules/default.json
      elseif(EXISTS "${dir}/${name}")
        get_filename_component(target "${dir}/${name}" REALPATH)
        get_filename_component(core_real "${core}" REALPATH)
        string(FIND "${target}" "${core_real}/" inside)
        if(NOT inside EQUAL 0)
          list(APPEND problems "${rel}: \"${name}\" lies outside engine/core")
        endif()
      elseif(NOT EXISTS "${core}/include/${name}")
        list(APPEND problems "${rel}: \"${name}\" is not a core file")
      endif()
    endif()
  endforeach()
endforeach()

# The include root: core headers only.
foreach(other server qr storage service)
  if(EXISTS "${core}/include/greenlight/${other}" OR EXISTS "${core}/include/greenlight/${other}.hpp")
    list(APPEND problems "engine/core/include/greenlight/${other}: belongs to another library")
  endif()
endforeach()

if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "core-isolation: engine/core must stay free of files, databases, network and HTTP:\n  ${text}")
endif()
message(STATUS "core-isolation: ${source_count} core sources include only the standard library, libsodium, nlohmann/json and the core")
