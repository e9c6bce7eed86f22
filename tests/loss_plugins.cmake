# The loss-plugin tests (tests/unit/loss_plugins) load the real mmd, kl and push plugins
# from build/plugins and include the plugins' own headers (radix select, k-NN KL).
if(TARGET test_loss_plugins)
  foreach(plugin mmd kl push)
    if(TARGET ael_plugin_${plugin})
      add_dependencies(test_loss_plugins ael_plugin_${plugin})
    endif()
  endforeach()
  target_include_directories(test_loss_plugins PRIVATE ${PROJECT_SOURCE_DIR}/plugins)
endif()
