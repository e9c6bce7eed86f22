#include "syntax/source.hpp"

#include <algorithm>

namespace ael {

Span Span::cover(const Span& a, const Span& b) {
  if (!a.known()) return b;
  if (!b.known()) return a;
  Span s = a;
  if (b.line < s.line || (b.line == s.line && b.column < s.column)) {
    s.line = b.line;
    s.column = b.column;
  }
  if (b.end_line > s.end_line || (b.end_line == s.end_line && b.end_column > s.end_column)) {
    s.end_line = b.end_line;
    s.end_column = b.end_column;
  }
  return s;
}

SourceFile::SourceFile(std::string name, std::string text, std::uint32_t first_line)
    : name_(std::move(name)), text_(std::move(text)), first_line_(std::max(1u, first_line)) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') starts_.push_back(i + 1);
  }
}

std::string_view SourceFile::line(std::uint32_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  const std::size_t begin = starts_[line - 1];
  std::size_t end = line < starts_.size() ? starts_[line] - 1 : text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

SourceManager::SourceManager() {
  // File id 0 is "no file", so a default Span is never mistaken for a real one.
  files_.push_back(std::make_unique<SourceFile>("", ""));
}

std::uint32_t SourceManager::add(std::string name, std::string text, std::uint32_t first_line) {
  std::lock_guard<std::mutex> lock(mutex_);
  files_.push_back(std::make_unique<SourceFile>(std::move(name), std::move(text), first_line));
  return static_cast<std::uint32_t>(files_.size() - 1);
}

const SourceFile& SourceManager::file(std::uint32_t id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return *files_.at(id < files_.size() ? id : 0);
}

SourceLocation SourceManager::locate(const Span& span) const {
  SourceLocation loc;
  const SourceFile& f = file(span.file);
  // Spans count lines within their text; users see them counted from first_line().
  const std::uint32_t shift = span.line ? f.first_line() - 1 : 0;
  loc.file = f.name();
  loc.line = static_cast<int>(span.line + shift);
  loc.column = static_cast<int>(span.column);
  loc.end_line = static_cast<int>(span.end_line ? span.end_line + shift : 0);
  loc.end_column = static_cast<int>(span.end_column);
  return loc;
}

Diagnostic SourceManager::make(Severity severity, const Span& span, std::string message) const {
  Diagnostic d;
  d.severity = severity;
  d.message = std::move(message);
  if (span.file != 0 || span.known()) d.location = locate(span);
  if (span.known()) d.source_line = std::string(file(span.file).line(span.line));
  return d;
}

}  // namespace ael
