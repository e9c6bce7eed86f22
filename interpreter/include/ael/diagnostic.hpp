// ael/diagnostic.hpp — errors as data.
//
// Every problem AEL reports (syntax, unknown names, bad options, shape mismatches, bad
// data files, runtime errors in scripts, failing plugins) is a Diagnostic: a message, a
// source location with a span, optional notes and, for runtime errors, the AEL call
// stack. Hosts receive them as values; `render()` gives the compiler-style text
//
//   file.ael:3:12: error: unknown name 'dens'; did you mean 'dense'?
//       3 |   code = dens(x, 1)
//         |          ^~~~
#pragma once

#include "ael/export.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace ael {

/// A place in a source file. Lines and columns are 1-based; columns count characters.
/// `end_line`/`end_column` point one past the last character of the span.
struct AEL_API SourceLocation {
  std::string file;  ///< display name ("script.ael", "<repl>", "<string>")
  int line = 0;      ///< 0 when there is no location (e.g. a usage error)
  int column = 0;
  int end_line = 0;
  int end_column = 0;

  bool known() const { return line > 0; }
};

enum class Severity { Error, Warning, Note };

/// One frame of the AEL call stack at the time of a runtime error.
struct AEL_API StackFrame {
  std::string function;     ///< "f", "<script>", "train", ...
  SourceLocation location;  ///< where the call happened
};

struct AEL_API Diagnostic {
  Severity severity = Severity::Error;
  std::string message;
  SourceLocation location;
  std::string source_line;        ///< the text of location.line, if known
  std::vector<Diagnostic> notes;  ///< related locations ("first defined here")
  std::vector<StackFrame> stack;  ///< innermost call first

  /// Compiler-style text: "file:line:col: error: message", the source line, a caret
  /// under the span, then notes and the call stack. `color` adds ANSI colours.
  std::string render(bool color = false) const;
};

/// The exception that carries a Diagnostic out of the interpreter (and out of native
/// functions: throw `ael::Error("message")` from a host function and the interpreter
/// fills in the location of the call).
class AEL_API Error : public std::runtime_error {
 public:
  explicit Error(std::string message);
  explicit Error(Diagnostic diagnostic);
  ~Error() override;

  const Diagnostic& diagnostic() const { return diagnostic_; }
  Diagnostic& diagnostic() { return diagnostic_; }

 private:
  Diagnostic diagnostic_;
};

}  // namespace ael
