// The Python module `ael`, built on the C API (ael/ael.h) only: what a Python user can do
// is exactly what any C host can, and no C++ exception of libael can reach Python.
//
//   import ael, numpy as np
//   a = ael.Interpreter(seed=1)
//   a["samples"] = np.random.default_rng(0).normal(size=(256, 2))   # rows = samples
//   a.run_file("fit.ael")
//   model = a["model"]; print(model.loss)
//   a.register("report", lambda epoch, loss: print(epoch, loss))
//
// Conversions: None, bool, int, float, str, list/tuple, dict (string keys; a record),
// 2-D numpy arrays (a dataset: rows are samples, columns features, float64). Into AEL
// everything is copied (AEL's values are immutable and its own); a dataset coming back
// is a read-only numpy view of AEL's storage, no copy (np.array(x) for a writable one). Everything
// else AEL has (models, functions, optimizers) comes back as an ael.Value: repr(), .type_name,
// fields as attributes, callable when it is a function.
//
// Threads and signals: runs and calls release the GIL, so other Python threads go on
// while AEL trains; script output, host functions and callbacks take it back. While a
// run started on the main thread is going, Ctrl-C stops it (ael_interrupt, as the CLI
// does) and the call raises KeyboardInterrupt.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <csignal>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ael/ael.h"

namespace py = pybind11;

