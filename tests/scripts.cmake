# Scripts in scripts/ must run (quick mode keeps them short).
add_test(NAME script.demo COMMAND ael_cli run --quick scripts/demo.ael
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(script.demo PROPERTIES LABELS "unit;scripts")
