// Rendering diagnostics as compiler-style text.
#include "ael/diagnostic.hpp"

#include <algorithm>
#include <string>

namespace ael {
namespace {

const char* severity_word(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

const char* severity_color(Severity s) {
  switch (s) {
    case Severity::Error:
      return "\033[1;31m";
    case Severity::Warning:
      return "\033[1;35m";
    case Severity::Note:
      return "\033[1;36m";
  }
  return "";
}

// Number of characters (UTF-8 code points) in the first `bytes` bytes of `s`.
int display_width(const std::string& s) {
  int n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Replaces tabs by one space so the caret line stays aligned with the echoed source.
std::string untab(std::string s) {
  std::replace(s.begin(), s.end(), '\t', ' ');
  return s;
}

std::string location_prefix(const SourceLocation& loc, Severity severity) {
  // A note without a place belongs to the diagnostic above it; anything else without a
  // place comes from the tool itself.
  if (loc.file.empty() && !loc.known()) return severity == Severity::Note ? "" : "ael: ";
  std::string out = loc.file.empty() ? "<input>" : loc.file;
  if (loc.known()) out += ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
  return out + ": ";
}

// Characters [from, from + count) of a UTF-8 string (counted as display_width counts).
std::string slice_chars(const std::string& s, int from, int count) {
  std::size_t begin = s.size(), end = s.size();
  int index = -1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    ++index;
    if (index == from) begin = i;
    if (index == from + count) {
      end = i;
      break;
    }
  }
  return begin < end ? s.substr(begin, end - begin) : std::string();
}

// A source line longer than this is shown as a window around the column: a generated
// script's 10 MB line must not be echoed whole into every message.
constexpr int kMaxSnippetWidth = 160;
constexpr int kSnippetLeftContext = 60;

void render_snippet(const Diagnostic& d, bool color, std::string& out) {
  const SourceLocation& loc = d.location;
  if (!loc.known() || d.source_line.empty()) return;
  const std::string number = std::to_string(loc.line);
  const std::string gutter(number.size(), ' ');
  std::string shown = d.source_line;
  int line_width = display_width(d.source_line);
  int start = std::max(1, loc.column);
  int end = (loc.end_line == loc.line && loc.end_column > start) ? loc.end_column : start + 1;
  if (line_width > kMaxSnippetWidth) {
    const int from = std::clamp(start - 1 - kSnippetLeftContext, 0, line_width - kMaxSnippetWidth);
    shown = slice_chars(d.source_line, from, kMaxSnippetWidth);
    const int lead = from > 0 ? 3 : 0;
    if (from > 0) shown = "..." + shown;
    if (from + kMaxSnippetWidth < line_width) shown += "...";
    start += lead - from;
    end += lead - from;
    line_width = lead + kMaxSnippetWidth;
  }
  out += " " + number + " | " + untab(shown) + "\n";
  // Caret under the first character, tildes under the rest of the span (same line only).
  if (loc.end_line > loc.line) end = std::max(end, line_width + 1);
  end = std::min(end, std::max(start + 1, line_width + 1));
  std::string marker(static_cast<std::size_t>(start - 1), ' ');
  if (color) marker += "\033[1;32m";
  marker += '^';
  marker += std::string(static_cast<std::size_t>(end - start - 1), '~');
  if (color) marker += "\033[0m";
  out += " " + gutter + " | " + marker + "\n";
}

void render_into(const Diagnostic& d, bool color, std::string& out) {
  if (color) out += "\033[1m";
  out += location_prefix(d.location, d.severity);
  if (color) out += std::string("\033[0m") + severity_color(d.severity);
  out += severity_word(d.severity);
  out += ": ";
  if (color) out += "\033[0;1m";
  out += d.message;
  if (color) out += "\033[0m";
  out += "\n";
  render_snippet(d, color, out);
  for (const Diagnostic& note : d.notes) render_into(note, color, out);
  // The call stack, innermost first; long stacks (runaway recursion) are elided.
  const std::size_t n = d.stack.size();
  const std::size_t head = 8, tail = 4;
  for (std::size_t i = 0; i < n; ++i) {
    if (n > head + tail + 1 && i == head) {
      out += "  ... " + std::to_string(n - head - tail) + " more frames ...\n";
      i = n - tail - 1;
      continue;
    }
    const StackFrame& f = d.stack[i];
    out += "  in " + f.function;
    if (f.location.known()) {
      out += ", called at " + f.location.file + ":" + std::to_string(f.location.line) + ":" +
             std::to_string(f.location.column);
    }
    out += "\n";
  }
}

}  // namespace

std::string Diagnostic::render(bool color) const {
  std::string out;
  render_into(*this, color, out);
  return out;
}

Error::Error(std::string message) : std::runtime_error(message) {
  diagnostic_.message = std::move(message);
}

Error::Error(Diagnostic diagnostic)
    : std::runtime_error(diagnostic.message), diagnostic_(std::move(diagnostic)) {}

Error::~Error() = default;

}  // namespace ael
