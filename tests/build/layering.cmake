# layering: the rules of docs/architecture.md that a grep can check.
#   - SQL lives only in engine/server/store/: no SQL statement text and no query()/exec() call elsewhere in
#     engine/ or bindings/;
#   - HTTP lives only in bindings/server/: engine/ names no HTTP header, status word or HTTP library.
# Comment lines are skipped (they may explain what a front does).
# Run: cmake -DSOURCE_DIR=<repo> -P tests/build/layering.cmake
if(NOT SOURCE_DIR)
  message(FATAL_ERROR "layering: pass -DSOURCE_DIR=<repository root>")
endif()
set(problems "")

function(code_lines file out)
  file(STRINGS "${file}" lines)
  set(kept "")
  foreach(line IN LISTS lines)
    if(NOT line MATCHES "^[ \t]*(//|\\*|/\\*)")
      list(APPEND kept "${line}")
    endif()
  endforeach()
  set(${out} "${kept}" PARENT_SCOPE)
endfunction()

# SQL outside the store.
set(sql_statement "\"[^\"]*(SELECT [^\"]* FROM|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE (TABLE|INDEX)|ALTER TABLE|DROP TABLE)")
set(sql_call "[.>](query|exec|execute)[ \t]*\\(")
file(GLOB_RECURSE code RELATIVE "${SOURCE_DIR}"
  "${SOURCE_DIR}/engine/*.cpp" "${SOURCE_DIR}/engine/*.hpp" "${SOURCE_DIR}/bindings/*.cpp" "${SOURCE_DIR}/bindings/*.hpp")
list(LENGTH code code_count)
if(code_count LESS 50)
  message(FATAL_ERROR "layering: only ${code_count} sources found; wrong SOURCE_DIR?")
endif()
set(http_words "Cache-Control|ETag|If-None-Match|If-Modified-Since|Content-Type|WWW-Authenticate|Retry-After|httplib|microhttpd|MHD_|http_status|status_code|Not Modified|No Content")
set(store_count 0)
foreach(rel IN LISTS code)
  set(in_store FALSE)
  if(rel MATCHES "^engine/server/store/")
    set(in_store TRUE)
    math(EXPR store_count "${store_count} + 1")
  endif()
  code_lines("${SOURCE_DIR}/${rel}" lines)
  foreach(line IN LISTS lines)
    # SQL outside the store.
    if(NOT in_store AND line MATCHES "${sql_statement}")
      list(APPEND problems "${rel}: SQL outside engine/server/store: ${line}")
    elseif(NOT in_store AND line MATCHES "${sql_call}")
      list(APPEND problems "${rel}: a database call outside engine/server/store: ${line}")
    endif()
    # HTTP outside bindings/server.
    if(rel MATCHES "^engine/" AND line MATCHES "(${http_words})")
      list(APPEND problems "${rel}: HTTP (${CMAKE_MATCH_1}) belongs in bindings/server: ${line}")
    endif()
  endforeach()
endforeach()
if(store_count EQUAL 0)
  message(FATAL_ERROR "layering: engine/server/store holds no sources")
endif()

if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "layering:\n  ${text}")
endif()
message(STATUS "layering: ${code_count} sources; SQL only in engine/server/store (${store_count} files), HTTP only in bindings/server")
