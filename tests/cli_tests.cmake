# The command line as users run it: exit codes and messages (native, or wasm under Node).
function(fl_cli_test name expected_exit)
  cmake_parse_arguments(ARG "" "MATCH" "ARGS" ${ARGN})
  if(EMSCRIPTEN)
    set(_cmd node --no-experimental-fetch $<TARGET_FILE:faultline>)
  else()
    set(_cmd $<TARGET_FILE:faultline>)
  endif()
  add_test(NAME cli_${name} COMMAND ${CMAKE_COMMAND} -DEXPECT=${expected_exit} "-DMATCH=${ARG_MATCH}"
    "-DCMD=${_cmd};${ARG_ARGS}" -P "${CMAKE_CURRENT_SOURCE_DIR}/run_expect.cmake")
endfunction()

fl_cli_test(help 0 MATCH "Usage:" ARGS --help)
fl_cli_test(version 0 MATCH "faultline ${PROJECT_VERSION}" ARGS --version)
fl_cli_test(no_command 2 MATCH "subcommand" ARGS)
fl_cli_test(unknown_command 2 MATCH "faultline:" ARGS frobnicate)
fl_cli_test(unknown_option 2 MATCH "--bogus" ARGS check --bogus)
fl_cli_test(check_shipped 0 MATCH "0 error" ARGS check "${PROJECT_SOURCE_DIR}")
fl_cli_test(check_missing_root 2 MATCH "content/course.json" ARGS check "${PROJECT_SOURCE_DIR}/no-such-folder")
fl_cli_test(check_malformed 2 MATCH "content/course.json: line 3" ARGS check "${CMAKE_CURRENT_SOURCE_DIR}/data/malformed-course")
fl_cli_test(check_malformed_quiz 2
  MATCH "content/quizzes/01-broken.json: /questions/0/options: error: a single-answer question needs exactly one correct option, found 2"
  ARGS check "${CMAKE_CURRENT_SOURCE_DIR}/data/malformed-quiz")
