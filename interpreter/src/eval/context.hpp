// Per-thread execution state of the evaluator: the AEL call stack (for diagnostics and
// recursion limits), the parallel task identity and the task's random stream.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ael/diagnostic.hpp"
#include "ael/random.hpp"
#include "ael/value.hpp"
#include "syntax/source.hpp"

namespace ael {
class Interpreter;
}

namespace ael::eval {

struct Frame {
  std::string function;
  Span call_site;
  bool native = false;  ///< builtins are not shown in stack traces
};

class ExecContext {
 public:
  ExecContext(Interpreter& interp, int task, std::vector<std::uint64_t> rng_path)
      : interp(interp), task(task), rng_path_(std::move(rng_path)) {}

  Interpreter& interp;
  std::vector<Frame> frames;
  int depth = 0;
  int task = 0;        ///< 0: the main program; parallel comprehension tasks get their own
  Value return_value;  ///< set by `return`, read by the caller
  /// While a model body is traced: the scope where `name = expr` defines an endpoint.
  const void* endpoint_scope = nullptr;

  /// A runtime error at `span`, with the current AEL call stack.
  Diagnostic diagnostic(const Span& span, std::string message) const;
  [[noreturn]] void fail(const Span& span, std::string message) const;
  /// Fills location and stack into an error raised without them (native functions).
  void locate(Error& error, const Span& span) const;

  /// The next random stream of this task: derived from (run seed, task path, counter),
  /// so a parallel task's numbers do not depend on scheduling.
  Rng next_rng();
  /// The key path of this task's streams (child tasks append their index).
  const std::vector<std::uint64_t>& rng_path() const { return rng_path_; }
  /// A fresh key path for children of this task (an imported module's run, the tasks of
  /// one parallel comprehension): this path plus (tag, counter), so two children, or two
  /// runs of the same comprehension, never share a stream.
  std::vector<std::uint64_t> child_path(std::uint64_t tag) {
    std::vector<std::uint64_t> path = rng_path_;
    path.push_back(tag);
    path.push_back(rng_counter_++);
    return path;
  }

 private:
  std::vector<std::uint64_t> rng_path_;
  std::uint64_t rng_counter_ = 0;
};

/// The context of the thread currently evaluating AEL code (set by the evaluator while it
/// runs; native functions reach it through Args).
ExecContext* current_context();

class ContextScope {
 public:
  explicit ContextScope(ExecContext& ctx);
  ~ContextScope();
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

 private:
  ExecContext* previous_;
};

}  // namespace ael::eval
