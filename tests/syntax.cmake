# test_syntax tests decode_escapes() from syntax/ast_builder.hpp, which names the
# generated parser's types: give it the generated headers (declarations only; the parser
# itself is linked through libael).
if(TARGET test_syntax)
  target_include_directories(test_syntax SYSTEM PRIVATE
    $<TARGET_PROPERTY:ael_grammar,INTERFACE_INCLUDE_DIRECTORIES>)
endif()
