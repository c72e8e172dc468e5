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
# Lab worlds (src/sim/lab_check.cpp): each malformed labs/*/lab.json is named with its JSON path.
fl_cli_test(check_lab_unknown_fault 2
  MATCH "labs/02-unknown-fault/lab.json: /world/faults/0/kind: error: unknown fault kind \"explode\""
  ARGS check "${CMAKE_CURRENT_SOURCE_DIR}/data/malformed-labs")
fl_cli_test(check_lab_bad_json 2 MATCH "labs/01-bad-json/lab.json: line 4, column [0-9]+: error: invalid JSON"
  ARGS check "${CMAKE_CURRENT_SOURCE_DIR}/data/malformed-labs")
fl_cli_test(check_lab_negative_rate 2
  MATCH "labs/03-negative-rate/lab.json: /world/services/0/rate_limits/0/refill_per_s: error: the refill rate must be more than 0"
  ARGS check "${CMAKE_CURRENT_SOURCE_DIR}/data/malformed-labs")
fl_cli_test(check_lab_no_responses 2
  MATCH "labs/04-no-responses/lab.json: /world/services/0/routes/0/responses: error: a route needs at least one response"
  ARGS check "${CMAKE_CURRENT_SOURCE_DIR}/data/malformed-labs")
fl_cli_test(check_lab_wrong_types 2 MATCH "labs/05-wrong-types/lab.json: /world/network/latency: error: expected a latency"
  ARGS check "${CMAKE_CURRENT_SOURCE_DIR}/data/malformed-labs")
fl_cli_test(check_lab_missing_file 2 MATCH "labs/06-missing/lab.json: error: cannot read"
  ARGS check "${CMAKE_CURRENT_SOURCE_DIR}/data/malformed-labs")

# grade and lab test (lab 2): exit 0 passed, 1 failed or errored, 2 bad input.
set(_lab2 "${PROJECT_SOURCE_DIR}/labs/02-rate-limits")
set(_gdata "${CMAKE_CURRENT_SOURCE_DIR}/data/grade")
fl_cli_test(grade_reference 0 MATCH "\"version\":3,\"status\":\"pass\"" ARGS grade ${_lab2} ${_lab2}/reference.lua)
fl_cli_test(grade_reference_text 0 MATCH "PASSED.*score: 20.0 / 20.0" ARGS grade ${_lab2} ${_lab2}/reference.lua --seed 202 --format text)
fl_cli_test(grade_gradescope 1 MATCH "\"visibility\":\"visible\"" ARGS grade ${_lab2} ${_lab2}/naive/no-jitter.lua --seed 101 --format gradescope)
fl_cli_test(grade_naive_fails 1 MATCH "\"status\":\"fail\".*On seed 101" ARGS grade ${_lab2} ${_lab2}/naive/ignores-retry-after.lua)
fl_cli_test(grade_several_in_order 1 MATCH "reference.lua.*\n.*no-timeout.lua" ARGS grade ${_lab2} ${_lab2}/reference.lua ${_lab2}/naive/no-timeout.lua --seed 303 --jobs 2)
fl_cli_test(grade_syntax_error 1 MATCH "\"status\":\"error\".*line 5" ARGS grade ${_lab2} ${_gdata}/syntax_error.lua --seed 101)
fl_cli_test(grade_runtime_error 1 MATCH "\"status\":\"error\".*runtime_error.lua:5" ARGS grade ${_lab2} ${_gdata}/runtime_error.lua --seed 101)
fl_cli_test(grade_missing_solution 2 MATCH "no-such-file.lua" ARGS grade ${_lab2} ${_gdata}/no-such-file.lua)
fl_cli_test(grade_missing_lab 2 MATCH "no-such-lab/lab.json" ARGS grade ${_gdata}/no-such-lab ${_lab2}/reference.lua)
fl_cli_test(grade_bad_format 2 MATCH "--format" ARGS grade ${_lab2} ${_lab2}/reference.lua --format xml)
fl_cli_test(grade_db 0 MATCH "\"status\":\"pass\"" ARGS grade ${_lab2} ${_lab2}/reference.lua --seed 101
  --db ${CMAKE_CURRENT_BINARY_DIR}/grade_db_test.sqlite)