namespace {

struct FreeValue {
  void operator()(ael_Value* v) const { ael_value_free(v); }
};
using ValuePtr = std::unique_ptr<ael_Value, FreeValue>;
using SharedValue = std::shared_ptr<ael_Value>;

SharedValue share(ael_Value* v) { return SharedValue(v, FreeValue{}); }

// ---------------------------------------------------------------- errors

py::object& error_type() {
  static py::object type;
  return type;
}
py::object& script_error_type() {
  static py::object type;
  return type;
}

struct Diagnostic {
  std::string severity, file, message, rendered;
  int line = 0, column = 0, end_line = 0, end_column = 0;
};

const char* severity_name(ael_Severity s) {
  switch (s) {
    case AEL_SEVERITY_ERROR:
      return "error";
    case AEL_SEVERITY_WARNING:
      return "warning";
    case AEL_SEVERITY_NOTE:
      return "note";
  }
  return "error";
}

py::list diagnostics_of(const ael_State* A) {
  py::list out;
  for (std::size_t i = 0; i < ael_diagnostic_count(A); ++i) {
    ael_Diagnostic d;
    if (ael_diagnostic(A, i, &d) != AEL_OK) continue;
    out.append(Diagnostic{severity_name(d.severity), d.file, d.message, d.rendered, d.line,
                          d.column, d.end_line, d.end_column});
  }
  return out;
}

// Raises the Python exception for a failed call: KeyboardInterrupt after Ctrl-C,
// ael.ScriptError (with .diagnostics) for script errors, ael.Error otherwise.
[[noreturn]] void raise_status(const ael_State* A, ael_Status status) {
  if (status == AEL_ERR_INTERRUPTED) {
    PyErr_SetString(PyExc_KeyboardInterrupt, ael_error_text(A));
    throw py::error_already_set();
  }
  const std::string text = A ? ael_error_text(A) : "ael: no interpreter";
  py::object type = status == AEL_ERR_SCRIPT ? script_error_type() : error_type();
  py::object error = type(text);
  error.attr("diagnostics") = A ? diagnostics_of(A) : py::list();
  error.attr("status") = static_cast<int>(status);
  PyErr_SetObject(type.ptr(), error.ptr());
  throw py::error_already_set();
}

void check(const ael_State* A, ael_Status status) {
  if (status != AEL_OK) raise_status(A, status);
}

[[noreturn]] void raise_value_error(const std::string& message) {
  PyErr_SetString(PyExc_ValueError, message.c_str());
  throw py::error_already_set();
}

ValuePtr checked_new(ael_Value* v) {
  if (!v) throw std::bad_alloc();
  return ValuePtr(v);
}

// ---------------------------------------------------------------- Ctrl-C

std::thread::id& main_thread() {
  static std::thread::id id;
  return id;
}

extern "C" void on_sigint(int) { ael_interrupt(); }

// While a run on the main thread goes on, SIGINT interrupts AEL instead of waiting for
// Python to run bytecode again (it would only raise after the run has finished).
class SigintScope {
 public:
  SigintScope() : active_(std::this_thread::get_id() == main_thread()) {
    if (!active_) return;
    struct sigaction sa {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    active_ = sigaction(SIGINT, &sa, &previous_) == 0;
  }
  ~SigintScope() {
    if (active_) sigaction(SIGINT, &previous_, nullptr);
  }
  SigintScope(const SigintScope&) = delete;
  SigintScope& operator=(const SigintScope&) = delete;

 private:
  bool active_;
  struct sigaction previous_ {};
};

// ---------------------------------------------------------------- the interpreter

class Interpreter;

// An AEL value with no Python equivalent (model, function, optimizer, ...). It keeps its
// interpreter alive so a function value stays callable.
struct Value {
  SharedValue value;
  std::shared_ptr<Interpreter> owner;
};

py::object to_python(const std::shared_ptr<Interpreter>& owner, const ael_Value* v);
ValuePtr from_python(py::handle object);

// Host functions registered from Python: the callable, its interpreter's name for errors.
struct HostFunction {
  py::object callable;
  std::string name;
  std::size_t required = 0;  // parameters without '?'
  std::size_t fixed = 0;     // all but the variadic one
};

// Counts the required and fixed parameters of an ael_register list ("x, hi?, rest...").
void count_params(const std::string& spec, HostFunction& fn) {
  std::size_t start = 0;
  while (start < spec.size()) {
    std::size_t end = spec.find(',', start);
    if (end == std::string::npos) end = spec.size();
    std::string item = spec.substr(start, end - start);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (item.size() >= 3 && item.compare(item.size() - 3, 3, "...") == 0) break;
    ++fn.fixed;
    if (item.empty() || item.back() != '?') fn.required = fn.fixed;
    start = end + 1;
  }
}

// {"lr": 3e-4, "fast": True} -> ["lr=0.0003", "fast=true"]: the script's arguments({...})
// reads each after its default's type, as from `ael run s.ael -- lr=3e-4`.
std::vector<std::string> argument_list(const py::object& arguments) {
  std::vector<std::string> out;
  if (arguments.is_none()) return out;
  for (const auto& [key, value] : arguments.cast<py::dict>()) {
    std::string text;
    if (py::isinstance<py::bool_>(value))
      text = value.cast<bool>() ? "true" : "false";
    else
      text = py::str(value).cast<std::string>();
    out.push_back(py::str(key).cast<std::string>() + "=" + text);
  }
  return out;
}

class Interpreter : public std::enable_shared_from_this<Interpreter> {
 public:
  Interpreter(std::uint64_t seed, int threads, bool quick, const std::string& plugin_path,
              const std::string& module_path, py::object write, std::vector<std::string> arguments)
      : plugin_path_(plugin_path), module_path_(module_path), write_(std::move(write)) {
    std::vector<const char*> argv;
    for (const std::string& a : arguments) argv.push_back(a.c_str());
    argv.push_back(nullptr);
    check(nullptr, ael_check_version());
    ael_Options o;
    ael_options_init(&o);
    o.seed = seed;
    o.threads = threads;
    o.quick = quick ? 1 : 0;
    o.plugin_path = plugin_path_.empty() ? nullptr : plugin_path_.c_str();
    o.module_path = module_path_.empty() ? nullptr : module_path_.c_str();
    o.write = &Interpreter::write_output;
    o.write_user = this;
    o.arguments = argv.data();  // copied by ael_open
    ael_State* A = nullptr;
    const ael_Status status = ael_open(&o, &A);
    if (status != AEL_OK) raise_status(A, status);
    A_ = A;
  }
  ~Interpreter() { close(); }
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  void close() {
    if (A_) ael_close(A_);
    A_ = nullptr;
    functions_.clear();
  }

  ael_State* state() const {
    if (!A_) raise_value_error("this ael.Interpreter is closed");
    return A_;
  }

  void run_file(const std::string& path) {
    ael_State* A = state();
    run_released([&] { return ael_run_file(A, path.c_str()); });
  }

  void run_string(const std::string& source, const std::string& name) {
    ael_State* A = state();
    run_released([&] { return ael_run_string(A, source.c_str(), name.c_str()); });
  }

