// The C API (ael/ael.h) over the C++ one (ael/ael.hpp): handles wrap ael::Value, every
// entry point runs inside guarded() so no exception crosses into C.
#include "ael/ael.h"

#include <cctype>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ael/ael.hpp"
#include "bindings/dataset_value.hpp"
#include "util/memory_budget.hpp"
#include "util/path_list.hpp"

struct ael_Value {
  ael::Value value;
  std::string text;  // cache behind ael_value_repr / ael_value_type_name
  std::string type;
};

struct ael_State {
  std::unique_ptr<ael::Interpreter> interp;
  std::vector<ael::Diagnostic> diagnostics;
  std::vector<std::string> rendered;
  std::string error_text;
  ael_WriteFn write = nullptr;
  void* write_user = nullptr;
};

namespace {

using ael::Value;

// Set by ael_error() inside a host function; per thread because parallel comprehensions
// call host functions from worker threads.
thread_local std::string pending_host_error;

void set_diagnostics(ael_State* A, std::vector<ael::Diagnostic> diagnostics) {
  A->diagnostics = std::move(diagnostics);
  A->rendered.clear();
  A->error_text.clear();
  for (const ael::Diagnostic& d : A->diagnostics) {
    A->rendered.push_back(d.render());
    A->error_text += A->rendered.back();
    if (!A->error_text.empty() && A->error_text.back() != '\n') A->error_text += '\n';
  }
}

void fail_with(ael_State* A, const std::string& message) {
  ael::Diagnostic d;
  d.message = message;
  set_diagnostics(A, {d});
}

// Runs `body` (returning ael_Status) with every exception turned into a status and, when
// a state is given, a diagnostic.
template <class Body>
ael_Status guarded(ael_State* A, Body&& body) noexcept {
  try {
    return body();
  } catch (const ael::Error& e) {
    if (A) set_diagnostics(A, {e.diagnostic()});
    return AEL_ERR_SCRIPT;
  } catch (const std::bad_alloc&) {
    if (A) {
      try {
        fail_with(A, "out of memory");
      } catch (...) {
      }
    }
    return AEL_ERR_INTERNAL;
  } catch (const std::exception& e) {
    if (A) {
      try {
        fail_with(A, std::string("internal error: ") + e.what());
      } catch (...) {
      }
    }
    return AEL_ERR_INTERNAL;
  } catch (...) {
    return AEL_ERR_INTERNAL;
  }
}

ael_Status from_result(ael_State* A, ael::Result&& r) {
  if (r.ok) {
    set_diagnostics(A, {});
    return AEL_OK;
  }
  set_diagnostics(A, std::move(r.diagnostics));
  return r.interrupted ? AEL_ERR_INTERRUPTED : AEL_ERR_SCRIPT;
}

ael_Value* wrap(Value v) noexcept {
  try {
    return new ael_Value{std::move(v), {}, {}};
  } catch (...) {
    return nullptr;
  }
}

std::string trim(const std::string& s) {
  const std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const std::size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

bool valid_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

// "x, hi?, rest..." -> a Signature; throws ael::Error naming the bad parameter.
ael::Signature parse_params(const char* params) {
  ael::Signature sig;
  if (!params) return sig;
  const std::string text(params);
  if (trim(text).empty()) return sig;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    std::string p =
        trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (sig.variadic) throw ael::Error("ael_register: the variadic parameter must be the last");
    ael::Param param;
    if (p.size() > 3 && p.compare(p.size() - 3, 3, "...") == 0) {
      sig.variadic = true;
      p = trim(p.substr(0, p.size() - 3));
    } else if (!p.empty() && p.back() == '?') {
      p = trim(p.substr(0, p.size() - 1));
      param.default_value = Value();
    }
    if (!valid_identifier(p)) {
      throw ael::Error("ael_register: bad parameter '" + p + "' in \"" + text +
                       "\" (write \"x, y?, rest...\")");
    }
    if (!sig.variadic) {
      param.name = p;
      sig.params.push_back(std::move(param));
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return sig;
}

const ael::data::Dataset* dataset_of(const ael_Value* v) {
  return v ? ael::bindings::as_dataset(v->value) : nullptr;
}

// Script view (rows = samples, cols = features) from a column-major buffer; the dataset
// stores features x samples, so this is a transpose.
Value matrix_value(const double* data, std::size_t rows, std::size_t cols,
                   std::vector<std::string> names) {
  const double max_index = static_cast<double>(std::numeric_limits<Eigen::Index>::max());
  if (static_cast<double>(rows) * static_cast<double>(cols) > max_index) {
    throw ael::Error("matrix of " + std::to_string(rows) + " x " + std::to_string(cols) +
                     " is too large");
  }
  ael::require_memory(static_cast<double>(rows) * static_cast<double>(cols) * 8.0, "the matrix");
  const auto r = static_cast<Eigen::Index>(rows), c = static_cast<Eigen::Index>(cols);
  Eigen::MatrixXd m = Eigen::Map<const Eigen::MatrixXd>(data, r, c).transpose();
  return ael::bindings::make_dataset(ael::data::Dataset(std::move(m), std::move(names)));
}

ael_Status call_into(ael_State* A, const Value& fn, const ael_Value* const* args, size_t nargs,
                     ael_Value** result) {
  if (result) *result = nullptr;
  std::vector<Value> values;
  values.reserve(nargs);
  for (size_t i = 0; i < nargs; ++i) {
    if (!args || !args[i]) {
      fail_with(A, "ael_call: argument " + std::to_string(i + 1) + " is NULL");
      return AEL_ERR_ARGUMENT;
    }
    values.push_back(args[i]->value);
  }
  ael::Result r = A->interp->call(fn, values);
  Value out = r.value;
  const ael_Status status = from_result(A, std::move(r));
  if (status == AEL_OK && result) {
    *result = wrap(std::move(out));
    if (!*result) return AEL_ERR_INTERNAL;
  }
  return status;
}

}  // namespace

extern "C" {

int ael_version_num(void) { return AEL_VERSION_NUM; }

const char* ael_version_string(void) { return ael::version(); }

ael_Status ael_check_version_(int version_num, size_t options_size, size_t diagnostic_size) {
  const int major = version_num / 10000, minor = version_num / 100 % 100;
  if (major != AEL_VERSION_MAJOR || minor > AEL_VERSION_MINOR) return AEL_ERR_VERSION;
  if (options_size != sizeof(ael_Options) || diagnostic_size != sizeof(ael_Diagnostic)) {
    return AEL_ERR_VERSION;
  }
  return AEL_OK;
}

void ael_options_init(ael_Options* options) {
  if (!options) return;
  std::memset(options, 0, sizeof *options);
}

ael_Status ael_open(const ael_Options* options, ael_State** out) {
  if (!out) return AEL_ERR_ARGUMENT;
  *out = nullptr;
  ael_Options o;
  ael_options_init(&o);
  if (options) o = *options;
  return guarded(nullptr, [&] {
    auto A = std::make_unique<ael_State>();
    ael::EngineConfig config;
    config.seed = o.seed;
    config.threads = o.threads;
    config.quick = o.quick != 0;
    config.plugin_path = ael::util::split_path_list(o.plugin_path);
    config.module_path = ael::util::split_path_list(o.module_path);
    for (const char* const* a = o.arguments; a && *a; ++a) {
      config.arguments.push_back(ael::parse_script_argument(*a));
    }
    if (o.write) {
      A->write = o.write;
      A->write_user = o.write_user;
      ael_State* state = A.get();
      config.write = [state](std::string_view text) {
        state->write(state->write_user, text.data(), text.size());
      };
    }
    A->interp = std::make_unique<ael::Interpreter>(std::move(config));
    *out = A.release();
    return AEL_OK;
  });
}

void ael_close(ael_State* A) { delete A; }

void ael_interrupt(void) { ael::request_interrupt(); }

ael_Status ael_run_file(ael_State* A, const char* path) {
  if (!A || !path) return AEL_ERR_ARGUMENT;
  return guarded(A, [&] { return from_result(A, A->interp->run_file(path)); });
}

ael_Status ael_eval(ael_State* A, const char* source, const char* name, ael_Value** result) {
  if (result) *result = nullptr;
  if (!A || !source) return AEL_ERR_ARGUMENT;
  return guarded(A, [&] {
    ael::Result r = A->interp->run_string(source, name ? name : "<string>");
    Value value = r.value;
    const ael_Status status = from_result(A, std::move(r));
    if (status == AEL_OK && result) {
      *result = wrap(std::move(value));
      if (!*result) return AEL_ERR_INTERNAL;
    }
    return status;
  });
}

ael_Status ael_run_string(ael_State* A, const char* source, const char* name) {
  return ael_eval(A, source, name, nullptr);
}

size_t ael_diagnostic_count(const ael_State* A) { return A ? A->diagnostics.size() : 0; }

ael_Status ael_diagnostic(const ael_State* A, size_t index, ael_Diagnostic* out) {
  if (!A || !out || index >= A->diagnostics.size()) return AEL_ERR_ARGUMENT;
  const ael::Diagnostic& d = A->diagnostics[index];
  out->severity = d.severity == ael::Severity::Error     ? AEL_SEVERITY_ERROR
                  : d.severity == ael::Severity::Warning ? AEL_SEVERITY_WARNING
                                                         : AEL_SEVERITY_NOTE;
  out->file = d.location.file.c_str();
  out->line = d.location.line;
  out->column = d.location.column;
  out->end_line = d.location.end_line;
  out->end_column = d.location.end_column;
  out->message = d.message.c_str();
  out->rendered = A->rendered[index].c_str();
  return AEL_OK;
}

const char* ael_error_text(const ael_State* A) { return A ? A->error_text.c_str() : ""; }

ael_Status ael_get_global(ael_State* A, const char* name, ael_Value** out) {
  if (out) *out = nullptr;
  if (!A || !name || !out) return AEL_ERR_ARGUMENT;
  return guarded(A, [&] {
    std::optional<Value> v = A->interp->global(name);
    if (!v) {
      fail_with(A, std::string("no global named '") + name + "'");
      return AEL_ERR_NOT_FOUND;
    }
    *out = wrap(std::move(*v));
    return *out ? AEL_OK : AEL_ERR_INTERNAL;
  });
}

ael_Status ael_set_global(ael_State* A, const char* name, const ael_Value* value) {
  if (!A || !name || !value) return AEL_ERR_ARGUMENT;
  return guarded(A, [&] {
    if (!valid_identifier(name)) {
      fail_with(A, std::string("'") + name + "' is not a valid AEL name");
      return AEL_ERR_ARGUMENT;
    }
    A->interp->set_global(name, value->value);
    set_diagnostics(A, {});
    return AEL_OK;
  });
}

ael_Status ael_get_number(ael_State* A, const char* name, double* out) {
  ael_Value* v = nullptr;
  ael_Status s = ael_get_global(A, name, &v);
  if (s == AEL_OK) s = ael_value_number(v, out);
  ael_value_free(v);
  return s;
}

namespace {
ael_Status set_owned(ael_State* A, const char* name, ael_Value* v) {
  if (!v) return AEL_ERR_INTERNAL;
  const ael_Status s = ael_set_global(A, name, v);
  ael_value_free(v);
  return s;
}
}  // namespace

ael_Status ael_set_number(ael_State* A, const char* name, double value) {
  return set_owned(A, name, ael_new_float(value));
}

ael_Status ael_set_string(ael_State* A, const char* name, const char* value) {
  if (!value) return AEL_ERR_ARGUMENT;
  return set_owned(A, name, ael_new_string(value, std::strlen(value)));
}

ael_Status ael_set_matrix(ael_State* A, const char* name, const double* data, size_t rows,
                          size_t cols) {
  if (!A || !name || (!data && rows * cols > 0)) return AEL_ERR_ARGUMENT;
  ael_Value* v = nullptr;
  const ael_Status s = guarded(A, [&] {
    v = wrap(matrix_value(data, rows, cols, {}));
    return v ? AEL_OK : AEL_ERR_INTERNAL;
  });
  if (s != AEL_OK) return s;
  return set_owned(A, name, v);
}

ael_Status ael_call(ael_State* A, const char* name, const ael_Value* const* args, size_t nargs,
                    ael_Value** result) {
  if (result) *result = nullptr;
  if (!A || !name) return AEL_ERR_ARGUMENT;
  return guarded(A, [&] {
    std::optional<Value> fn = A->interp->global(name);
    if (!fn) {
      fail_with(A, std::string("no function named '") + name + "'");
      return AEL_ERR_NOT_FOUND;
    }
    if (!fn->is_callable()) {
      fail_with(A, std::string("'") + name + "' is a " + fn->type_name() + ", not a function");
      return AEL_ERR_TYPE;
    }
    return call_into(A, *fn, args, nargs, result);
  });
}

ael_Status ael_call_value(ael_State* A, const ael_Value* function, const ael_Value* const* args,
                          size_t nargs, ael_Value** result) {
  if (result) *result = nullptr;
  if (!A || !function) return AEL_ERR_ARGUMENT;
  return guarded(A, [&] {
    if (!function->value.is_callable()) {
      fail_with(A, "a " + function->value.type_name() + " is not a function");
      return AEL_ERR_TYPE;
    }
    return call_into(A, function->value, args, nargs, result);
  });
}

ael_Status ael_register(ael_State* A, const char* name, const char* params, ael_CFunction fn,
                        void* user, const char* doc) {
  if (!A || !name || !fn) return AEL_ERR_ARGUMENT;
  return guarded(A, [&] {
    if (!valid_identifier(name)) {
      fail_with(A, std::string("ael_register: '") + name + "' is not a valid AEL name");
      return AEL_ERR_ARGUMENT;
    }
    ael::Signature sig = parse_params(params);
    ael_State* state = A;
    A->interp->define(
        name, std::move(sig),
        [state, fn, user](ael::Args& args) -> Value {
          // Borrowed handles for the call; the C function must not free them.
          std::vector<ael_Value> slots;
          slots.reserve(args.size() + args.rest().size());
          for (std::size_t i = 0; i < args.size(); ++i) slots.push_back({args[i], {}, {}});
          for (const Value& v : args.rest()) slots.push_back({v, {}, {}});
          std::vector<const ael_Value*> pointers;
          for (const ael_Value& s : slots) pointers.push_back(&s);
          ael_Value* out = nullptr;
          pending_host_error.clear();
          const ael_Status status = fn(state, user, pointers.data(), pointers.size(), &out);
          std::unique_ptr<ael_Value> owned(out);
          if (status != AEL_OK) {
            std::string message = pending_host_error.empty()
                                      ? "host function failed (status " +
                                            std::to_string(static_cast<int>(status)) + ")"
                                      : pending_host_error;
            pending_host_error.clear();
            throw ael::Error(std::move(message));
          }
          return owned ? owned->value : Value();
        },
        doc ? doc : "");
    set_diagnostics(A, {});
    return AEL_OK;
  });
}

ael_Status ael_error(ael_State* A, const char* message) {
  (void)A;
  try {
    pending_host_error = message ? message : "host function failed";
  } catch (...) {
  }
  return AEL_ERR_SCRIPT;
}

void ael_value_free(ael_Value* value) { delete value; }

ael_Value* ael_value_copy(const ael_Value* value) { return value ? wrap(value->value) : nullptr; }

ael_Kind ael_value_kind(const ael_Value* value) {
  if (!value) return AEL_NONE;
  const Value& v = value->value;
  switch (v.kind()) {
    case Value::Kind::None:
      return AEL_NONE;
    case Value::Kind::Bool:
      return AEL_BOOL;
    case Value::Kind::Int:
      return AEL_INT;
    case Value::Kind::Float:
      return AEL_FLOAT;
    case Value::Kind::String:
      return AEL_STRING;
    case Value::Kind::List:
      return AEL_LIST;
    case Value::Kind::Record:
      return AEL_RECORD;
    case Value::Kind::Object:
      break;
  }
  if (ael::bindings::as_dataset(v)) return AEL_MATRIX;
  if (v.is_callable()) return AEL_FUNCTION;
  return AEL_OBJECT;
}

const char* ael_value_type_name(const ael_Value* value) {
  if (!value) return "none";
  try {
    const_cast<ael_Value*>(value)->type = value->value.type_name();
    return value->type.c_str();
  } catch (...) {
    return "?";
  }
}

const char* ael_value_repr(const ael_Value* value) {
  if (!value) return "none";
  try {
    const_cast<ael_Value*>(value)->text = value->value.repr();
    return value->text.c_str();
  } catch (...) {
    return "?";
  }
}

ael_Value* ael_new_none(void) { return wrap(Value()); }
ael_Value* ael_new_bool(int b) { return wrap(Value(b != 0)); }
ael_Value* ael_new_int(int64_t i) { return wrap(Value(static_cast<std::int64_t>(i))); }
ael_Value* ael_new_float(double d) { return wrap(Value(d)); }

ael_Value* ael_new_string(const char* text, size_t length) {
  if (!text && length > 0) return nullptr;
  try {
    return wrap(Value(std::string(text ? text : "", length)));
  } catch (...) {
    return nullptr;
  }
}

ael_Value* ael_new_list(const ael_Value* const* items, size_t count) {
  if (!items && count > 0) return nullptr;
  try {
    ael::List list;
    list.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      if (!items[i]) return nullptr;
      list.push_back(items[i]->value);
    }
    return wrap(Value(std::move(list)));
  } catch (...) {
    return nullptr;
  }
}

ael_Value* ael_new_record(const char* const* keys, const ael_Value* const* values, size_t count) {
  if ((!keys || !values) && count > 0) return nullptr;
  try {
    ael::Record record;
    for (size_t i = 0; i < count; ++i) {
      if (!keys[i] || !values[i] || record.find(keys[i])) return nullptr;
      record.set(keys[i], values[i]->value);
    }
    return wrap(Value(std::move(record)));
  } catch (...) {
    return nullptr;
  }
}

ael_Value* ael_new_matrix(const double* data, size_t rows, size_t cols, const char* const* names) {
  if (!data && rows * cols > 0) return nullptr;
  try {
    std::vector<std::string> n;
    if (names) {
      for (size_t c = 0; c < cols; ++c) {
        if (!names[c]) return nullptr;
        n.emplace_back(names[c]);
      }
    }
    return wrap(matrix_value(data, rows, cols, std::move(n)));
  } catch (...) {
    return nullptr;
  }
}

ael_Status ael_value_bool(const ael_Value* value, int* out) {
  if (!value || !out) return AEL_ERR_ARGUMENT;
  if (!value->value.is_bool()) return AEL_ERR_TYPE;
  *out = value->value.as_bool() ? 1 : 0;
  return AEL_OK;
}

ael_Status ael_value_int(const ael_Value* value, int64_t* out) {
  if (!value || !out) return AEL_ERR_ARGUMENT;
  if (!value->value.is_int()) return AEL_ERR_TYPE;
  *out = value->value.as_int();
  return AEL_OK;
}

ael_Status ael_value_number(const ael_Value* value, double* out) {
  if (!value || !out) return AEL_ERR_ARGUMENT;
  if (!value->value.is_number()) return AEL_ERR_TYPE;
  *out = value->value.as_number();
  return AEL_OK;
}

ael_Status ael_value_string(const ael_Value* value, const char** out, size_t* length) {
  if (!value || !out) return AEL_ERR_ARGUMENT;
  if (!value->value.is_string()) return AEL_ERR_TYPE;
  const std::string& s = value->value.as_string();
  *out = s.c_str();
  if (length) *length = s.size();
  return AEL_OK;
}

ael_Status ael_value_length(const ael_Value* value, size_t* out) {
  if (!value || !out) return AEL_ERR_ARGUMENT;
  if (value->value.is_list()) {
    *out = value->value.as_list().size();
  } else if (value->value.is_record()) {
    *out = value->value.as_record().size();
  } else {
    return AEL_ERR_TYPE;
  }
  return AEL_OK;
}

ael_Status ael_list_get(const ael_Value* list, size_t index, ael_Value** out) {
  if (out) *out = nullptr;
  if (!list || !out) return AEL_ERR_ARGUMENT;
  if (!list->value.is_list()) return AEL_ERR_TYPE;
  const ael::List& items = list->value.as_list();
  if (index >= items.size()) return AEL_ERR_ARGUMENT;
  *out = wrap(items[index]);
  return *out ? AEL_OK : AEL_ERR_INTERNAL;
}

ael_Status ael_record_entry(const ael_Value* record, size_t index, const char** key,
                            ael_Value** value) {
  if (value) *value = nullptr;
  if (!record || !key || !value) return AEL_ERR_ARGUMENT;
  if (!record->value.is_record()) return AEL_ERR_TYPE;
  const auto& fields = record->value.as_record().fields();
  if (index >= fields.size()) return AEL_ERR_ARGUMENT;
  *key = fields[index].first.c_str();  // the record is immutable and shared by the handle
  *value = wrap(fields[index].second);
  return *value ? AEL_OK : AEL_ERR_INTERNAL;
}

ael_Status ael_value_field(const ael_Value* value, const char* name, ael_Value** out) {
  if (out) *out = nullptr;
  if (!value || !name || !out) return AEL_ERR_ARGUMENT;
  return guarded(nullptr, [&] {
    const Value& v = value->value;
    std::optional<Value> field;
    if (v.is_record()) {
      if (const Value* f = v.as_record().find(name)) field = *f;
    } else if (v.is_object()) {
      field = v.as_object()->field(name);
    } else {
      return AEL_ERR_TYPE;
    }
    if (!field) return AEL_ERR_NOT_FOUND;
    *out = wrap(std::move(*field));
    return *out ? AEL_OK : AEL_ERR_INTERNAL;
  });
}

ael_Status ael_matrix_shape(const ael_Value* matrix, size_t* rows, size_t* cols) {
  if (!matrix || !rows || !cols) return AEL_ERR_ARGUMENT;
  const ael::data::Dataset* d = dataset_of(matrix);
  if (!d) return AEL_ERR_TYPE;
  *rows = static_cast<size_t>(d->samples());
  *cols = static_cast<size_t>(d->features());
  return AEL_OK;
}

ael_Status ael_matrix_copy(const ael_Value* matrix, double* out, size_t capacity) {
  if (!matrix || !out) return AEL_ERR_ARGUMENT;
  const ael::data::Dataset* d = dataset_of(matrix);
  if (!d) return AEL_ERR_TYPE;
  const Eigen::Index rows = d->samples(), cols = d->features();
  if (capacity < static_cast<size_t>(rows * cols)) return AEL_ERR_ARGUMENT;
  Eigen::Map<Eigen::MatrixXd>(out, rows, cols) = d->matrix().transpose();
  return AEL_OK;
}

ael_Status ael_matrix_row_major_data(const ael_Value* matrix, const double** out) {
  if (!matrix || !out) return AEL_ERR_ARGUMENT;
  const ael::data::Dataset* d = dataset_of(matrix);
  if (!d) return AEL_ERR_TYPE;
  // features x samples, column-major: the same bytes as samples x features, row-major.
  *out = d->matrix().data();
  return AEL_OK;
}

ael_Status ael_matrix_column_name(const ael_Value* matrix, size_t col, const char** out) {
  if (!matrix || !out) return AEL_ERR_ARGUMENT;
  const ael::data::Dataset* d = dataset_of(matrix);
  if (!d) return AEL_ERR_TYPE;
  if (col >= d->names().size()) return AEL_ERR_ARGUMENT;
  *out = d->names()[col].c_str();
  return AEL_OK;
}

}  // extern "C"