fl_cli_test(lab_test_lab2 0 MATCH "ok .*reference.lua passes every check" ARGS lab test ${_lab2} --jobs 2)
# Solutions written from the brief alone (not the reference): good ones pass on every seed,
# flawed ones fail exactly their checks on every seed (tests/lab_solutions.cmake). Native only:
# 27 lab runs, and the native-vs-wasm comparison already covers lab 2 in the browser build.
if(NOT EMSCRIPTEN)
  add_test(NAME cli_lab2_solutions COMMAND ${CMAKE_COMMAND} "-DCMD=$<TARGET_FILE:faultline>" -DLAB=${_lab2}
    -DDIR=${CMAKE_CURRENT_SOURCE_DIR}/data/lab02-solutions -P "${CMAKE_CURRENT_SOURCE_DIR}/lab_solutions.cmake")
endif()
fl_cli_test(lab_test_missing 2 MATCH "lab.json" ARGS lab test ${_gdata}/no-such-lab)

# Labs 1 and 3: the self-test, and good solutions written apart from the reference (each a
# different structure) that must pass on every seed.
set(_lab1 "${PROJECT_SOURCE_DIR}/labs/01-auth")
set(_lab3 "${PROJECT_SOURCE_DIR}/labs/03-error-handling")
set(_good1 "${CMAKE_CURRENT_SOURCE_DIR}/data/lab01-solutions/good")
set(_good3 "${CMAKE_CURRENT_SOURCE_DIR}/data/lab03-solutions/good")
fl_cli_test(lab_test_lab1 0 MATCH "ok .*reference.lua passes every check" ARGS lab test ${_lab1} --jobs 2)
fl_cli_test(lab_test_lab3 0 MATCH "ok .*reference.lua passes every check" ARGS lab test ${_lab3} --jobs 2)
fl_cli_test(grade_lab1_good 0 MATCH "\"status\":\"pass\"" ARGS grade ${_lab1} ${_good1}/sequential.lua
  ${_good1}/worker-pool.lua ${_good1}/background-refresher.lua --jobs 2)
fl_cli_test(grade_lab3_good 0 MATCH "\"status\":\"pass\"" ARGS grade ${_lab3} ${_good3}/closure-breaker.lua
  ${_good3}/worker-pool.lua ${_good3}/lanes.lua --jobs 2)

# run (src/cli/run_command.cpp): exit 0 completed, 1 the code failed or hit a limit, 2 bad input.
set(_play "${PROJECT_SOURCE_DIR}/labs/00-playground")
set(_rdata "${CMAKE_CURRENT_SOURCE_DIR}/data/run")
set(_hostile "${CMAKE_CURRENT_SOURCE_DIR}/hostile")
fl_cli_test(run_playground_starter 0 MATCH "outcome: completed.*requests: 11 \\(200: 10, 429: 1\\)"
  ARGS run ${_play} ${_play}/starter.lua)
fl_cli_test(run_trace 0 MATCH "info  echo \\{\"status\":200\\}"
  ARGS run ${_play} ${_rdata}/echo.lua --seed 3 --trace ${CMAKE_CURRENT_BINARY_DIR}/run_trace_test.jsonl)
fl_cli_test(run_syntax_error 1 MATCH "outcome: error.*syntax_error.lua:1: unexpected symbol near '='"
  ARGS run ${_play} ${_rdata}/syntax_error.lua)
fl_cli_test(run_runtime_error 1
  MATCH "runtime_error.lua:3: attempt to index a nil value \\(local 'res'\\).*in function 'main'"
  ARGS run ${_play} ${_rdata}/runtime_error.lua)
fl_cli_test(run_limit_loop 1 MATCH "outcome: limit \\(instructions\\).*an endless loop"
  ARGS run ${_play} ${_hostile}/loop_plain.lua)
