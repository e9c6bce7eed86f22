// The C API (ael/ael.h) against hostile and edge-case use: NULL handles, bad sizes,
// version mismatches, errors from host functions (also from worker threads), values that
// outlive their state.
#include "ael/ael.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

struct State {
  ael_State* A = nullptr;
  std::string out;
  State() {
    ael_Options o;
    ael_options_init(&o);
    o.seed = 3;
    o.write = [](void* user, const char* text, size_t n) {
      static_cast<std::string*>(user)->append(text, n);
    };
    o.write_user = &out;
    EXPECT_EQ(ael_open(&o, &A), AEL_OK);
  }
  ~State() { ael_close(A); }
};

TEST(CApi, VersionCheckRejectsOtherMajorsNewerMinorsAndOtherLayouts) {
  EXPECT_EQ(ael_check_version(), AEL_OK);
  EXPECT_EQ(ael_version_num(), AEL_VERSION_NUM);
  EXPECT_EQ(
      ael_check_version_(AEL_VERSION_NUM + 10000, sizeof(ael_Options), sizeof(ael_Diagnostic)),
      AEL_ERR_VERSION);
  EXPECT_EQ(ael_check_version_(AEL_VERSION_NUM + 100, sizeof(ael_Options), sizeof(ael_Diagnostic)),
            AEL_ERR_VERSION);
  EXPECT_EQ(ael_check_version_(AEL_VERSION_NUM, sizeof(ael_Options) + 8, sizeof(ael_Diagnostic)),
            AEL_ERR_VERSION);
  EXPECT_STREQ(ael_version_string(), "0.1.0");
}

TEST(CApi, NullHandlesAreArgumentErrorsNotCrashes) {
  EXPECT_EQ(ael_open(nullptr, nullptr), AEL_ERR_ARGUMENT);
  EXPECT_EQ(ael_run_string(nullptr, "1", nullptr), AEL_ERR_ARGUMENT);
  EXPECT_EQ(ael_run_file(nullptr, nullptr), AEL_ERR_ARGUMENT);
  double x = 0;
  EXPECT_EQ(ael_get_number(nullptr, "x", &x), AEL_ERR_ARGUMENT);
  EXPECT_EQ(ael_value_number(nullptr, &x), AEL_ERR_ARGUMENT);
  EXPECT_EQ(ael_value_kind(nullptr), AEL_NONE);
  EXPECT_EQ(ael_diagnostic_count(nullptr), 0u);
  EXPECT_STREQ(ael_error_text(nullptr), "");
  EXPECT_EQ(ael_new_list(nullptr, 3), nullptr);
  ael_value_free(nullptr);
  ael_close(nullptr);
}

TEST(CApi, ScriptErrorsComeBackAsDiagnosticsWithLocation) {
  State s;
  ASSERT_EQ(ael_run_string(s.A, "let a = 1\nlet b = a +* 2", "bad.ael"), AEL_ERR_SCRIPT);
  ASSERT_GE(ael_diagnostic_count(s.A), 1u);
  ael_Diagnostic d;
  ASSERT_EQ(ael_diagnostic(s.A, 0, &d), AEL_OK);
  EXPECT_EQ(d.severity, AEL_SEVERITY_ERROR);
  EXPECT_STREQ(d.file, "bad.ael");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 12);
  EXPECT_NE(std::strstr(d.rendered, "bad.ael:2:12: error:"), nullptr) << d.rendered;
  EXPECT_NE(std::strstr(ael_error_text(s.A), "^"), nullptr);
  EXPECT_EQ(ael_diagnostic(s.A, 99, &d), AEL_ERR_ARGUMENT);
  // A success clears them.
  ASSERT_EQ(ael_run_string(s.A, "let ok = 1", nullptr), AEL_OK);
  EXPECT_EQ(ael_diagnostic_count(s.A), 0u);
  EXPECT_STREQ(ael_error_text(s.A), "");
}

TEST(CApi, MissingFileIsAnErrorNamingIt) {
  State s;
  EXPECT_EQ(ael_run_file(s.A, "/nonexistent/x.ael"), AEL_ERR_SCRIPT);
  EXPECT_NE(std::string(ael_error_text(s.A)).find("/nonexistent/x.ael"), std::string::npos);
}

