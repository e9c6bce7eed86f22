// Parse driver: runs the generated lexer, the newline filter and the parser, turns
// ANTLR's error callbacks into AEL diagnostics, then builds the AST.
#include "syntax/parse.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>

#include "AelLexer.h"
#include "AelParser.h"
#include "syntax/ast_builder.hpp"
#include "syntax/token_filter.hpp"
#include "util/stack_guard.hpp"

namespace ael::grammar {
bool (*AelParserBase::stack_near_limit)() = &ael::StackGuard::near_limit;
}

namespace ael::syntax {
namespace {

using grammar::AelLexer;
using grammar::AelParser;

// A control character (a NUL from a binary file, a form feed) shown by its code, since
// printing it would show nothing or garble the terminal.
std::string quoted_char(const std::string& text) {
  if (text.size() == 1 && (static_cast<unsigned char>(text[0]) < 0x20 || text[0] == 0x7F)) {
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(text[0]));
    return code;
  }
  return "'" + text + "'";
}

// How a token is named in messages.
std::string describe_token(const antlr4::Token* t) {
  if (!t || t->getType() == antlr4::Token::EOF) return "end of input";
  switch (t->getType()) {
    case AelLexer::NL:
      return "end of line";
    case AelLexer::IDENT:
      return "name '" + t->getText() + "'";
    case AelLexer::INT:
    case AelLexer::FLOAT:
      return "number " + t->getText();
    case AelLexer::STRING:
      return "string " + t->getText();
    default:
      break;
  }
  std::string text = t->getText();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return "'" + text + "'";
}

// Tokens that can start an expression: an expected set containing any of them is shown
// as "an expression" rather than a list of twenty tokens.
bool starts_expression(size_t type, const antlr4::dfa::Vocabulary& vocab) {
  switch (type) {
    case AelLexer::IDENT:
    case AelLexer::INT:
    case AelLexer::FLOAT:
    case AelLexer::STRING:
      return true;
    default:
      break;
  }
  static const std::set<std::string> starters = {
      "'('",  "'['",     "'{'",    "'-'",     "'+'",    "'not'",     "'if'",
      "'fn'", "'train'", "'true'", "'false'", "'none'", "'parallel'"};
  return starters.count(vocab.getLiteralName(type)) > 0 || is_soft_keyword(type);
}

std::string describe_expected(const antlr4::misc::IntervalSet& expected,
                              const antlr4::dfa::Vocabulary& vocab) {
  std::vector<std::string> items;
  // Collapse the many tokens that start an expression into "an expression", but only
  // where an expression may really come (a number is allowed); elsewhere a name or a
  // bracket is what is wanted, and saying "an expression" would mislead.
  const bool expression = expected.contains(static_cast<size_t>(AelLexer::INT));
  bool name = false;
  bool newline = false;
  for (size_t type : expected.toList()) {
    if (type == antlr4::Token::EOF) continue;
    if (type == AelLexer::NL || vocab.getLiteralName(type) == "';'") {
      newline = true;
      continue;
    }
    if (expression && starts_expression(type, vocab)) continue;
    if (type == AelLexer::IDENT || is_soft_keyword(type)) {
      name = true;
      continue;
    }
    const std::string lit = vocab.getLiteralName(type);
    if (!lit.empty()) items.push_back(lit);
  }
  std::sort(items.begin(), items.end());
  if (name) items.insert(items.begin(), "a name");
  if (expression) items.insert(items.begin(), "an expression");
  if (newline && items.size() < 3) items.push_back("end of line");
  if (items.empty() || items.size() > 5) return "";
  std::string out = items[0];
  for (std::size_t i = 1; i < items.size(); ++i) {
    out += (i + 1 == items.size()) ? " or " : ", ";
    out += items[i];
  }
  return out;
}

// Collects syntax errors as diagnostics (ANTLR's console output is never used).
class DiagnosticListener : public antlr4::BaseErrorListener {
 public:
  /// `fragment` is the text of an interpolation being parsed (null for a whole file).
  DiagnosticListener(const SourceManager& sources, std::uint32_t file, std::uint32_t column_offset,
                     std::uint32_t line_offset, const std::string* fragment, ParseOutput& out)
      : sources_(sources),
        file_(file),
        col_off_(column_offset),
        line_off_(line_offset),
        fragment_(fragment),
        out_(out) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                   size_t column, const std::string& antlr_message, std::exception_ptr) override {
    if (first_ == First::None) {
      first_ =
          offending && offending->getType() == antlr4::Token::EOF ? First::AtEnd : First::BeforeEnd;
    }
    if (out_.diagnostics.size() >= kMaxSyntaxErrors) return;
    Diagnostic d = sources_.make(Severity::Error, span_of(offending, line, column),
                                 message(recognizer, offending, antlr_message));
    // One report per position: recovery often complains twice about the same token.
    for (const Diagnostic& seen : out_.diagnostics) {
      if (seen.location.line == d.location.line && seen.location.column == d.location.column) {
        return;
      }
    }
    out_.diagnostics.push_back(std::move(d));
  }

