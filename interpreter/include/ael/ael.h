/* ael/ael.h — embedding AEL from C (C99 and C++).
 *
 *   ael_Options o;  ael_options_init(&o);  o.seed = 1;
 *   ael_State* A;
 *   if (ael_check_version() != AEL_OK || ael_open(&o, &A) != AEL_OK) return 1;
 *   if (ael_run_string(A, "let y = 6 * 7", "<host>") != AEL_OK)
 *     fputs(ael_error_text(A), stderr);
 *   double y;  ael_get_number(A, "y", &y);
 *   ael_close(A);
 *
 * Rules, in the spirit of Lua's C API:
 *   - Every function returns an ael_Status (or a value that cannot fail). No C++
 *     exception ever crosses this header; an out-of-memory or internal error comes back
 *     as AEL_ERR_INTERNAL with a diagnostic.
 *   - Handles are opaque. An ael_Value* the API hands out is owned by the caller and
 *     freed with ael_value_free(); values are immutable and independent of the state
 *     that made them (free them before or after ael_close, either works).
 *   - Strings the API returns (`const char*`) stay valid until the next call on the same
 *     state (diagnostics) or as long as the value handle lives (ael_value_string).
 *   - One ael_State is used by one thread at a time. Scripts may run parallel
 *     comprehensions; a host C function called from them can run on a worker thread
 *     (several at once), so it must be thread-safe or the script must use it serially.
 *   - Matrices cross as column-major double buffers, rows x cols, as the script sees the
 *     value: a dataset has one row per sample and one column per feature. They are
 *     copied both ways.
 *
 * Failures leave their diagnostics on the state: ael_diagnostic_count/ael_diagnostic
 * give them as data (severity, file, line, column, message, rendered text), and
 * ael_error_text the compiler-style text of them all. A successful call clears them. */
#ifndef AEL_AEL_H
#define AEL_AEL_H

#include <stddef.h>
#include <stdint.h>

#include "ael/export.h"

#define AEL_VERSION_MAJOR 0
#define AEL_VERSION_MINOR 1
#define AEL_VERSION_PATCH 0
/** One number that grows with every release: major * 10000 + minor * 100 + patch. */
#define AEL_VERSION_NUM (AEL_VERSION_MAJOR * 10000 + AEL_VERSION_MINOR * 100 + AEL_VERSION_PATCH)

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ael_State ael_State;
typedef struct ael_Value ael_Value;

typedef enum ael_Status {
  AEL_OK = 0,
  AEL_ERR_SCRIPT = 1,      /**< the script (or a call) failed: see the diagnostics */
  AEL_ERR_NOT_FOUND = 2,   /**< no such global or field */
  AEL_ERR_TYPE = 3,        /**< the value has another kind than the call asked for */
  AEL_ERR_ARGUMENT = 4,    /**< a NULL handle, a bad index, a bad size */
  AEL_ERR_VERSION = 5,     /**< header and library disagree (ael_check_version) */
  AEL_ERR_INTERRUPTED = 6, /**< ael_interrupt() stopped the run */
  AEL_ERR_INTERNAL = 7     /**< out of memory or a bug in AEL: see the diagnostics */
} ael_Status;

typedef enum ael_Kind {
  AEL_NONE,
  AEL_BOOL,
  AEL_INT,
  AEL_FLOAT,
  AEL_STRING,
  AEL_LIST,
  AEL_RECORD,
  AEL_MATRIX,   /**< a dataset: rows are samples, columns are features */
  AEL_FUNCTION, /**< callable with ael_call_value */
  AEL_OBJECT    /**< anything else (model, optimizer, ...): opaque, repr only */
} ael_Kind;

typedef enum ael_Severity {
  AEL_SEVERITY_ERROR,
  AEL_SEVERITY_WARNING,
  AEL_SEVERITY_NOTE
} ael_Severity;

/** Called with script output (print and friends). `text` is not NUL-terminated. */
typedef void (*ael_WriteFn)(void* user, const char* text, size_t length);

typedef struct ael_Options {
  uint64_t seed;           /**< base seed of every random stream (default 0) */
  int threads;             /**< worker threads; 0 = all cores */
  int quick;               /**< nonzero: scripts see `quick = true` (CI budgets) */
  const char* plugin_path; /**< extra plugin folders, ':'-separated, or NULL */
  const char* module_path; /**< extra module folders, ':'-separated, or NULL */
  ael_WriteFn write;       /**< NULL: stdout */
  void* write_user;        /**< passed to `write` */
  /** Script arguments: a NULL-terminated array of "name=value" strings (as after `--` on
   *  `ael run`), read by the script's arguments({...}); NULL for none. */
  const char* const* arguments;
} ael_Options;

