# Copies every .ael file of the golden tests, scripts, stdlib and regression inputs into
# OUT_DIR (flat, names prefixed by their folder) as the fuzzer's seed corpus.
file(MAKE_DIRECTORY ${OUT_DIR})
file(GLOB_RECURSE seeds
  ${SOURCE_DIR}/tests/golden/*.ael ${SOURCE_DIR}/scripts/*.ael ${SOURCE_DIR}/stdlib/*.ael
  ${SOURCE_DIR}/examples/*.ael ${SOURCE_DIR}/tests/fuzz/regressions/*)
foreach(seed ${seeds})
  file(RELATIVE_PATH rel ${SOURCE_DIR} ${seed})
  string(REPLACE "/" "_" flat ${rel})
  configure_file(${seed} ${OUT_DIR}/${flat} COPYONLY)
endforeach()
