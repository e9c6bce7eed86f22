// Decides which newlines reach the parser, so the grammar can treat NL as a plain
// statement separator (Go-style automatic separators):
//  - inside ( or [ newlines are dropped (expressions continue freely);
//  - inside { } or at top level a newline separates statements only after a token that
//    can end one (a name, a literal, `)`, `]`, `}`, return/break/continue) and only when
//    the next line does not start with a continuation token (`|>`, `.`, `else`, `then`,
//    `and`, `or`, binary operators other than + and -);
//  - runs of newlines collapse into one; comments and whitespace are dropped;
//  - a line starting with a statement-only keyword (`let`, `import`, ...) inside ( or [
//    means a bracket was never closed: the filter closes it there, so the parser reports
//    the missing bracket on that line and recovers for the rest of the file.
// It also tracks bracket nesting so the REPL can tell an unfinished entry.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "antlr4-runtime.h"

namespace ael::syntax {

class TokenFilter : public antlr4::TokenSource {
 public:
  explicit TokenFilter(antlr4::TokenSource& source) : source_(source) {}

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return source_.getLine(); }
  size_t getCharPositionInLine() override { return source_.getCharPositionInLine(); }
  antlr4::CharStream* getInputStream() override { return source_.getInputStream(); }
  std::string getSourceName() override { return source_.getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override {
    return source_.getTokenFactory();
  }

  /// Brackets still open when the input ended (the REPL reads another line).
  bool unclosed_at_end() const { return ended_ && !stack_.empty(); }

  /// Where the innermost bracket still open was opened: text, 1-based line, 0-based
  /// column (as ANTLR counts). Only meaningful when unclosed_at_end().
  struct OpenBracket {
    std::string text;
    size_t line = 0;
    size_t column = 0;
  };
  const OpenBracket& innermost_open() const { return open_.back(); }

  /// Deeper bracket nesting is an error (grammar::NestingTooDeep): no script needs it, and
  /// the parser's lookahead over nested `[` is quadratic in the depth.
  static constexpr std::size_t kMaxBracketDepth = 256;

 private:
  std::unique_ptr<antlr4::Token> next_significant();
  void track_brackets(const antlr4::Token& t);
  bool newline_allowed_inside() const;

  antlr4::TokenSource& source_;
  std::deque<std::unique_ptr<antlr4::Token>> pending_;
  std::vector<size_t> stack_;      // open bracket token types
  std::vector<OpenBracket> open_;  // where each of them was opened
  std::unique_ptr<antlr4::Token> too_deep_;
  std::unique_ptr<antlr4::Token> line_break_;  // the newline just dropped inside ( or [  // the
                                               // bracket past the limit (kept for the error)
  size_t last_type_ = 0;                       // last token handed to the parser
  bool ended_ = false;
};

/// True for tokens after which a newline may end a statement.
bool can_end_statement(size_t token_type);
/// The soft keywords (grammar rule `name`: keywords in one construct, names elsewhere),
/// as ANTLR literal names ("'model'"). The one list the filter and the error messages
/// read; tests/unit/syntax checks it against the grammar.
const std::vector<std::string>& soft_keyword_literals();
/// Every keyword of the grammar ("let", "model", ...), read from the generated
/// vocabulary (REPL completion).
std::vector<std::string> keyword_names();
/// True for a soft keyword's token type.
bool is_soft_keyword(size_t token_type);
/// True for tokens that continue the previous line when they start a new one.
bool continues_line(size_t token_type);

}  // namespace ael::syntax
