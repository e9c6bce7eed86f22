# test_cli drives the REPL through a pseudo-terminal (forkpty lives in libutil).
if(TARGET test_cli)
  target_link_libraries(test_cli PRIVATE util)
endif()
