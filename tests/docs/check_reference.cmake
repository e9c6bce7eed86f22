# docs/reference.md must be exactly what `ael doc` generates from this build, so the
# reference cannot drift from the registrations.
#   cmake -DAEL=... -DREFERENCE=docs/reference.md -DOUT=... -P check_reference.cmake
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=AEL_QUICK --unset=AEL_PLUGIN_PATH
                        ${AEL} doc
                OUTPUT_FILE ${OUT} ERROR_VARIABLE err RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "ael doc failed (exit ${code}): ${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${REFERENCE} RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "docs/reference.md is out of date: regenerate it with\n"
                      "  build/bin/ael doc > docs/reference.md\n(generated text in ${OUT})")
endif()
message(STATUS "docs/reference.md matches `ael doc`")
