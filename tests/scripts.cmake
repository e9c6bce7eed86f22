# Scripts in scripts/ must run (quick mode keeps them short): exit code 0 and the line
# each prints last, checked by tests/scripts/run_script.cmake.
# Optional further arguments: the PNG figures the script must write.
function(ael_script_test name expect)
  add_test(NAME script.${name}
           COMMAND ${CMAKE_COMMAND} -DAEL=$<TARGET_FILE:ael_cli> -DSCRIPT=scripts/${name}.ael
                   "-DEXPECT=${expect}" "-DFIGURES=${ARGN}"
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/scripts/run_script.cmake
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(script.${name} PROPERTIES LABELS "scripts")
endfunction()

ael_script_test(demo "reloaded from" runs/demo_arc_loss.png runs/demo_arc_recon.png
                runs/demo_optimizers.png)
ael_script_test(backprop_vs_bio "lstm L=2 +ea +dct")
ael_script_test(vae_cube "held-out reconstruction MSE" runs/vae_cube_loss.png
                runs/vae_cube_recon.png)
ael_script_test(poal_mae "reconstructed by the MAE" runs/poal_mae_loss.png)
# Reads ../shared/data/california_housing.csv (CI has shared/ beside the checkout).
ael_script_test(symreg_housing "exported as C" runs/symreg_housing_latents.png)
ael_script_test(cube_latent "f5 KL \\+ MMD, annealed" runs/cube_latent_xy.png)
ael_script_test(sosae "denoising \\(sigma 0.3\\)" runs/sosae_truncation.png)
ael_script_test(hybrid "hybrid chains: figure in")

# The Lua plugin examples: a (1+4)-ES trains the 4-2-1-2-4 AE; a data source and a callback.
add_test(NAME example.lua_plugin
         COMMAND ${CMAKE_COMMAND} -DAEL=$<TARGET_FILE:ael_cli> -DSCRIPT=examples/lua_plugin/train.ael
                 "-DARGS=--plugin-path;examples/lua_plugin" "-DEXPECT=stop_below \\(Lua callback\\) ended"
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/scripts/run_script.cmake
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(example.lua_plugin PROPERTIES LABELS "scripts")

# A new script without a line above is a configure error, not an untested script.
file(GLOB AEL_SCRIPTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scripts/*.ael)
foreach(script ${AEL_SCRIPTS})
  get_filename_component(name ${script} NAME_WE)
  if(NOT TEST script.${name})
    message(FATAL_ERROR "scripts/${name}.ael has no test: add ael_script_test(${name} ...) "
                        "to tests/scripts.cmake")
  endif()
endforeach()
