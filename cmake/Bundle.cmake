# The app bundle (content/, learner-facing labs/, fonts/, licenses/) staged into
# ${CMAKE_BINARY_DIR}/bundle by cmake/stage_bundle.py on every build; the stamp changes only
# when a staged file does. The web app loads it as a preloaded data package (app.data +
# app.data.js, made by Emscripten's file_packager); the desktop app reads the folder.
set(FL_BUNDLE_DIR "${CMAKE_BINARY_DIR}/bundle")
set(FL_BUNDLE_STAMP "${CMAKE_BINARY_DIR}/bundle.stamp")
if(EMSCRIPTEN)
  set(_platform web)
else()
  set(_platform desktop)
endif()
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_custom_target(fl_bundle ALL
  COMMAND Python3::Interpreter "${PROJECT_SOURCE_DIR}/cmake/stage_bundle.py" --root "${PROJECT_SOURCE_DIR}"
    --deps "${FL_DEPS_DIR}" --out "${FL_BUNDLE_DIR}" --platform ${_platform} --stamp "${FL_BUNDLE_STAMP}"
  BYPRODUCTS "${FL_BUNDLE_STAMP}"
  COMMENT "Staging the app bundle (content, learner-facing lab files, fonts, licences)"
  VERBATIM)

if(EMSCRIPTEN)
  # The web ships its fonts subset to the glyph ranges the app rasterises (src/ui/fonts.cpp):
  # about 24 KB per font instead of 200-530 KB. The desktop keeps the whole files.
  set(FL_WEB_FONTS_DIR "${CMAKE_BINARY_DIR}/fonts-web")
  set(FL_WEB_FONTS_STAMP "${CMAKE_BINARY_DIR}/fonts-web.stamp")
  add_custom_command(OUTPUT "${FL_WEB_FONTS_STAMP}"
    COMMAND Python3::Interpreter "${PROJECT_SOURCE_DIR}/cmake/subset_fonts.py"
      --ranges "${PROJECT_SOURCE_DIR}/src/ui/fonts.cpp" --in "${FL_BUNDLE_DIR}/fonts" --out "${FL_WEB_FONTS_DIR}"
      --stamp "${FL_WEB_FONTS_STAMP}"
    DEPENDS "${FL_BUNDLE_STAMP}" "${PROJECT_SOURCE_DIR}/src/ui/fonts.cpp" "${PROJECT_SOURCE_DIR}/cmake/subset_fonts.py"
    COMMENT "Subsetting the fonts to the glyphs the app draws (pyftsubset)"
    VERBATIM)
  add_custom_command(OUTPUT "${CMAKE_BINARY_DIR}/app.data" "${CMAKE_BINARY_DIR}/app.data.js"
    COMMAND Python3::Interpreter "${EMSCRIPTEN_ROOT_PATH}/tools/file_packager.py" app.data
      --preload bundle@/bundle fonts-web@/bundle/fonts --exclude bundle/fonts --js-output=app.data.js --no-node
    DEPENDS "${FL_BUNDLE_STAMP}" "${FL_WEB_FONTS_STAMP}"
    WORKING_DIRECTORY "${CMAKE_BINARY_DIR}"
    COMMENT "Packaging the bundle as app.data"
    VERBATIM)
  add_custom_target(fl_web_data ALL DEPENDS "${CMAKE_BINARY_DIR}/app.data" "${CMAKE_BINARY_DIR}/app.data.js")
  add_dependencies(fl_web_data fl_bundle)
endif()
