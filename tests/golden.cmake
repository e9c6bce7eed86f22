# Golden diagnostics: one test per tests/golden/errors/*.ael, comparing the exact stderr
# of `ael run` (run from tests/golden with a relative path, so messages are stable).
file(GLOB AEL_GOLDEN_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/golden/errors/*.ael)
foreach(case ${AEL_GOLDEN_CASES})
  get_filename_component(name ${case} NAME_WE)
  add_test(NAME golden.${name}
           COMMAND ${CMAKE_COMMAND} -DAEL=$<TARGET_FILE:ael_cli> -DNAME=${name}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/golden/compare.cmake
           WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/golden)
  set_tests_properties(golden.${name} PROPERTIES LABELS "unit;golden")
  if(AEL_SANITIZE AND name STREQUAL "deep_recursion")
    # AddressSanitizer builds run scripts on a 60 MiB stack (see eval/interpreter.cpp) and
    # its frames are large, so the native stack guard stops this script before the call
    # depth limit does: a clear error too, but not the message this file pins down.
    set_tests_properties(golden.${name} PROPERTIES DISABLED TRUE)
  endif()
endforeach()