TEST(CApi, ValuesRoundTripAndOutliveTheirState) {
  ael_Value* list = nullptr;
  {
    State s;
    ASSERT_EQ(ael_eval(s.A, "[1, 2.5, \"three\", {k: true}, none]", nullptr, &list), AEL_OK);
  }
  size_t n = 0;
  ASSERT_EQ(ael_value_length(list, &n), AEL_OK);
  ASSERT_EQ(n, 5u);
  std::vector<ael_Value*> items(n);
  for (size_t i = 0; i < n; ++i) ASSERT_EQ(ael_list_get(list, i, &items[i]), AEL_OK);
  int64_t i0 = 0;
  double f1 = 0;
  const char* text = nullptr;
  size_t len = 0;
  EXPECT_EQ(ael_value_int(items[0], &i0), AEL_OK);
  EXPECT_EQ(i0, 1);
  EXPECT_EQ(ael_value_int(items[1], &i0), AEL_ERR_TYPE);
  EXPECT_EQ(ael_value_number(items[1], &f1), AEL_OK);
  EXPECT_EQ(f1, 2.5);
  EXPECT_EQ(ael_value_string(items[2], &text, &len), AEL_OK);
  EXPECT_EQ(std::string(text, len), "three");
  EXPECT_EQ(ael_value_kind(items[3]), AEL_RECORD);
  const char* key = nullptr;
  ael_Value* field = nullptr;
  ASSERT_EQ(ael_record_entry(items[3], 0, &key, &field), AEL_OK);
  EXPECT_STREQ(key, "k");
  int b = 0;
  EXPECT_EQ(ael_value_bool(field, &b), AEL_OK);
  EXPECT_EQ(b, 1);
  EXPECT_EQ(ael_value_kind(items[4]), AEL_NONE);
  ael_value_free(field);
  EXPECT_EQ(ael_list_get(list, 5, &field), AEL_ERR_ARGUMENT);
  EXPECT_EQ(field, nullptr);  // a failed call leaves *out NULL
  for (ael_Value* v : items) ael_value_free(v);
  ael_value_free(list);
}

TEST(CApi, RecordsRejectRepeatedKeys) {
  ael_Value* one = ael_new_int(1);
  const char* keys[] = {"a", "a"};
  const ael_Value* values[] = {one, one};
  EXPECT_EQ(ael_new_record(keys, values, 2), nullptr);
  ael_Value* r = ael_new_record(keys, values, 1);
  ASSERT_NE(r, nullptr);
  EXPECT_STREQ(ael_value_repr(r), "{a: 1}");
  ael_value_free(r);
  ael_value_free(one);
}

TEST(CApi, MatricesAreColumnMajorSamplesByFeatures) {
  State s;
  const double data[] = {1, 2, 3, 10, 20, 30};  // 3 samples x 2 features, column-major
  const char* names[] = {"a", "b"};
  ael_Value* m = ael_new_matrix(data, 3, 2, names);
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(ael_set_global(s.A, "m", m), AEL_OK);
  ael_Value* r = nullptr;
  ASSERT_EQ(ael_eval(s.A, "[m.rows, m.cols, m[1].b, sum(m[\"a\"])]", nullptr, &r), AEL_OK);
  EXPECT_STREQ(ael_value_repr(r), "[3, 2, 20.0, 6.0]");
  ael_value_free(r);
  ASSERT_EQ(ael_eval(s.A, "m * 2", nullptr, &r), AEL_OK);
  size_t rows = 0, cols = 0;
  ASSERT_EQ(ael_matrix_shape(r, &rows, &cols), AEL_OK);
  EXPECT_EQ(rows, 3u);
  EXPECT_EQ(cols, 2u);
  double out[6];
  ASSERT_EQ(ael_matrix_copy(r, out, 6), AEL_OK);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(out[i], 2 * data[i]);
  // The zero-copy view is the same matrix, sample after sample.
  const double* view = nullptr;
  ASSERT_EQ(ael_matrix_row_major_data(r, &view), AEL_OK);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(view[i * 2 + 0], 2 * data[i]);
    EXPECT_EQ(view[i * 2 + 1], 2 * data[3 + i]);
  }
  EXPECT_EQ(ael_matrix_row_major_data(nullptr, &view), AEL_ERR_ARGUMENT);
  ael_Value* not_matrix = ael_new_int(1);
  EXPECT_EQ(ael_matrix_row_major_data(not_matrix, &view), AEL_ERR_TYPE);
  ael_value_free(not_matrix);
  const char* name = nullptr;
  EXPECT_EQ(ael_matrix_column_name(r, 1, &name), AEL_OK);
  EXPECT_STREQ(name, "b");
  EXPECT_EQ(ael_matrix_column_name(r, 2, &name), AEL_ERR_ARGUMENT);
  ael_value_free(r);
  ael_value_free(m);
  const char* dup[] = {"a", "a"};
  EXPECT_EQ(ael_new_matrix(data, 3, 2, dup), nullptr);
}

