# The hostile corpus: one test per tests/hostile/cases/*.ael, plus inputs at hostile scale
# generated here (deep chains, 1 MB scripts, a 200,000-layer model), each run by
# tests/hostile/run_case.cmake: no hang, no crash, a located error or the right output.
set(AEL_HOSTILE_GENERATED ${CMAKE_CURRENT_BINARY_DIR}/hostile-generated)
file(MAKE_DIRECTORY ${AEL_HOSTILE_GENERATED})

# Writes generated/NAME.ael from a header and a body repeated COUNT times.
function(ael_hostile_generate name header head body count tail)
  string(REPEAT "${body}" ${count} middle)
  set(path ${AEL_HOSTILE_GENERATED}/${name}.ael)
  set(text "${header}${head}${middle}${tail}")
  if(EXISTS ${path})
    file(READ ${path} old)
    if(old STREQUAL text)
      return()  # unchanged: keep the timestamp, skip the write
    endif()
  endif()
  file(WRITE ${path} "${text}")
endfunction()

ael_hostile_generate(deep_else_if_20000 "# hostile: deep\n# exit: 0\n# expect: ^-1\n"
  "let x = 3\nlet y = if x == 0 { 0 }" " else if x == 1 { 1 }" 20000 " else { -1 }\nprint(y)\n")
ael_hostile_generate(deep_pow_100000 "# hostile: deep\n# exit: 0\n# expect: ^1\n"
  "let y = 1" " ^ 1" 100000 "\nprint(y)\n")
ael_hostile_generate(deep_parens_300000
  "# hostile: deep\n# expect: brackets are nested too deeply \\(more than 256 levels\\)\n" "let y = " "(" 300000
  "1\n")
ael_hostile_generate(deep_lists_300000
  "# hostile: deep\n# expect: brackets are nested too deeply \\(more than 256 levels\\)\n" "let y = " "[" 300000
  "1\n")
ael_hostile_generate(flat_1mb "# hostile: scale\n# exit: 0\n# expect: ^71428\n"
  "let a = 0\n" "let a = a + 1\n" 71428 "print(a)\n")
ael_hostile_generate(long_line_1mb
  "# hostile: scale\n# expect: unknown name 'zzz'\n" "let y = 1" " + 1" 250000 " + zzz\n")
ael_hostile_generate(deep_model_200000_layers
  "# hostile: deep\n# timeout: 90\n# exit: 0\n# expect: trained\n"
  "model Deep(x: 2) {\n  out = x" " |> dense(2)" 200000
  " |> dense(2)\n}\nlet d = two_moons(n: 32, seed: 1)\nlet m = train Deep on d { loss = mse(out, x); epochs = 1 }\nprint(\"trained\", m.epochs)\n")

file(GLOB AEL_HOSTILE_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/hostile/cases/*.ael)
file(GLOB AEL_HOSTILE_BIG ${AEL_HOSTILE_GENERATED}/*.ael)
foreach(case ${AEL_HOSTILE_CASES} ${AEL_HOSTILE_BIG})
  get_filename_component(name ${case} NAME_WE)
  add_test(NAME hostile.${name}
           COMMAND ${CMAKE_COMMAND} -DAEL=$<TARGET_FILE:ael_cli> -DCASE=${case}
                   -DWORK=${CMAKE_CURRENT_BINARY_DIR}/hostile-work/${name}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/hostile/run_case.cmake)
  set_tests_properties(hostile.${name} PROPERTIES LABELS "hostile")
endforeach()