/** One diagnostic. The strings belong to the state (see the rules above). */
typedef struct ael_Diagnostic {
  ael_Severity severity;
  const char* file; /**< "" when unknown */
  int line;         /**< 1-based; 0 when unknown */
  int column;       /**< 1-based; 0 when unknown */
  int end_line;
  int end_column;
  const char* message;
  const char* rendered; /**< "file:3:12: error: ...", source line, caret, call stack */
} ael_Diagnostic;

/* ---- version, state ------------------------------------------------------------- */

/** The library's AEL_VERSION_NUM. */
AEL_API int ael_version_num(void);
/** AEL_VERSION_NUM as text: "0.1.0". */
AEL_API const char* ael_version_string(void);
/** AEL_OK when the library matches the header this file was compiled against (same
 *  major version, a minor at least as new, the same struct layouts). */
#define ael_check_version() \
  ael_check_version_(AEL_VERSION_NUM, sizeof(ael_Options), sizeof(ael_Diagnostic))
AEL_API ael_Status ael_check_version_(int version_num, size_t options_size, size_t diagnostic_size);

/** Fills `options` with the defaults. */
AEL_API void ael_options_init(ael_Options* options);
/** Creates an interpreter; `options` may be NULL (defaults). On failure *out is NULL. */
AEL_API ael_Status ael_open(const ael_Options* options, ael_State** out);
/** Destroys an interpreter; NULL is allowed. */
AEL_API void ael_close(ael_State* A);
/** Asks running scripts (in any state) to stop at the next safe point; the run returns
 *  AEL_ERR_INTERRUPTED. Async-signal-safe: call it from a SIGINT handler. */
AEL_API void ael_interrupt(void);

/* ---- running -------------------------------------------------------------------- */

/** Runs a script file; its folder joins the module search path. */
AEL_API ael_Status ael_run_file(ael_State* A, const char* path);
/** Runs source text; `name` (or "<string>" when NULL) names it in diagnostics. */
AEL_API ael_Status ael_run_string(ael_State* A, const char* source, const char* name);
/** Like ael_run_string, and *result (when not NULL) gets the value of the last
 *  expression statement. */
AEL_API ael_Status ael_eval(ael_State* A, const char* source, const char* name, ael_Value** result);

/* ---- diagnostics ---------------------------------------------------------------- */

/** Diagnostics of the last call that failed (0 after a success). */
AEL_API size_t ael_diagnostic_count(const ael_State* A);
AEL_API ael_Status ael_diagnostic(const ael_State* A, size_t index, ael_Diagnostic* out);
/** The rendered text of every diagnostic, "" when there are none. */
AEL_API const char* ael_error_text(const ael_State* A);

/* ---- globals -------------------------------------------------------------------- */

/** A global's value (AEL_ERR_NOT_FOUND when there is none). Free *out. */
AEL_API ael_Status ael_get_global(ael_State* A, const char* name, ael_Value** out);
/** Defines or replaces a global. The value is shared, not moved: free it as usual. */
AEL_API ael_Status ael_set_global(ael_State* A, const char* name, const ael_Value* value);
/** Shortcuts for the common kinds. A number global may be an int or a float. */
AEL_API ael_Status ael_get_number(ael_State* A, const char* name, double* out);
AEL_API ael_Status ael_set_number(ael_State* A, const char* name, double value);
AEL_API ael_Status ael_set_string(ael_State* A, const char* name, const char* value);
/** Copies `data` (column-major, rows x cols) into a dataset global with features "x0"... */
AEL_API ael_Status ael_set_matrix(ael_State* A, const char* name, const double* data, size_t rows,
                                  size_t cols);

/* ---- calls ---------------------------------------------------------------------- */

/** Calls the global function `name` with positional arguments. Free *result. */
AEL_API ael_Status ael_call(ael_State* A, const char* name, const ael_Value* const* args,
                            size_t nargs, ael_Value** result);
/** Calls a function value (AEL_FUNCTION). */
AEL_API ael_Status ael_call_value(ael_State* A, const ael_Value* function,
                                  const ael_Value* const* args, size_t nargs, ael_Value** result);

/** A host function. `args` holds one slot per declared parameter (an optional one that
 *  the script left out is an AEL_NONE value), then the extra arguments of a variadic
 *  function. Return AEL_OK with *result set (NULL means none), or fail with
 *  ael_error(). The handles in `args` belong to AEL; *result passes to AEL. */
