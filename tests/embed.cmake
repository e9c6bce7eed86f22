# The embedding example (examples/embed) must print exactly its expected output.
if(TARGET ael_embed_example)
  add_test(NAME embed.example
           COMMAND ${CMAKE_COMMAND} "-DCOMMAND=$<TARGET_FILE:ael_embed_example>;examples/embed/script.ael"
                   -DEXPECTED=${PROJECT_SOURCE_DIR}/examples/embed/expected_output.txt
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/golden/compare_output.cmake
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(embed.example PROPERTIES LABELS "unit;embed")
endif()

# The C host (examples/c_host) checks every documented behaviour itself and exits
# nonzero on a failed check; its losses depend on the CPU, so no golden output.
if(TARGET ael_c_host)
  add_test(NAME embed.c_host COMMAND ael_c_host examples/c_host/script.ael
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(embed.c_host PROPERTIES LABELS "unit;embed")
endif()

# The installable package: install, move, use from the CLI, CMake and pkg-config.
add_test(NAME embed.install
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/install/check_install.sh ${CMAKE_BINARY_DIR}
                 ${PROJECT_SOURCE_DIR})
set_tests_properties(embed.install PROPERTIES LABELS "embed" TIMEOUT 600)

# The Python module (hosts/python), through Python's own unittest runner.
if(TARGET ael_python)
  add_test(NAME embed.python
           COMMAND ${CMAKE_COMMAND} -E env PYTHONPATH=${CMAKE_BINARY_DIR}/python
                   PYTHONDONTWRITEBYTECODE=1
                   ${AEL_PYTHON_EXECUTABLE} -m unittest -v test_ael
           WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/hosts/python)
  set_tests_properties(embed.python PROPERTIES LABELS "embed" TIMEOUT 300)
endif()

# The Lua module (hosts/lua) from the stock lua5.4.
find_program(AEL_LUA_EXECUTABLE lua5.4)
if(TARGET ael_lua AND AEL_LUA_EXECUTABLE)
  add_test(NAME embed.lua
           COMMAND ${CMAKE_COMMAND} -E env "LUA_CPATH=${CMAKE_BINARY_DIR}/lua/?.so"
                   ${AEL_LUA_EXECUTABLE} test_ael.lua
           WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/hosts/lua)
  set_tests_properties(embed.lua PROPERTIES LABELS "embed" TIMEOUT 300)
endif()
