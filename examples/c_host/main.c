/* A C host embedding AEL through ael/ael.h only:
 *   - version check, options (seed, captured output),
 *   - a matrix handed to the script as a dataset global,
 *   - a C function the script calls (as a training callback),
 *   - running a file, calling an AEL function, reading a training result,
 *   - errors as data, from a script and from the C function.
 *
 *   ael_c_host [script.ael]     (default: examples/c_host/script.ael)
 *
 * It exits nonzero when something does not behave as documented, so the test suite
 * can run it (also under the sanitizers). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ael/ael.h"

static int failures = 0;

#define CHECK(cond)                                                           \
  do {                                                                        \
    if (!(cond)) {                                                            \
      fprintf(stderr, "c_host: check failed line %d: %s\n", __LINE__, #cond); \
      ++failures;                                                             \
    }                                                                         \
  } while (0)

/* Script output arrives here, prefixed so it is told apart from the host's. */
static void write_output(void* user, const char* text, size_t length) {
  int* lines = (int*)user;
  size_t i;
  for (i = 0; i < length; ++i) {
    if (text[i] == '\n') ++*lines;
  }
  printf("[script] %.*s", (int)length, text);
}

/* report(epoch, loss): called after every epoch; records the loss curve. */
typedef struct {
  double losses[64];
  int count;
} Curve;

static ael_Status report(ael_State* A, void* user, const ael_Value* const* args, size_t nargs,
                         ael_Value** result) {
  Curve* curve = (Curve*)user;
  double loss;
  (void)nargs;
  if (ael_value_number(args[1], &loss) != AEL_OK) return ael_error(A, "loss must be a number");
  if (curve->count < 64) curve->losses[curve->count++] = loss;
  *result = ael_new_bool(0); /* false: keep training */
  return AEL_OK;
}

/* clamp(x, hi?): fails, located at the script's call, for a bad bound. */
static ael_Status clamp(ael_State* A, void* user, const ael_Value* const* args, size_t nargs,
                        ael_Value** result) {
  double x, hi = 1.0;
  (void)user;
  (void)nargs;
  if (ael_value_number(args[0], &x) != AEL_OK) return ael_error(A, "x must be a number");
  if (ael_value_kind(args[1]) != AEL_NONE && ael_value_number(args[1], &hi) != AEL_OK) {
    return ael_error(A, "hi must be a number");
  }
  if (hi <= 0) return ael_error(A, "hi must be positive");
  *result = ael_new_float(x < 0 ? 0 : (x > hi ? hi : x));
  return AEL_OK;
}

static void print_diagnostics(const ael_State* A) {
  size_t i;
  for (i = 0; i < ael_diagnostic_count(A); ++i) {
    ael_Diagnostic d;
    if (ael_diagnostic(A, i, &d) == AEL_OK) {
      printf("diagnostic: file=%s line=%d column=%d message=\"%s\"\n", d.file, d.line, d.column,
             d.message);
    }
  }
}

