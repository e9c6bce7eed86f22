# Scripts in scripts/ must run (quick mode keeps them short).
add_test(NAME script.demo COMMAND ael_cli run --quick scripts/demo.ael
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(script.demo PROPERTIES LABELS "scripts" PASS_REGULAR_EXPRESSION "reloaded from")

add_test(NAME script.backprop_vs_bio COMMAND ael_cli run --quick scripts/backprop_vs_bio.ael
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(script.backprop_vs_bio PROPERTIES LABELS "scripts"
                     PASS_REGULAR_EXPRESSION "lstm L=2 +ea +dct")

add_test(NAME script.vae_cube COMMAND ael_cli run --quick scripts/vae_cube.ael
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(script.vae_cube PROPERTIES LABELS "scripts"
                     PASS_REGULAR_EXPRESSION "held-out reconstruction MSE")

add_test(NAME script.poal_mae COMMAND ael_cli run --quick scripts/poal_mae.ael
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(script.poal_mae PROPERTIES LABELS "scripts"
                     PASS_REGULAR_EXPRESSION "reconstructed by the MAE")

# Reads ../shared/data/california_housing.csv (CI has shared/ beside the checkout).
add_test(NAME script.symreg_housing COMMAND ael_cli run --quick scripts/symreg_housing.ael
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(script.symreg_housing PROPERTIES LABELS "scripts"
                     PASS_REGULAR_EXPRESSION "exported as C")

add_test(NAME script.cube_latent COMMAND ael_cli run --quick scripts/cube_latent.ael
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(script.cube_latent PROPERTIES LABELS "scripts"
                     PASS_REGULAR_EXPRESSION "f5 KL \\+ MMD, annealed")

add_test(NAME script.sosae COMMAND ael_cli run --quick scripts/sosae.ael
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(script.sosae PROPERTIES LABELS "scripts"
                     PASS_REGULAR_EXPRESSION "denoising \\(sigma 0.3\\)")
