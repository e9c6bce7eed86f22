# Source formatting: every tracked C/C++ file matches .clang-format under the pinned
# clang-format 14 (tools/check_format.sh). Label "format" so it can be run alone.
add_test(NAME format.clang_format COMMAND bash ${PROJECT_SOURCE_DIR}/tools/check_format.sh)
set_tests_properties(format.clang_format PROPERTIES LABELS format)