  py::object eval(const std::string& source, const std::string& name) {
    ael_State* A = state();
    ael_Value* out = nullptr;
    run_released([&] { return ael_eval(A, source.c_str(), name.c_str(), &out); });
    ValuePtr result(out);
    return to_python(shared_from_this(), result.get());
  }

  py::object get(const std::string& name) {
    ael_Value* out = nullptr;
    const ael_Status status = ael_get_global(state(), name.c_str(), &out);
    if (status == AEL_ERR_NOT_FOUND) {
      PyErr_SetString(PyExc_KeyError, ael_error_text(A_));
      throw py::error_already_set();
    }
    check(A_, status);
    ValuePtr value(out);
    return to_python(shared_from_this(), value.get());
  }

  void set(const std::string& name, py::handle object) {
    ValuePtr value = from_python(object);
    check(state(), ael_set_global(state(), name.c_str(), value.get()));
  }

  bool contains(const std::string& name) {
    ael_Value* out = nullptr;
    const ael_Status status = ael_get_global(state(), name.c_str(), &out);
    ValuePtr value(out);
    return status == AEL_OK;
  }

  py::object call(py::handle function, py::args args) {
    std::vector<ValuePtr> held;
    std::vector<const ael_Value*> argv;
    for (py::handle arg : args) {
      held.push_back(from_python(arg));
      argv.push_back(held.back().get());
    }
    ael_State* A = state();
    ael_Value* out = nullptr;
    if (py::isinstance<py::str>(function)) {
      const std::string name = function.cast<std::string>();
      run_released([&] { return ael_call(A, name.c_str(), argv.data(), argv.size(), &out); });
    } else if (py::isinstance<Value>(function)) {
      const ael_Value* f = function.cast<Value&>().value.get();
      run_released([&] { return ael_call_value(A, f, argv.data(), argv.size(), &out); });
    } else {
      PyErr_SetString(PyExc_TypeError, "call() takes a global's name or an ael.Value function");
      throw py::error_already_set();
    }
    ValuePtr result(out);
    return to_python(shared_from_this(), result.get());
  }

  // `params` as ael_register spells it ("x, hi?, rest..."); without it, from the
  // callable's Python signature (defaults make a parameter optional, *args variadic).
  void register_function(const std::string& name, py::object callable, py::object params,
                         py::object doc) {
    if (!PyCallable_Check(callable.ptr())) {
      PyErr_SetString(PyExc_TypeError, "register() needs a callable");
      throw py::error_already_set();
    }
    const std::string spec =
        params.is_none() ? params_from_signature(callable) : params.cast<std::string>();
    std::string text;
    if (!doc.is_none()) {
      text = doc.cast<std::string>();
    } else if (py::hasattr(callable, "__doc__") && !callable.attr("__doc__").is_none()) {
      text = callable.attr("__doc__").cast<std::string>();
    }
    auto fn = std::make_unique<HostFunction>(HostFunction{callable, name});
    count_params(spec, *fn);
    check(state(), ael_register(state(), name.c_str(), spec.c_str(), &Interpreter::call_host,
                                fn.get(), text.c_str()));
    functions_.push_back(std::move(fn));
  }

 private:
  template <class F>
  void run_released(F&& run) {
    ael_Status status;
    {
      SigintScope sigint;
      py::gil_scoped_release release;
      status = run();
    }
    if (status != AEL_OK) raise_status(A_, status);
  }

  static std::string params_from_signature(const py::object& callable) {
    py::object inspect = py::module_::import("inspect");
    py::object parameter = inspect.attr("Parameter");
    py::object sig = inspect.attr("signature")(callable);
    std::string spec;
    for (py::handle p : sig.attr("parameters").attr("values")()) {
      py::object kind = p.attr("kind");
      std::string item = p.attr("name").cast<std::string>();
      if (kind.equal(parameter.attr("VAR_POSITIONAL"))) {
        item += "...";
      } else if (kind.equal(parameter.attr("VAR_KEYWORD")) ||
                 kind.equal(parameter.attr("KEYWORD_ONLY"))) {
        continue;  // AEL passes arguments by position
      } else if (!p.attr("default").is(parameter.attr("empty"))) {
        item += "?";
      }
      spec += (spec.empty() ? "" : ", ") + item;
    }
    return spec;
  }

