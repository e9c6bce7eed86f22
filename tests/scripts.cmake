# Scripts in scripts/ must run (quick mode keeps them short).
add_test(NAME script.demo COMMAND ael_cli run --quick scripts/demo.ael
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(script.demo PROPERTIES LABELS "unit;scripts")

add_test(NAME script.backprop_vs_bio COMMAND ael_cli run --quick scripts/backprop_vs_bio.ael
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(script.backprop_vs_bio PROPERTIES LABELS "scripts"
                     PASS_REGULAR_EXPRESSION "lstm L=2 +ea +dct")