fl_cli_test(run_limit_memory 1 MATCH "outcome: limit \\(memory\\)" ARGS run ${_play} ${_hostile}/memory_table_growth.lua)
fl_cli_test(run_escape_os 1 MATCH "os.execute is not available in the sandbox" ARGS run ${_play} ${_hostile}/escape_os_execute.lua)
fl_cli_test(run_sleep_forever 1 MATCH "outcome: limit \\(virtual_time\\)" ARGS run ${_play} ${_hostile}/sleep_forever.lua)
fl_cli_test(run_missing_solution 2 MATCH "no-such-file.lua" ARGS run ${_play} ${_rdata}/no-such-file.lua)
fl_cli_test(run_missing_lab 2 MATCH "no-such-lab/lab.json" ARGS run ${_rdata}/no-such-lab ${_rdata}/echo.lua)
fl_cli_test(run_bad_trace 2 MATCH "cannot write" ARGS run ${_play} ${_rdata}/echo.lua --trace /no-such-dir/x.jsonl)
# Learner text reaches the terminal with its escape sequences made visible.
# (`.` stands for the backslash and the bracket, which a CMake list cannot hold unpaired; a raw
# ESC is followed by a bracket, never by the letter e.)
fl_cli_test(run_terminal_escapes 0 MATCH "info  .e.2J.e.31mred.r.x08.x07 .*.xff.xfe not UTF-8"
  ARGS run ${_play} ${_hostile}/terminal_escapes.lua)
# faultline progress: the browser's export format (docs/progress-format.md).
fl_cli_test(progress_show 0 MATCH "Lessons visited \\(2\\): l1-auth, l2-rate-limits.*q1-auth +1 attempt, best 8/9 \\(89%\\), passed.*lab2-rate-limits +1 submission, best 0.5/1 \\(fail\\)"
  ARGS progress show "${CMAKE_CURRENT_SOURCE_DIR}/data/progress/learner.json")
fl_cli_test(progress_show_bad 2 MATCH "bad.json: /tables/quiz_attempts/0/seed: error: expected an integer, got a string"
  ARGS progress show "${CMAKE_CURRENT_SOURCE_DIR}/data/progress/bad.json")
fl_cli_test(progress_import 0 MATCH "learner.json: [0-9]+ records added"
  ARGS progress import "${CMAKE_CURRENT_SOURCE_DIR}/data/progress/learner.json" --db "${CMAKE_CURRENT_BINARY_DIR}/progress_import_test.sqlite3")
fl_cli_test(progress_export_needs_db 2 MATCH "--db" ARGS progress export)

# Malformed-input corpus (issue 15): shipped content and labs with one thing broken each, through
# check, run and grade; expected exit code and message fragment per case (tests/malformed). The
# same cases run natively (under the sanitizers) and through the wasm CLI under Node (NODERAWFS).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  if(EMSCRIPTEN)
    set(_corpus_cli node --no-experimental-fetch $<TARGET_FILE:faultline>)
  else()
    set(_corpus_cli $<TARGET_FILE:faultline>)
  endif()
  # The interpreter by path, not as a target: the web build's test emulator must not wrap it.
  add_test(NAME malformed_corpus COMMAND "${Python3_EXECUTABLE}" "${CMAKE_CURRENT_SOURCE_DIR}/malformed/run_corpus.py"
    "${PROJECT_SOURCE_DIR}" ${_corpus_cli})
endif()
fl_cli_test(unknown_command_named 2 MATCH "unknown command \"frobnicate\" \\(commands: check, grade, lab, run, progress\\)\nUsage: faultline" ARGS frobnicate)
fl_cli_test(check_root_missing_named 2 MATCH "the course root [^ ]*no-such-folder does not exist" ARGS check "${PROJECT_SOURCE_DIR}/no-such-folder")
fl_cli_test(lab_files 0 MATCH "lab.json\tlearner\nbrief.md\tlearner\nstarter.lua\tlearner\nreference.lua\tprivate" ARGS lab files "${PROJECT_SOURCE_DIR}/labs/02-rate-limits")