  /// True when a syntax error was reported.
  bool saw_error() const { return first_ != First::None; }
  /// True when the first syntax error is at the end of the input.
  bool first_error_at_end() const { return first_ == First::AtEnd; }

 private:
  Span span_of(antlr4::Token* t, size_t line, size_t column) const {
    Span s;
    s.file = file_;
    s.line = static_cast<std::uint32_t>(line) + line_off_;
    s.column = static_cast<std::uint32_t>(column) + 1 + (line == 1 ? col_off_ : 0);
    s.end_line = s.line;
    std::size_t width = 1;
    if (t && t->getType() != antlr4::Token::EOF && t->getType() != AelLexer::NL &&
        t->getStopIndex() >= t->getStartIndex()) {
      width = t->getStopIndex() - t->getStartIndex() + 1;
    }
    if ((!t || t->getType() == antlr4::Token::EOF) && fragment_) {
      // The end of an interpolation is inside its string, not at the end of the file.
      const std::size_t last = fragment_->find_last_not_of(" \t");
      std::uint32_t chars = 0;
      for (std::size_t i = 0; last != std::string::npos && i <= last; ++i) {
        if ((static_cast<unsigned char>((*fragment_)[i]) & 0xC0) != 0x80) ++chars;
      }
      s.line = line_off_ + 1;
      s.column = col_off_ + chars + 1;
      s.end_line = s.line;
    } else if (!t || t->getType() == antlr4::Token::EOF) {
      // Point just past the last character of the last non-blank line.
      const SourceFile& f = sources_.file(file_);
      s.line = std::max<std::uint32_t>(1, f.line_count());
      while (s.line > 1 && f.line(s.line).find_first_not_of(" \t") == std::string_view::npos) {
        --s.line;
      }
      s.column = static_cast<std::uint32_t>(f.line(s.line).size()) + 1;
      s.end_line = s.line;
    }
    s.end_column = s.column + static_cast<std::uint32_t>(width);
    return s;
  }

  std::string message(antlr4::Recognizer* recognizer, antlr4::Token* t,
                      const std::string& antlr_message) const {
    if (t && t->getType() == AelLexer::UNTERMINATED_STRING) {
      return "unterminated string literal (strings end on the line they start)";
    }
    if (t && t->getType() == AelLexer::UNKNOWN_CHAR) {
      // C's and Python's spellings of the logical operators: AEL writes them as words.
      const std::string text = t->getText();
      const char* word = text == "&" ? "and" : text == "|" ? "or" : text == "!" ? "not" : nullptr;
      if (text == "?") {
        return "unexpected character '?'; AEL's conditional is an expression: "
               "if c { a } else { b }";
      }
      return "unexpected character " + quoted_char(text) +
             (word ? std::string("; AEL writes '") + word + "' (and, or, not)" : "");
    }
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (!parser) return antlr_message;
    std::string expected;
    try {
      expected = describe_expected(parser->getExpectedTokens(), parser->getVocabulary());
    } catch (...) {
      // The expected set is a courtesy; some recovery states cannot compute it.
    }
    std::string msg = "unexpected " + describe_token(t);
    if (!expected.empty()) msg += "; expected " + expected;
    return msg;
  }

  enum class First { None, AtEnd, BeforeEnd };
  First first_ = First::None;  // where the first syntax error was
  const SourceManager& sources_;
  std::uint32_t file_;
  std::uint32_t col_off_;
  std::uint32_t line_off_;
  const std::string* fragment_;
  ParseOutput& out_;
};

// The byte offset of the first invalid UTF-8 sequence in `text` (overlong forms,
// surrogates and code points past U+10FFFF included), or npos when it is all valid.
std::size_t invalid_utf8_at(const std::string& text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    std::size_t len = 0;
    std::uint32_t cp = 0, min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string::npos;
}

// Source text must be UTF-8 (the lexer decodes it); point at the first bad byte.
Diagnostic invalid_utf8(const SourceManager& sources, std::uint32_t file, const std::string& text,
                        std::size_t at, std::uint32_t line_offset, std::uint32_t column_offset) {
  Span s;
  s.file = file;
  s.line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++s.line;
      line_start = i + 1;
    }
  }
  std::uint32_t column = 1;
  for (std::size_t i = line_start; i < at; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  s.column = column + (s.line == 1 ? column_offset : 0);
  s.line += line_offset;
  s.end_line = s.line;
  s.end_column = s.column + 1;
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[at]));
  return sources.make(
      Severity::Error, s,
      std::string("source is not valid UTF-8 (byte ") + hex + "); save it as UTF-8");
}

