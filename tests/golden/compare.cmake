# Runs `ael run errors/NAME.ael` from tests/golden and compares its stderr with
# errors/NAME.expected exactly, and its exit code with 1 (a script error).
#   cmake -DAEL=... -DNAME=... -P compare.cmake      (working directory: tests/golden)
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env --unset=AEL_PATH --unset=AEL_QUICK NO_COLOR=1
          ${AEL} run errors/${NAME}.ael
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
file(READ errors/${NAME}.expected expected)
if(NOT code EQUAL 1)
  message(FATAL_ERROR "exit code ${code}, expected 1\nstderr:\n${err}")
endif()
if(NOT err STREQUAL expected)
  message(FATAL_ERROR "stderr differs from errors/${NAME}.expected\n--- got:\n${err}--- expected:\n${expected}---")
endif()
