# Runs one hostile input and passes only when AEL refused it the way users need:
#   - within TIMEOUT seconds (no hang), with the expected exit code (1 unless `# exit:`),
#   - a located error "FILE:LINE:COL: error: " whose message matches `# expect:` (with
#     `# exit: 0`, a valid script at a hostile scale: its output matches instead),
#   - and nothing that shows a crash (terminate, abort, sanitizer report).
# The case runs in a fresh folder (its own copy plus `# setup:` special files), so cases
# may create FIFOs and write outputs without touching the checkout.
#   cmake -DAEL=... -DCASE=path/x.ael -DWORK=dir [-DTIMEOUT=20] -P run_case.cmake
file(READ "${CASE}" text LIMIT 4000)
if(text MATCHES "# timeout: ([0-9]+)")
  set(TIMEOUT ${CMAKE_MATCH_1})
elseif(NOT TIMEOUT)
  set(TIMEOUT 20)
endif()
string(REGEX MATCH "# expect: ([^\n]*)" _ "${text}")
set(expect "${CMAKE_MATCH_1}")
if(expect STREQUAL "")
  message(FATAL_ERROR "${CASE}: no '# expect: REGEX' line")
endif()
set(exit_code 1)
if(text MATCHES "# exit: ([0-9]+)")
  set(exit_code ${CMAKE_MATCH_1})
endif()
get_filename_component(name "${CASE}" NAME)
set(location "${name}:[0-9]+:[0-9]+: error: ")
if(text MATCHES "# unlocated")
  set(location "error: ")
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
file(COPY "${CASE}" DESTINATION "${WORK}")
get_filename_component(case_dir "${CASE}" DIRECTORY)
file(GLOB data_files "${case_dir}/*.csv" "${case_dir}/*.json" "${case_dir}/*.npy"
     "${case_dir}/*.safetensors")
if(data_files)
  file(COPY ${data_files} DESTINATION "${WORK}")
endif()
string(REGEX MATCHALL "# setup: mkfifo [^\n]+" fifos "${text}")
foreach(line ${fifos})
  string(REGEX REPLACE "# setup: mkfifo " "" fifo "${line}")
  execute_process(COMMAND mkfifo "${WORK}/${fifo}" RESULT_VARIABLE made)
  if(NOT made EQUAL 0)
    message(FATAL_ERROR "${CASE}: cannot make the FIFO ${fifo}")
  endif()
endforeach()

execute_process(
  COMMAND ${CMAKE_COMMAND} -E env NO_COLOR=1 ${AEL} run ${name}
  WORKING_DIRECTORY "${WORK}"
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code TIMEOUT ${TIMEOUT})
string(SUBSTRING "${err}" 0 3000 err_head)
if(NOT code STREQUAL "${exit_code}")
  message(FATAL_ERROR "${name}: exit '${code}', expected ${exit_code} (a timeout or a signal "
                      "is a hang or a crash)\nstderr:\n${err_head}")
endif()
if(err MATCHES "terminate called|Aborted|Segmentation|AddressSanitizer|runtime error:")
  message(FATAL_ERROR "${name}: crashed\nstderr:\n${err_head}")
endif()
if(exit_code EQUAL 0)
  # A valid script at a hostile scale (a 100,000-term chain): it must simply work.
  if(NOT out MATCHES "${expect}")
    message(FATAL_ERROR "${name}: stdout lacks /${expect}/\nstderr:\n${err_head}")
  endif()
elseif(NOT err MATCHES "${location}[^\n]*${expect}")
  message(FATAL_ERROR "${name}: stderr lacks /${location}${expect}/\nstderr:\n${err_head}")
endif()
message(STATUS "${name}: exit ${code}, as expected: /${expect}/")
