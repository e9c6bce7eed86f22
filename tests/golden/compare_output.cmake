# Runs COMMAND (a ;-list) and compares its stdout with the file EXPECTED exactly; the exit
# code must be 0.   cmake -DCOMMAND=... -DEXPECTED=... -P compare_output.cmake
execute_process(COMMAND ${COMMAND} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
file(READ ${EXPECTED} expected)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "exit code ${code}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT out STREQUAL expected)
  message(FATAL_ERROR "stdout differs from ${EXPECTED}\n--- got:\n${out}--- expected:\n${expected}---")
endif()