  // An optional parameter the script left out arrives as none; Python's own default
  // then applies, so `def f(x, scale=2)` sees scale=2, not None.
  static ael_Status call_host(ael_State* A, void* user, const ael_Value* const* args,
                              std::size_t nargs, ael_Value** result) {
    auto* fn = static_cast<HostFunction*>(user);
    py::gil_scoped_acquire gil;
    try {
      std::size_t count = nargs;
      if (nargs == fn->fixed) {
        while (count > fn->required && ael_value_kind(args[count - 1]) == AEL_NONE) --count;
      }
      py::list pyargs;
      for (std::size_t i = 0; i < count; ++i) pyargs.append(to_python(nullptr, args[i]));
      py::object out = fn->callable(*py::tuple(pyargs));
      *result = from_python(out).release();
      return AEL_OK;
    } catch (py::error_already_set& e) {
      const std::string message = e.what();
      return ael_error(A, (fn->name + ": " + message).c_str());
    } catch (const std::exception& e) {
      return ael_error(A, (fn->name + ": " + e.what()).c_str());
    }
  }

  static void write_output(void* user, const char* text, std::size_t length) {
    auto* self = static_cast<Interpreter*>(user);
    py::gil_scoped_acquire gil;
    try {
      py::str chunk(text, length);
      if (!self->write_.is_none()) {
        self->write_(chunk);
      } else {
        // sys.stdout at the time of writing: Jupyter and redirect_stdout capture it.
        py::module_::import("sys").attr("stdout").attr("write")(chunk);
      }
    } catch (py::error_already_set& e) {
      e.discard_as_unraisable("ael output callback");
    }
  }

