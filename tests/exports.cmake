# libael exports the public API only (hidden visibility + AEL_API): issue 11.
add_test(NAME library.exports
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/exports/check_exports.sh $<TARGET_FILE:ael>)
set_tests_properties(library.exports PROPERTIES LABELS "embed")
