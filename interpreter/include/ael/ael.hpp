// ael/ael.hpp — embedding AEL in a C++ program.
//
//   ael::Interpreter ael;                           // defaults: stdout, stderr, files
//   ael.define("twice", {{{"x"}}}, [](ael::Args& a) { return a.number(0) * 2; });
//   ael::Result r = ael.run_string("let y = twice(21)\nprint(y)");
//   if (!r) for (auto& d : r.diagnostics) std::cerr << d.render();
//   double y = ael.global("y")->as_number();
//
// The host decides about I/O: EngineConfig carries the callbacks for output, module
// loading and diagnostics (Wren-style), so tests, sandboxes and GUIs need no files or
// terminals. Nothing here throws on script errors; they come back as Diagnostics.
#pragma once

#include "ael/export.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ael/diagnostic.hpp"
#include "ael/value.hpp"

namespace ael {

class Interpreter;

/// The arguments of a native call, bound to the callee's Signature: slot i is parameter
/// i (a default when the caller did not pass it). Accessors check types and report
/// errors at the argument's position in the script.
class AEL_API Args {
 public:
  virtual ~Args();

  virtual std::size_t size() const = 0;  ///< number of parameter slots
  virtual const Value& operator[](std::size_t slot) const = 0;
  /// True when the caller passed this argument (false: default or absent).
  virtual bool given(std::size_t slot) const = 0;
  /// Extra positional arguments of a variadic function.
  virtual const std::vector<Value>& rest() const = 0;
  /// The interpreter running this call (RNG, output, globals).
  virtual Interpreter& interpreter() const = 0;
  /// Reports an error pointing at argument `slot` (or at the call when it is absent).
  [[noreturn]] void fail(std::size_t slot, const std::string& message) const;

  double number(std::size_t slot) const;
  std::int64_t integer(std::size_t slot) const;
  bool boolean(std::size_t slot) const;
  const std::string& string(std::size_t slot) const;
  const List& list(std::size_t slot) const;
  const Record& record(std::size_t slot) const;
  bool is_none(std::size_t slot) const { return (*this)[slot].is_none(); }

 protected:
  /// Throws the located error for fail(); implementations must not return.
  virtual void raise_error(std::size_t slot, const std::string& message) const = 0;
};

/// What a run returns: success, or the diagnostics that stopped it.
struct AEL_API Result {
  bool ok = true;
  Value value;  ///< value of the last expression statement (REPL, run_string)
  std::vector<Diagnostic> diagnostics;
  /// The run failed because request_interrupt() (Ctrl-C) stopped it; training wrote its
  /// last checkpoint and log first. `ael run` exits 130 then, as shells expect.
  bool interrupted = false;
  explicit operator bool() const { return ok; }
};

/// Host callbacks. Every member has a sensible default (stdout/stderr/the file system).
struct AEL_API EngineConfig {
  /// Text from print() and friends.
  std::function<void(std::string_view)> write;
  /// Warnings and progress lines (the default writes to stderr).
  std::function<void(const Diagnostic&)> warn;
  /// Reads a source file (imports, run_file); return std::nullopt when it does not
  /// exist. Default: the file system.
  std::function<std::optional<std::string>(const std::string& path)> read_file;
  /// Extra module search folders, tried after the script's folder and before AEL_PATH
  /// and the installed stdlib.
  std::vector<std::string> module_path;
  /// Extra plugin folders, searched before AEL_PLUGIN_PATH and the defaults.
  std::vector<std::string> plugin_path;
  /// Base seed of the run (`ael run --seed N`); every random stream derives from it.
  std::uint64_t seed = 0;
  /// Quick mode (`ael run --quick` or AEL_QUICK=1): scripts read it as `quick` to shrink
  /// their budgets for CI.
  bool quick = false;
  /// Script arguments (`ael run s.ael -- lr=3e-4 epochs=50`) as name/value text pairs;
  /// the script reads them with `arguments({lr: 1e-3, epochs: 20})`, which types each
  /// value after its default and rejects names it does not declare.
  std::vector<std::pair<std::string, std::string>> arguments;
  /// Worker threads for parallel work; 0 means all cores.
  int threads = 0;
  /// Progress lines on stderr (the CLI sets this when stderr is a terminal).
  bool progress = false;
  /// Maximum AEL call depth before "recursion too deep".
  int max_call_depth = 20000;
};

class AEL_API Interpreter {
 public:
  explicit Interpreter(EngineConfig config = {});
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  /// Runs a script file. Its folder joins the module search path.
  Result run_file(const std::string& path);
  /// Runs source text; `name` is used in diagnostics.
  Result run_string(std::string_view source, const std::string& name = "<string>");
  /// Parses and checks without running (names, arity, options): `ael check`.
  Result check_file(const std::string& path);
  Result check_string(std::string_view source, const std::string& name = "<string>");

  /// Evaluates one REPL entry: tried as an expression first, then as statements.
  /// `name` and `first_line` place its diagnostics (piped input: "<stdin>", line 40).
  Result eval_repl(std::string_view source, const std::string& name = "<repl>", int first_line = 1);
  /// True when `source` is an incomplete entry (open brackets, unterminated block):
  /// the REPL should read another line.
  bool is_incomplete(std::string_view source) const;
  /// The static type description of an expression, without side effects where
  /// possible (the REPL's :type).
  Result type_of(std::string_view expression);

  /// Globals: read and write script-visible top-level bindings.
  std::optional<Value> global(std::string_view name) const;
  void set_global(const std::string& name, Value value);
  std::vector<std::string> global_names() const;

  /// Registers a host function callable from scripts as `name(...)`.
  void define(const std::string& name, Signature signature, NativeFn fn,
              const std::string& doc = {});

  /// Calls a script or native function value with positional arguments.
  Result call(const Value& function, const std::vector<Value>& args);

  const EngineConfig& config() const;

  /// The reference of every builtin, layer, loss and plugin function as Markdown
  /// (`ael doc`, docs/reference.md).
  std::string reference();
  /// Help for one builtin, plugin function or plugin (`ael doc NAME`, `help(name)`);
  /// empty when nothing has that name.
  std::string help(std::string_view name);
  /// Every name help() answers for, to suggest one for a typo.
  std::vector<std::string> help_names();

  /// Implementation details; not part of the stable API.
  struct Impl;
  Impl& impl() { return *impl_; }
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

/// Asks running scripts to stop at the next safe point with an "interrupted" error.
/// Async-signal-safe: call it from a SIGINT handler.
AEL_API void request_interrupt();
/// True once after a request (and clears it): a REPL asks whether Ctrl-C ended its line
/// read; long work polls it at safe points.
AEL_API bool take_interrupt();
/// Drops a pending request (a REPL calls it before reading a new line).
AEL_API void clear_interrupt();

/// The plugins on `config`'s plugin path as the `ael plugins` table, or, for a name,
/// that plugin's functions and options. Throws ael::Error for an unknown name.
AEL_API std::string plugin_listing(const EngineConfig& config, std::string_view name = {});

/// The language's keywords (`let`, `model`, `train`, ...), from the grammar itself: what a
/// REPL completes besides names.
AEL_API std::vector<std::string> keywords();

/// Splits a script argument written `name=value` (as after `--` on `ael run`, or in
/// ael_Options.arguments); the name must be an identifier, the value may be empty.
/// Throws ael::Error saying what is wrong.
AEL_API std::pair<std::string, std::string> parse_script_argument(std::string_view text);

/// AEL's version, e.g. "0.1.0".
AEL_API const char* version();

}  // namespace ael