// The usual cause of "unexpected end of input" is a bracket never closed: say which.
void note_unclosed(const SourceManager& sources, std::uint32_t file,
                   const TokenFilter::OpenBracket& open, std::vector<Diagnostic>& diagnostics) {
  for (Diagnostic& d : diagnostics) {
    if (d.message.rfind("unexpected end of input", 0) != 0) continue;
    Span s;
    s.file = file;
    s.line = static_cast<std::uint32_t>(open.line);
    s.column = static_cast<std::uint32_t>(open.column) + 1;
    s.end_line = s.line;
    s.end_column = s.column + 1;
    d.notes.push_back(sources.make(Severity::Note, s, "this '" + open.text + "' is never closed"));
    return;
  }
}

enum class Mode { Program, Expression };

ParseOutput run(const SourceManager& sources, std::uint32_t file, const std::string& text,
                Mode mode, std::uint32_t line_offset, std::uint32_t column_offset,
                bool fragment = false) {
  ParseOutput out;
  if (const std::size_t bad = invalid_utf8_at(text); bad != std::string::npos) {
    out.diagnostics.push_back(invalid_utf8(sources, file, text, bad, line_offset, column_offset));
    return out;
  }
  antlr4::ANTLRInputStream input(text);
  AelLexer lexer(&input);
  lexer.removeErrorListeners();  // UNKNOWN_CHAR catches everything; nothing to report here
  TokenFilter filter(lexer);
  antlr4::CommonTokenStream tokens(&filter);
  AelParser parser(&tokens);
  DiagnosticListener listener(sources, file, column_offset, line_offset, fragment ? &text : nullptr,
                              out);

  antlr4::ParserRuleContext* tree = nullptr;
  const auto parse_tree = [&] {
    return mode == Mode::Program ? static_cast<antlr4::ParserRuleContext*>(parser.program())
                                 : static_cast<antlr4::ParserRuleContext*>(parser.replExpr());
  };
  try {
    // ANTLR's two-stage recipe: SLL prediction ignores the parser's call stack, so deep
    // nests (`a ^ b ^ ...`, long `else if` chains) parse in linear time; a script SLL
    // cannot decide (or a wrong one) is parsed again with full LL and error reporting.
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    parser.removeErrorListeners();
    try {
      tree = parse_tree();
    } catch (const antlr4::ParseCancellationException&) {
      tokens.seek(0);
      parser.reset();
      parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
      parser.addErrorListener(&listener);
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::LL);
      tree = parse_tree();
    }
  } catch (const grammar::NestingTooDeep& e) {
    Span s;
    s.file = file;
    s.line = static_cast<std::uint32_t>(e.token ? e.token->getLine() : 1) + line_offset;
    s.column = static_cast<std::uint32_t>(e.token ? e.token->getCharPositionInLine() : 0) + 1 +
               (s.line == 1 + line_offset ? column_offset : 0);
    s.end_line = s.line;
    s.end_column = s.column + 1;
    out.diagnostics.push_back(sources.make(Severity::Error, s, e.message));
    return out;
  }
  if (filter.unclosed_at_end() && !fragment) {
    note_unclosed(sources, file, filter.innermost_open(), out.diagnostics);
  }
  // A REPL reads another line only when nothing before the end is wrong already (as
  // Lua's REPL, which continues only on errors at <eof>): `)(` is reported at once.
  out.incomplete =
      listener.first_error_at_end() || (!listener.saw_error() && filter.unclosed_at_end());
  if (!out.diagnostics.empty()) return out;

  AstBuilder builder(sources, file, line_offset, column_offset, out.diagnostics);
  if (mode == Mode::Program) {
    auto program = builder.program(dynamic_cast<AelParser::ProgramContext*>(tree));
    if (out.diagnostics.empty()) out.program = std::move(program);
  } else {
    auto expr = builder.repl_expression(dynamic_cast<AelParser::ReplExprContext*>(tree));
    if (out.diagnostics.empty()) out.expression = std::move(expr);
  }
  return out;
}

}  // namespace

ParseOutput parse_program(const SourceManager& sources, std::uint32_t file) {
  return run(sources, file, sources.file(file).text(), Mode::Program, 0, 0);
}

ParseOutput parse_expression(const SourceManager& sources, std::uint32_t file) {
  return run(sources, file, sources.file(file).text(), Mode::Expression, 0, 0);
}

ParseOutput parse_fragment(const SourceManager& sources, std::uint32_t file,
                           const std::string& text, std::uint32_t line, std::uint32_t column) {
  return run(sources, file, text, Mode::Expression, line - 1, column - 1, true);
}

}  // namespace ael::syntax
