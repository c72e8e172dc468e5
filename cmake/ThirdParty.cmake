# Third-party libraries, compiled from the Debian sources that scripts/setup fetched into
# build/deps, so that the native and the wasm builds use exactly the same code.
set(FL_DEPS_DIR "${PROJECT_SOURCE_DIR}/build/deps" CACHE PATH "Prepared third-party sources")
if(NOT EXISTS "${FL_DEPS_DIR}/lua-src/lua.h" OR NOT EXISTS "${FL_DEPS_DIR}/sqlite-amalgamation/sqlite3.c")
  message(FATAL_ERROR "Third-party sources missing in ${FL_DEPS_DIR}: run scripts/setup first.")
endif()

# --- Portable libm: musl's double-precision functions, renamed fl_* ---------------------
# glibc and Emscripten's libc disagree in the last bit of transcendental functions; the core
# and Lua call only these (see src/base/portable_math.h).
set(FL_MUSL_MATH_FILES
  exp exp_data exp2 log log_data log2 log2_data log10 pow pow_data
  sin cos tan __sin __cos __tan __rem_pio2 __rem_pio2_large asin acos atan atan2
  __math_oflow __math_uflow __math_xflow __math_invalid __math_divzero)
set(_units)
foreach(f IN LISTS FL_MUSL_MATH_FILES)
  set(_unit "${CMAKE_CURRENT_BINARY_DIR}/musl_math/${f}.c")
  file(CONFIGURE OUTPUT "${_unit}" CONTENT
    "#include \"musl_prelude.h\"\n#include \"${FL_DEPS_DIR}/musl/src/math/${f}.c\"\n" @ONLY)
  list(APPEND _units "${_unit}")
endforeach()
add_library(fl_musl_math STATIC ${_units})
target_include_directories(fl_musl_math PRIVATE
  "${PROJECT_SOURCE_DIR}/src/base/musl" "${PROJECT_SOURCE_DIR}/src/base" "${FL_DEPS_DIR}/musl/src/internal"
  "${FL_DEPS_DIR}/musl/arch/generic" "${FL_DEPS_DIR}/musl/src/math")
target_compile_options(fl_musl_math PRIVATE -w -Werror=implicit-function-declaration -fno-builtin)
set_target_properties(fl_musl_math PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)

# --- Lua 5.4, compiled as C (yields unwind with longjmp, ~40x cheaper than C++ throw) ----
file(GLOB FL_LUA_SOURCES "${FL_DEPS_DIR}/lua-src/*.c")
list(FILTER FL_LUA_SOURCES EXCLUDE REGEX "/lua\\.c$|/luac\\.c$")
add_library(fl_lua STATIC ${FL_LUA_SOURCES})
target_include_directories(fl_lua SYSTEM PUBLIC "${FL_DEPS_DIR}/lua-src")
# fl_lua_config.h: constant hash seed, portable maths (see patches/lua-*.patch).
target_compile_options(fl_lua PRIVATE -w "SHELL:-include ${PROJECT_SOURCE_DIR}/src/base/fl_lua_config.h")
target_link_libraries(fl_lua PUBLIC fl_base)

# --- SQLite ---------------------------------------------------------------------------
add_library(fl_sqlite STATIC "${FL_DEPS_DIR}/sqlite-amalgamation/sqlite3.c")
target_include_directories(fl_sqlite SYSTEM PUBLIC "${FL_DEPS_DIR}/sqlite-amalgamation")
target_compile_definitions(fl_sqlite PRIVATE SQLITE_OMIT_LOAD_EXTENSION SQLITE_THREADSAFE=0
  SQLITE_DEFAULT_MEMSTATUS=0 SQLITE_DQS=0 SQLITE_OMIT_DEPRECATED)
target_compile_options(fl_sqlite PRIVATE -w)
if(FL_SANITIZE)
  # SQLite and Lua are fuzzed upstream far beyond what we could. Instrumenting SQLite's
  # 250,000 lines made it the longest compile of the CI build (almost 3 minutes), and an
  # instrumented Lua VM made grading a lab under ASan ten times slower than a release build.
  # Our own code (the sandbox's C functions included) stays instrumented.
  target_compile_options(fl_sqlite PRIVATE -fno-sanitize=all)
  target_compile_options(fl_lua PRIVATE -fno-sanitize=all -O2)
endif()

# --- md4c -------------------------------------------------------------------------------
add_library(fl_md4c STATIC "${FL_DEPS_DIR}/md4c/src/md4c.c" "${FL_DEPS_DIR}/md4c/src/entity.c")
target_include_directories(fl_md4c SYSTEM PUBLIC "${FL_DEPS_DIR}/md4c/src")
target_compile_options(fl_md4c PRIVATE -w)

# --- Dear ImGui (UI products only; the core never links it) -----------------------------
if(FL_BUILD_UI)
  set(_im "${FL_DEPS_DIR}/imgui")
  add_library(fl_imgui STATIC "${_im}/imgui.cpp" "${_im}/imgui_draw.cpp" "${_im}/imgui_tables.cpp"
    "${_im}/imgui_widgets.cpp" "${_im}/backends/imgui_impl_opengl3.cpp")
  target_include_directories(fl_imgui SYSTEM PUBLIC "${_im}" "${_im}/backends")
  target_compile_options(fl_imgui PRIVATE -w)
  if(EMSCRIPTEN)
    target_compile_definitions(fl_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3)
  else()
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(GLFW3 REQUIRED IMPORTED_TARGET glfw3)
    find_package(OpenGL REQUIRED)
    target_sources(fl_imgui PRIVATE "${_im}/backends/imgui_impl_glfw.cpp")
    target_link_libraries(fl_imgui PUBLIC PkgConfig::GLFW3 OpenGL::GL ${CMAKE_DL_LIBS})
  endif()
  if(FL_SANITIZE)
    target_compile_options(fl_imgui PRIVATE -fno-sanitize=all)  # as SQLite and Lua above
  endif()
endif()

# Unity builds (CMAKE_UNITY_BUILD in the CI presets) are for our own code: these C sources
# share static names across files.
set_target_properties(fl_musl_math fl_lua fl_sqlite fl_md4c PROPERTIES UNITY_BUILD OFF)
if(TARGET fl_imgui)
  set_target_properties(fl_imgui PROPERTIES UNITY_BUILD OFF)
endif()

# --- Header-only libraries from Debian (nlohmann_json, CLI11, Catch2) ---------------------
# Linked into a private folder so that the wasm build sees them without /usr/include.
set(_hdr "${CMAKE_BINARY_DIR}/third_party_include")
file(MAKE_DIRECTORY "${_hdr}")
foreach(dir nlohmann CLI catch2)
  if(NOT EXISTS "/usr/include/${dir}")
    message(FATAL_ERROR "/usr/include/${dir} missing: run scripts/setup first.")
  endif()
  if(NOT EXISTS "${_hdr}/${dir}")
    file(CREATE_LINK "/usr/include/${dir}" "${_hdr}/${dir}" SYMBOLIC)
  endif()
endforeach()
add_library(fl_header_libs INTERFACE)
target_include_directories(fl_header_libs SYSTEM INTERFACE "${_hdr}")