int main(int argc, char** argv) {
  const char* script = argc > 1 ? argv[1] : "examples/c_host/script.ael";
  ael_Options options;
  ael_State* A = NULL;
  int lines = 0;
  Curve curve = {{0}, 0};
  double data[2 * 200];
  size_t i, rows = 0, cols = 0;
  ael_Value *fit = NULL, *epochs = NULL, *model = NULL, *loss = NULL, *history = NULL;
  ael_Value* args[1];
  double final_loss = 0, x = 0;

  if (ael_check_version() != AEL_OK) {
    fprintf(stderr, "libael %s does not match ael.h %d\n", ael_version_string(), AEL_VERSION_NUM);
    return 1;
  }
  ael_options_init(&options);
  options.seed = 1;
  options.threads = 1;
  options.write = write_output;
  options.write_user = &lines;
  if (ael_open(&options, &A) != AEL_OK) return 1;
  printf("AEL %s\n", ael_version_string());

  /* 1. Host functions, then a string that uses one. */
  CHECK(ael_register(A, "report", "epoch, loss", report, &curve, "Records a loss.") == AEL_OK);
  CHECK(ael_register(A, "clamp", "x, hi?", clamp, NULL, "Clamps x to [0, hi].") == AEL_OK);
  CHECK(ael_run_string(A, "let c = clamp(1.7, hi: 2.0) * 10\nprint(\"c = ${c}\")", "<host>") ==
        AEL_OK);
  CHECK(ael_get_number(A, "c", &x) == AEL_OK && fabs(x - 17.0) < 1e-12);
  printf("global c = %g\n", x);

  /* 2. A matrix (column-major, 200 samples x 2 features) on a line: y = 2x. */
  for (i = 0; i < 200; ++i) {
    data[i] = -1.0 + 2.0 * (double)i / 199.0;
    data[200 + i] = 2.0 * data[i];
  }
  CHECK(ael_set_matrix(A, "samples", data, 200, 2) == AEL_OK);

  /* 3. Run a file, then call the function it defined: a training run. */
  if (ael_run_file(A, script) != AEL_OK) {
    fputs(ael_error_text(A), stderr);
    return 1;
  }
  CHECK(ael_get_global(A, "fit", &fit) == AEL_OK && ael_value_kind(fit) == AEL_FUNCTION);
  epochs = ael_new_int(20);
  args[0] = epochs;
  if (ael_call_value(A, fit, (const ael_Value* const*)args, 1, &model) != AEL_OK) {
    fputs(ael_error_text(A), stderr);
    return 1;
  }
  CHECK(ael_value_field(model, "loss", &loss) == AEL_OK);
  CHECK(ael_value_number(loss, &final_loss) == AEL_OK);
  CHECK(ael_value_field(model, "history", &history) == AEL_OK);
  CHECK(curve.count == 20);
  CHECK(curve.losses[curve.count - 1] < curve.losses[0] / 10);
  printf("trained %s: %d epochs reported, loss %.3g -> %.3g (model says %.3g)\n",
         ael_value_type_name(model), curve.count, curve.losses[0], curve.losses[curve.count - 1],
         final_loss);

  /* 4. A matrix back from the script: the reconstruction of the samples. */
  {
    ael_Value* recon = NULL;
    double out[2 * 200];
    CHECK(ael_set_global(A, "trained", model) == AEL_OK); /* any value goes back in */
    CHECK(ael_eval(A, "apply(trained, samples)", "<host-apply>", &recon) == AEL_OK);
    CHECK(ael_matrix_shape(recon, &rows, &cols) == AEL_OK && rows == 200 && cols == 2);
    CHECK(ael_matrix_copy(recon, out, 2) == AEL_ERR_ARGUMENT); /* too small a buffer */
    CHECK(ael_matrix_copy(recon, out, sizeof out / sizeof out[0]) == AEL_OK);
    CHECK(fabs(out[0] - data[0]) < 0.01 && fabs(out[200] - data[200]) < 0.01);
    printf("reconstruction: %zu x %zu, sample 0 = (%.2f, %.2f) for (%.2f, %.2f)\n", rows, cols,
           out[0], out[200], data[0], data[200]);
    ael_value_free(recon);
  }

  /* 5. Errors as data: a runtime error, a syntax error, a C function's own error, an
   *    unknown global, a wrong kind. */
  CHECK(ael_run_string(A, "fn inverse(x) = 1 / x\nlet bad = inverse(0)", "<host-errors>") ==
        AEL_ERR_SCRIPT);
  print_diagnostics(A);
  CHECK(ael_run_string(A, "let = 3", "<host-syntax>") == AEL_ERR_SCRIPT);
  print_diagnostics(A);
  CHECK(ael_run_string(A, "clamp(0.5, hi: -1)", "<host-native>") == AEL_ERR_SCRIPT);
  print_diagnostics(A);
  CHECK(strstr(ael_error_text(A), "^") != NULL); /* the rendered text has a caret */
  {
    ael_Value* missing = NULL; /* a failed call leaves *out NULL */
    CHECK(ael_get_global(A, "nope", &missing) == AEL_ERR_NOT_FOUND && missing == NULL);
  }
  CHECK(ael_get_number(A, "fit", &x) == AEL_ERR_TYPE);
  CHECK(ael_call(A, "c", NULL, 0, NULL) == AEL_ERR_TYPE);
  CHECK(ael_register(A, "bad name", "x", clamp, NULL, NULL) == AEL_ERR_ARGUMENT);
  CHECK(ael_register(A, "bad", "x..., y", clamp, NULL, NULL) == AEL_ERR_SCRIPT);

  ael_value_free(history);
  ael_value_free(loss);
  ael_value_free(model);
  ael_value_free(epochs);
  ael_value_free(fit);
  ael_close(A);
  printf("script printed %d line(s); %s\n", lines, failures ? "FAILED" : "all checks passed");
  return failures ? 1 : 0;
}