  ael_State* A_ = nullptr;
  std::string plugin_path_, module_path_;
  py::object write_;
  std::vector<std::unique_ptr<HostFunction>> functions_;
};

// ---------------------------------------------------------------- conversions

std::string path_list(py::handle paths) {
  if (paths.is_none()) return "";
  if (py::isinstance<py::str>(paths)) return paths.cast<std::string>();
  std::string joined;
  for (py::handle p : paths) {
    const std::string s = py::str(p).cast<std::string>();
    if (s.find(':') != std::string::npos) raise_value_error("a search folder may not contain ':'");
    joined += (joined.empty() ? "" : ":") + s;
  }
  return joined;
}

ValuePtr matrix_from_array(py::handle object) {
  auto array = py::array_t<double, py::array::f_style | py::array::forcecast>::ensure(object);
  if (!array) raise_value_error("this array cannot be read as float64");
  if (array.ndim() != 2) {
    raise_value_error("a dataset must be a 2-D array (samples x features); got " +
                      std::to_string(array.ndim()) + "-D (use .reshape(-1, 1) for one feature)");
  }
  return checked_new(ael_new_matrix(array.data(), static_cast<std::size_t>(array.shape(0)),
                                    static_cast<std::size_t>(array.shape(1)), nullptr));
}

ValuePtr from_python(py::handle object) {
  if (object.is_none()) return checked_new(ael_new_none());
  if (py::isinstance<py::bool_>(object)) return checked_new(ael_new_bool(object.cast<bool>()));
  if (py::isinstance<py::int_>(object)) {
    long long i = PyLong_AsLongLong(object.ptr());
    if (i == -1 && PyErr_Occurred()) {
      PyErr_Clear();
      raise_value_error("this integer does not fit AEL's 64-bit int");
    }
    return checked_new(ael_new_int(i));
  }
  if (py::isinstance<py::float_>(object)) return checked_new(ael_new_float(object.cast<double>()));
  if (py::isinstance<py::str>(object)) {
    const std::string s = object.cast<std::string>();
    return checked_new(ael_new_string(s.data(), s.size()));
  }
  if (py::isinstance<Value>(object))
    return checked_new(ael_value_copy(object.cast<Value&>().value.get()));
  if (py::isinstance<py::array>(object)) return matrix_from_array(object);
  if (py::isinstance<py::list>(object) || py::isinstance<py::tuple>(object)) {
    std::vector<ValuePtr> items;
    std::vector<const ael_Value*> raw;
    for (py::handle item : object) {
      items.push_back(from_python(item));
      raw.push_back(items.back().get());
    }
    return checked_new(ael_new_list(raw.data(), raw.size()));
  }
  if (py::isinstance<py::dict>(object)) {
    std::vector<std::string> keys;
    std::vector<ValuePtr> values;
    for (auto item : object.cast<py::dict>()) {
      if (!py::isinstance<py::str>(item.first)) raise_value_error("record keys must be strings");
      keys.push_back(item.first.cast<std::string>());
      values.push_back(from_python(item.second));
    }
    std::vector<const char*> key_ptrs;
    std::vector<const ael_Value*> raw;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      key_ptrs.push_back(keys[i].c_str());
      raw.push_back(values[i].get());
    }
    ael_Value* record = ael_new_record(key_ptrs.data(), raw.data(), raw.size());
    if (!record) raise_value_error("a record key is not an identifier");
    return ValuePtr(record);
  }
  PyErr_SetString(PyExc_TypeError,
                  ("ael cannot take a Python " +
                   py::str(object.get_type().attr("__name__")).cast<std::string>() +
                   " (None, bool, int, float, str, list, tuple, dict, 2-D numpy array, ael.Value)")
                      .c_str());
  throw py::error_already_set();
}

// No copy: a read-only numpy view of the dataset's own storage (row-major, which is
// how AEL stores samples), kept alive by a capsule that owns a handle to the value.
py::object matrix_to_array(const ael_Value* v) {
  std::size_t rows = 0, cols = 0;
  const double* data = nullptr;
  if (ael_matrix_shape(v, &rows, &cols) != AEL_OK || ael_matrix_row_major_data(v, &data) != AEL_OK)
    raise_value_error("could not read the dataset");
  ael_Value* keep = ael_value_copy(v);
  if (!keep) throw std::bad_alloc();
  py::capsule owner(keep, [](void* p) { ael_value_free(static_cast<ael_Value*>(p)); });
  py::array_t<double> array({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)}, data,
                            owner);
  py::detail::array_proxy(array.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return std::move(array);
}

py::object to_python(const std::shared_ptr<Interpreter>& owner, const ael_Value* v) {
  switch (ael_value_kind(v)) {
    case AEL_NONE:
      return py::none();
    case AEL_BOOL: {
      int b = 0;
      ael_value_bool(v, &b);
      return py::bool_(b != 0);
    }
    case AEL_INT: {
      int64_t i = 0;
      ael_value_int(v, &i);
      return py::int_(i);
    }
    case AEL_FLOAT: {
      double d = 0;
      ael_value_number(v, &d);
      return py::float_(d);
    }
    case AEL_STRING: {
      const char* s = nullptr;
      std::size_t n = 0;
      ael_value_string(v, &s, &n);
      return py::str(s, n);
    }
    case AEL_LIST: {
      std::size_t n = 0;
      ael_value_length(v, &n);
      py::list out;
      for (std::size_t i = 0; i < n; ++i) {
        ael_Value* item = nullptr;
        ael_list_get(v, i, &item);
        ValuePtr held(item);
        out.append(to_python(owner, held.get()));
      }
      return std::move(out);
    }
    case AEL_RECORD: {
      std::size_t n = 0;
      ael_value_length(v, &n);
      py::dict out;
      for (std::size_t i = 0; i < n; ++i) {
        const char* key = nullptr;
        ael_Value* item = nullptr;
        ael_record_entry(v, i, &key, &item);
        ValuePtr held(item);
        out[py::str(key)] = to_python(owner, held.get());
      }
      return std::move(out);
    }
    case AEL_MATRIX:
      return matrix_to_array(v);
    case AEL_FUNCTION:
    case AEL_OBJECT:
      return py::cast(Value{share(ael_value_copy(v)), owner});
  }
  return py::none();
}

py::object value_field(const Value& self, const std::string& name) {
  ael_Value* out = nullptr;
  if (ael_value_field(self.value.get(), name.c_str(), &out) != AEL_OK) {
    PyErr_SetString(PyExc_AttributeError, (std::string(ael_value_type_name(self.value.get())) +
                                           " has no field '" + name + "'")
                                              .c_str());
    throw py::error_already_set();
  }
  ValuePtr held(out);
  return to_python(self.owner, held.get());
}

py::object call_value(const Value& self, py::args args) {
  if (ael_value_kind(self.value.get()) != AEL_FUNCTION) {
    PyErr_SetString(
        PyExc_TypeError,
        (std::string(ael_value_type_name(self.value.get())) + " is not callable").c_str());
    throw py::error_already_set();
  }
  if (!self.owner) raise_value_error("this function came into a host callback: call it later");
  return self.owner->call(py::cast(self), std::move(args));
}

}  // namespace