typedef ael_Status (*ael_CFunction)(ael_State* A, void* user, const ael_Value* const* args,
                                    size_t nargs, ael_Value** result);

/** Registers `fn` as the script function `name`. `params` lists its parameters,
 *  comma-separated: "x, hi?" (hi is optional), "xs..." (variadic). Scripts may pass
 *  them by name (clamp(x: 2)); unknown names get "did you mean". */
AEL_API ael_Status ael_register(ael_State* A, const char* name, const char* params,
                                ael_CFunction fn, void* user, const char* doc);
/** From inside a host function: records `message` as the error and returns
 *  AEL_ERR_SCRIPT, so `return ael_error(A, "...")` fails the call at its script
 *  location. */
AEL_API ael_Status ael_error(ael_State* A, const char* message);

/* ---- values --------------------------------------------------------------------- */

AEL_API void ael_value_free(ael_Value* value);
/** A second handle to the same (immutable) value. */
AEL_API ael_Value* ael_value_copy(const ael_Value* value);
AEL_API ael_Kind ael_value_kind(const ael_Value* value);
/** "int", "dataset", "model", ... */
AEL_API const char* ael_value_type_name(const ael_Value* value);
/** How the REPL prints the value; valid while the handle lives. */
AEL_API const char* ael_value_repr(const ael_Value* value);

/* Constructors return NULL only when memory runs out. */
AEL_API ael_Value* ael_new_none(void);
AEL_API ael_Value* ael_new_bool(int b);
AEL_API ael_Value* ael_new_int(int64_t i);
AEL_API ael_Value* ael_new_float(double d);
/** `length` bytes of UTF-8 (embedded NULs allowed). */
AEL_API ael_Value* ael_new_string(const char* text, size_t length);
AEL_API ael_Value* ael_new_list(const ael_Value* const* items, size_t count);
/** A record {keys[i]: values[i]}; NULL when a key repeats. */
AEL_API ael_Value* ael_new_record(const char* const* keys, const ael_Value* const* values,
                                  size_t count);
/** A dataset copied from column-major `data`; `names` (cols entries) may be NULL. NULL
 *  when the names are not unique. */
AEL_API ael_Value* ael_new_matrix(const double* data, size_t rows, size_t cols,
                                  const char* const* names);

AEL_API ael_Status ael_value_bool(const ael_Value* value, int* out);
AEL_API ael_Status ael_value_int(const ael_Value* value, int64_t* out);
/** An int or a float, as double. */
AEL_API ael_Status ael_value_number(const ael_Value* value, double* out);
/** The UTF-8 bytes and their length (may be NULL); valid while the handle lives. */
AEL_API ael_Status ael_value_string(const ael_Value* value, const char** out, size_t* length);

/** Lists and records: element count and the i-th element (free *out). */
AEL_API ael_Status ael_value_length(const ael_Value* value, size_t* out);
AEL_API ael_Status ael_list_get(const ael_Value* list, size_t index, ael_Value** out);
/** The i-th field of a record: its key (valid while the handle lives) and value. */
AEL_API ael_Status ael_record_entry(const ael_Value* record, size_t index, const char** key,
                                    ael_Value** value);
/** A record's field, or an object's (a model's, a training result's): AEL_ERR_NOT_FOUND
 *  when there is none. */
AEL_API ael_Status ael_value_field(const ael_Value* value, const char* name, ael_Value** out);

/** A matrix's size, then its entries copied column-major into `out` (capacity >=
 *  rows * cols, else AEL_ERR_ARGUMENT). */
AEL_API ael_Status ael_matrix_shape(const ael_Value* matrix, size_t* rows, size_t* cols);
AEL_API ael_Status ael_matrix_copy(const ael_Value* matrix, double* out, size_t capacity);
/** The matrix's own storage, without a copy: rows * cols doubles in ROW-major order
 *  (sample after sample; AEL keeps a dataset that way), valid and unchanged while
 *  `matrix` (or any copy of the handle) lives. Read-only: values are immutable. */
AEL_API ael_Status ael_matrix_row_major_data(const ael_Value* matrix, const double** out);
/** The name of feature (column) `col`; valid while the handle lives. */
AEL_API ael_Status ael_matrix_column_name(const ael_Value* matrix, size_t col, const char** out);

#ifdef __cplusplus
}
#endif

#endif /* AEL_AEL_H */