TEST(CApi, AbsurdMatrixSizesAreRefusedBeforeAllocating) {
  State s;
  const double one = 1;
  EXPECT_EQ(ael_set_matrix(s.A, "big", &one, SIZE_MAX / 2, 4), AEL_ERR_SCRIPT);
  EXPECT_NE(std::string(ael_error_text(s.A)).find("too large"), std::string::npos)
      << ael_error_text(s.A);
  EXPECT_EQ(ael_set_matrix(s.A, "big", &one, size_t{1} << 40, 1), AEL_ERR_SCRIPT);
  EXPECT_NE(std::string(ael_error_text(s.A)).find("GB"), std::string::npos) << ael_error_text(s.A);
}

ael_Status scaled(ael_State* A, void* user, const ael_Value* const* args, size_t nargs,
                  ael_Value** result) {
  double x = 0;
  if (ael_value_number(args[0], &x) != AEL_OK) return ael_error(A, "x must be a number");
  double factor = *static_cast<double*>(user);
  for (size_t i = 1; i < nargs; ++i) {  // variadic extras multiply too
    double y = 0;
    if (ael_value_number(args[i], &y) != AEL_OK) return ael_error(A, "extras must be numbers");
    factor *= y;
  }
  *result = ael_new_float(x * factor);
  return AEL_OK;
}

TEST(CApi, HostFunctionsBindArgumentsAndReportErrorsAtTheCall) {
  State s;
  double factor = 3;
  ASSERT_EQ(ael_register(s.A, "scaled", "x, more...", scaled, &factor, "x times 3"), AEL_OK);
  ael_Value* r = nullptr;
  ASSERT_EQ(ael_eval(s.A, "scaled(2) + scaled(1, 10, 2)", nullptr, &r), AEL_OK);
  EXPECT_STREQ(ael_value_repr(r), "66.0");
  ael_value_free(r);
  ASSERT_EQ(ael_run_string(s.A, "let a = 1\nlet y = scaled(\"no\")", "host.ael"), AEL_ERR_SCRIPT);
  ael_Diagnostic d;
  ASSERT_EQ(ael_diagnostic(s.A, 0, &d), AEL_OK);
  EXPECT_STREQ(d.message, "x must be a number");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 9);
  // Unknown named argument: the interpreter's own message, with a suggestion.
  ASSERT_EQ(ael_run_string(s.A, "scaled(y: 1)", nullptr), AEL_ERR_SCRIPT);
  EXPECT_NE(std::string(ael_error_text(s.A)).find("has no parameter 'y'"), std::string::npos)
      << ael_error_text(s.A);
}

TEST(CApi, HostFunctionErrorsFromParallelWorkersStayWithTheirCall) {
  ael_Options o;
  ael_options_init(&o);
  o.threads = 2;
  ael_State* A = nullptr;
  ASSERT_EQ(ael_open(&o, &A), AEL_OK);
  double factor = 1;
  ASSERT_EQ(ael_register(A, "scaled", "x", scaled, &factor, nullptr), AEL_OK);
  ael_Value* r = nullptr;
  ASSERT_EQ(ael_eval(A, "sum(parallel [scaled(i) for i in range(200)])", nullptr, &r), AEL_OK)
      << ael_error_text(A);
  EXPECT_STREQ(ael_value_repr(r), "19900.0");
  ael_value_free(r);
  EXPECT_EQ(
      ael_run_string(A, "parallel [scaled(if i == 150 { \"x\" } else { i }) for i in range(200)]",
                     nullptr),
      AEL_ERR_SCRIPT);
  EXPECT_NE(std::string(ael_error_text(A)).find("x must be a number"), std::string::npos)
      << ael_error_text(A);
  ael_close(A);
}