PYBIND11_MODULE(ael, m) {
  m.doc() = "AEL, the experiment language for autoencoder research, embedded in Python";
  main_thread() = std::this_thread::get_id();

  error_type() = py::reinterpret_borrow<py::object>(
      PyErr_NewExceptionWithDoc("ael.Error", "An AEL call failed.", PyExc_RuntimeError, nullptr));
  script_error_type() = py::reinterpret_borrow<py::object>(PyErr_NewExceptionWithDoc(
      "ael.ScriptError", "A script or call failed; .diagnostics says where.", error_type().ptr(),
      nullptr));
  // PyErr_NewException returns a new reference: keep it for the module's lifetime.
  error_type().inc_ref();
  script_error_type().inc_ref();
  m.attr("Error") = error_type();
  m.attr("ScriptError") = script_error_type();
  m.attr("__version__") = ael_version_string();

  py::class_<Diagnostic>(m, "Diagnostic", "Where and what: one error, warning or note.")
      .def_readonly("severity", &Diagnostic::severity)
      .def_readonly("file", &Diagnostic::file)
      .def_readonly("line", &Diagnostic::line)
      .def_readonly("column", &Diagnostic::column)
      .def_readonly("end_line", &Diagnostic::end_line)
      .def_readonly("end_column", &Diagnostic::end_column)
      .def_readonly("message", &Diagnostic::message)
      .def_readonly("rendered", &Diagnostic::rendered)
      .def("__repr__", [](const Diagnostic& d) {
        return d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
               d.severity + ": " + d.message;
      });

  py::class_<Value>(m, "Value", "An AEL value with no Python equivalent (model, function, ...).")
      .def_property_readonly("type_name",
                             [](const Value& v) { return ael_value_type_name(v.value.get()); })
      .def("__repr__", [](const Value& v) { return std::string(ael_value_repr(v.value.get())); })
      .def("__getattr__", &value_field)
      .def("__call__", &call_value);

  py::class_<Interpreter, std::shared_ptr<Interpreter>>(m, "Interpreter",
                                                        "One AEL interpreter: globals, plugins, "
                                                        "random streams of its own.")
      .def(py::init([](std::uint64_t seed, int threads, bool quick, py::object plugin_path,
                       py::object module_path, py::object write, py::object arguments) {
             return std::make_shared<Interpreter>(seed, threads, quick, path_list(plugin_path),
                                                  path_list(module_path), std::move(write),
                                                  argument_list(arguments));
           }),
           py::kw_only(), py::arg("seed") = 0, py::arg("threads") = 0, py::arg("quick") = false,
           py::arg("plugin_path") = py::none(), py::arg("module_path") = py::none(),
           py::arg("write") = py::none(), py::arg("arguments") = py::none())
      .def("run_file", &Interpreter::run_file, py::arg("path"))
      .def("run_string", &Interpreter::run_string, py::arg("source"), py::arg("name") = "<string>")
      .def("eval", &Interpreter::eval, py::arg("source"), py::arg("name") = "<eval>")
      .def("__getitem__", &Interpreter::get)
      .def("__setitem__", &Interpreter::set)
      .def("__contains__", &Interpreter::contains)
      .def("call", &Interpreter::call, py::arg("function"))
      .def("register", &Interpreter::register_function, py::arg("name"), py::arg("function"),
           py::arg("params") = py::none(), py::arg("doc") = py::none())
      .def("close", &Interpreter::close)
      .def("__enter__", [](std::shared_ptr<Interpreter> self) { return self; })
      .def("__exit__", [](Interpreter& self, py::args) { self.close(); });

  m.def("interrupt", &ael_interrupt, "Stop the running script at its next check (any thread).");
}
