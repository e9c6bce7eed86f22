// Source files and spans. Every AST node carries a Span so any later layer (checker,
// evaluator, graph compiler, trainer) can point at the exact text it is complaining about.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ael/diagnostic.hpp"

namespace ael {

/// A range of source text: 1-based line/column of the first character and of the
/// position one past the last character. `file` indexes the SourceManager.
struct Span {
  std::uint32_t file = 0;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t end_line = 0;
  std::uint32_t end_column = 0;

  bool known() const { return line > 0; }
  /// The smallest span covering both (same file assumed).
  static Span cover(const Span& a, const Span& b);
};

/// One loaded source text with its line index.
class SourceFile {
 public:
  /// `first_line`: the line number the text's first line has for users (a REPL entry
  /// read at line 40 of piped input reports its errors at line 40, not 1).
  SourceFile(std::string name, std::string text, std::uint32_t first_line = 1);
  const std::string& name() const { return name_; }
  std::uint32_t first_line() const { return first_line_; }
  const std::string& text() const { return text_; }
  /// The text of a 1-based line, without its newline ("" when out of range).
  std::string_view line(std::uint32_t line) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(starts_.size()); }

 private:
  std::string name_;
  std::string text_;
  std::uint32_t first_line_;
  std::vector<std::size_t> starts_;
};

/// Owns every source text the interpreter has seen (scripts, modules, REPL entries),
/// so spans stay valid for the interpreter's lifetime. Thread-safe.
class SourceManager {
 public:
  SourceManager();
  std::uint32_t add(std::string name, std::string text, std::uint32_t first_line = 1);
  const SourceFile& file(std::uint32_t id) const;
  /// The public location of a span (file name, line, columns).
  SourceLocation locate(const Span& span) const;
  /// A diagnostic at `span` with the source line filled in.
  Diagnostic make(Severity severity, const Span& span, std::string message) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace ael
