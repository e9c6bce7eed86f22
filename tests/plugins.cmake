# Plugins for the tests: deliberately broken ones (loader failure modes) and small working
# ones. They are built into build/tests/plugins -- never into build/plugins, never
# installed -- and found by the tests through an explicit search folder.
set(AEL_TEST_BROKEN_PLUGIN_DIR ${CMAKE_BINARY_DIR}/tests/plugins)

# ael_add_test_plugin(<name> [source]): libael_<name>.so from tests/plugins/<name>.cpp or
# from the given source file.
function(ael_add_test_plugin name)
  set(source ${CMAKE_CURRENT_SOURCE_DIR}/plugins/${name}.cpp)
  if(ARGC GREATER 1)
    set(source ${ARGV1})
  endif()
  add_library(ael_test_plugin_${name} MODULE ${source})
  ael_target_defaults(ael_test_plugin_${name})
  set_target_properties(ael_test_plugin_${name} PROPERTIES
    OUTPUT_NAME ${name} PREFIX "libael_"
    LIBRARY_OUTPUT_DIRECTORY ${AEL_TEST_BROKEN_PLUGIN_DIR}
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  target_link_libraries(ael_test_plugin_${name} PRIVATE ael Eigen3::Eigen)
  if(AEL_HAVE_NO_GNU_UNIQUE)
    target_compile_options(ael_test_plugin_${name} PRIVATE -fno-gnu-unique)
  endif()
  if(TARGET test_plugins)
    add_dependencies(test_plugins ael_test_plugin_${name})
  endif()
endfunction()

foreach(name notaplugin badabi throwingfactory badschema misnamed crashy crashystep lossdemo)
  ael_add_test_plugin(${name})
endforeach()

# The example plugin of docs/plugins.md, compiled from the document itself so the example
# cannot rot (loaded and run by tests/unit/plugins/doc_example_test.cpp).
set(AEL_PLUGIN_DOC ${PROJECT_SOURCE_DIR}/docs/plugins.md)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${AEL_PLUGIN_DOC})
file(READ ${AEL_PLUGIN_DOC} doc_text)
string(REGEX MATCH "```cpp\n(// plugins/signsgd/signsgd.cpp\n[^`]*)```" doc_example "${doc_text}")
if(NOT CMAKE_MATCH_1)
  message(FATAL_ERROR "docs/plugins.md: the signsgd example plugin was not found")
endif()
file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/tests/generated/signsgd.cpp CONTENT "${CMAKE_MATCH_1}" @ONLY)
ael_add_test_plugin(signsgd ${CMAKE_BINARY_DIR}/tests/generated/signsgd.cpp)

if(TARGET test_plugins)
  target_compile_definitions(test_plugins PRIVATE
    AEL_TEST_BROKEN_PLUGIN_DIR="${AEL_TEST_BROKEN_PLUGIN_DIR}")
endif()

# The optimizer tests load the real plugins from build/plugins.
foreach(test_target test_plugins test_optimizers)
  if(TARGET ${test_target})
    foreach(plugin adam adagrad rmsprop cosyne de ea)
      if(TARGET ael_plugin_${plugin})
        add_dependencies(${test_target} ael_plugin_${plugin})
      endif()
    endforeach()
  endif()
endforeach()
