# Runs `ael run --quick SCRIPT` and passes only when it exits 0 AND its output matches
# EXPECT. (ctest's PASS_REGULAR_EXPRESSION alone ignores the exit code: a script that
# printed its marker and then crashed would pass.)
# FIGURES: PNG files the run must write (removed first, so a stale one does not count).
#   cmake -DAEL=... -DSCRIPT=scripts/x.ael -DEXPECT=regex [-DARGS=opt;value]
#         [-DFIGURES=runs/a.png;runs/b.png] -P run_script.cmake
foreach(figure ${FIGURES})
  file(REMOVE ${figure})
endforeach()
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env --unset=AEL_QUICK NO_COLOR=1 ${AEL} run --quick ${ARGS} ${SCRIPT}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "${SCRIPT}: exit code ${code}, expected 0\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "${SCRIPT}: output lacks /${EXPECT}/\nstdout:\n${out}\nstderr:\n${err}")
endif()
foreach(figure ${FIGURES})
  if(NOT EXISTS ${figure})
    message(FATAL_ERROR "${SCRIPT}: did not write ${figure}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  file(READ ${figure} magic LIMIT 4 HEX)
  if(NOT magic STREQUAL "89504e47")
    message(FATAL_ERROR "${SCRIPT}: ${figure} is not a PNG (starts with ${magic})")
  endif()
endforeach()
message(STATUS "${SCRIPT}: exit 0, output matches /${EXPECT}/")