TEST(CApi, RegisterRejectsBadNamesAndParameterLists) {
  State s;
  double f = 1;
  EXPECT_EQ(ael_register(s.A, "two words", "x", scaled, &f, nullptr), AEL_ERR_ARGUMENT);
  EXPECT_EQ(ael_register(s.A, "f", "x..., y", scaled, &f, nullptr), AEL_ERR_SCRIPT);
  EXPECT_EQ(ael_register(s.A, "f", "x, 2y", scaled, &f, nullptr), AEL_ERR_SCRIPT);
  EXPECT_NE(std::string(ael_error_text(s.A)).find("bad parameter '2y'"), std::string::npos);
  EXPECT_EQ(ael_register(s.A, "f", "x", nullptr, &f, nullptr), AEL_ERR_ARGUMENT);
}

TEST(CApi, CallsCheckTheirTargetAndArguments) {
  State s;
  ASSERT_EQ(ael_run_string(s.A, "fn add(a, b) = a + b\nlet n = 4", nullptr), AEL_OK);
  ael_Value* a = ael_new_int(2);
  ael_Value* b = ael_new_float(0.5);
  const ael_Value* args[] = {a, b};
  ael_Value* r = nullptr;
  ASSERT_EQ(ael_call(s.A, "add", args, 2, &r), AEL_OK);
  EXPECT_STREQ(ael_value_repr(r), "2.5");
  ael_value_free(r);
  EXPECT_EQ(ael_call(s.A, "add", args, 1, &r), AEL_ERR_SCRIPT);  // missing b
  EXPECT_EQ(r, nullptr);
  EXPECT_EQ(ael_call(s.A, "n", args, 2, &r), AEL_ERR_TYPE);
  EXPECT_EQ(ael_call(s.A, "missing", args, 2, &r), AEL_ERR_NOT_FOUND);
  const ael_Value* holes[] = {a, nullptr};
  EXPECT_EQ(ael_call(s.A, "add", holes, 2, &r), AEL_ERR_ARGUMENT);
  ael_value_free(a);
  ael_value_free(b);
}

TEST(CApi, OutputGoesThroughTheHostCallback) {
  State s;
  ASSERT_EQ(ael_run_string(s.A, "print(\"hello\")", nullptr), AEL_OK);
  EXPECT_EQ(s.out, "hello\n");
}

TEST(CApi, GlobalNamesMustBeIdentifiers) {
  State s;
  EXPECT_EQ(ael_set_number(s.A, "not a name", 1), AEL_ERR_ARGUMENT);
  EXPECT_EQ(ael_set_number(s.A, "fine", 1), AEL_OK);
  EXPECT_EQ(ael_set_string(s.A, "s", nullptr), AEL_ERR_ARGUMENT);
}

TEST(CApi, ScriptArgumentsReachArguments) {
  const char* const args[] = {"epochs=3", nullptr};
  ael_Options o;
  ael_options_init(&o);
  o.arguments = args;
  ael_State* A = nullptr;
  ASSERT_EQ(ael_open(&o, &A), AEL_OK);
  ASSERT_EQ(ael_run_string(A, "let e = arguments({epochs: 20}).epochs", nullptr), AEL_OK);
  double e = 0;
  EXPECT_EQ(ael_get_number(A, "e", &e), AEL_OK);
  EXPECT_EQ(e, 3);
  ael_close(A);

  const char* const bad[] = {"epochs", nullptr};
  o.arguments = bad;
  EXPECT_NE(ael_open(&o, &A), AEL_OK);
  EXPECT_EQ(A, nullptr);
}

}  // namespace
