# The generated reference (docs/reference.md) matches the build's registrations.
add_test(NAME docs.reference
         COMMAND ${CMAKE_COMMAND} -DAEL=$<TARGET_FILE:ael_cli>
                 -DREFERENCE=${PROJECT_SOURCE_DIR}/docs/reference.md
                 -DOUT=${CMAKE_BINARY_DIR}/reference.generated.md
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/docs/check_reference.cmake)
set_tests_properties(docs.reference PROPERTIES LABELS "docs")
