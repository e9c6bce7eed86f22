#include "syntax/token_filter.hpp"

#include <cctype>
#include <string>
#include <unordered_set>

#include "AelLexer.h"
#include "ael_parser_base.hpp"

namespace ael::syntax {
namespace {

using L = grammar::AelLexer;

enum TokenClass : unsigned {
  kEndsStatement = 1u << 0,
  kContinuesLine = 1u << 1,
  kOpens = 1u << 2,
  kCloses = 1u << 3,
  kStatementOnly = 1u << 4,  // can only start a statement: never inside ( or [
  kSoftKeyword = 1u << 5,
};

// Literal tokens are classified by their text through the generated vocabulary, so the
// grammar can add keywords without this file hard-coding token numbers.
struct Classes {
  std::vector<unsigned> of;
  size_t lparen = 0, lbracket = 0, lbrace = 0;

  Classes() {
    antlr4::ANTLRInputStream empty("");
    L lexer(&empty);
    const antlr4::dfa::Vocabulary& vocab = lexer.getVocabulary();
    of.assign(vocab.getMaxTokenType() + 2, 0);
    const std::unordered_set<std::string> enders = {
        "')'",        "']'",  "'}'",  "'true'", "'false'", "'none'", "'return'", "'break'",
        "'continue'", "'on'", "'by'", "'step'", "'from'",  "'as'",   "'model'"};
    const std::unordered_set<std::string> continuations = {
        "'|>'", "'.'",  "'else'", "'then'", "'and'", "'or'", "'*'",  "'/'",
        "'%'",  "'@'",  "'^'",    "'=='",   "'!='",  "'<'",  "'<='", "'>'",
        "'>='", "'..'", "'..='",  "'=>'",   "','",   "'by'"};
    const std::unordered_set<std::string> statement_only = {"'let'",    "'import'", "'while'",
                                                            "'return'", "'break'",  "'continue'"};
    for (size_t t = 1; t <= vocab.getMaxTokenType(); ++t) {
      const std::string lit = vocab.getLiteralName(t);
      if (statement_only.count(lit)) of[t] |= kStatementOnly;
      if (enders.count(lit)) of[t] |= kEndsStatement;
      for (const std::string& soft : soft_keyword_literals()) {
        if (lit == soft) of[t] |= kEndsStatement | kSoftKeyword;  // a name ends a statement
      }
      if (continuations.count(lit)) of[t] |= kContinuesLine;
      if (lit == "'('") lparen = t;
      if (lit == "'['") lbracket = t;
      if (lit == "'{'") lbrace = t;
      if (lit == "'('" || lit == "'['" || lit == "'{'") of[t] |= kOpens;
      if (lit == "')'" || lit == "']'" || lit == "'}'") of[t] |= kCloses;
    }
    for (size_t t : {L::IDENT, L::INT, L::FLOAT, L::STRING, L::UNTERMINATED_STRING}) {
      of[t] |= kEndsStatement;
    }
  }

  bool has(size_t type, unsigned cls) const { return type < of.size() && (of[type] & cls) != 0; }
};

const Classes& classes() {
  static const Classes c;
  return c;
}

}  // namespace

bool can_end_statement(size_t token_type) { return classes().has(token_type, kEndsStatement); }

const std::vector<std::string>& soft_keyword_literals() {
  static const std::vector<std::string> words = {"'on'",   "'by'", "'step'",
                                                 "'from'", "'as'", "'model'"};
  return words;
}

std::vector<std::string> keyword_names() {
  antlr4::ANTLRInputStream empty("");
  L lexer(&empty);
  const antlr4::dfa::Vocabulary& vocab = lexer.getVocabulary();
  std::vector<std::string> words;
  for (size_t t = 1; t <= vocab.getMaxTokenType(); ++t) {
    const std::string lit = vocab.getLiteralName(t);  // "'let'"; operators are "'+'"
    if (lit.size() > 2 && std::isalpha(static_cast<unsigned char>(lit[1])))
      words.push_back(lit.substr(1, lit.size() - 2));
  }
  return words;
}

bool is_soft_keyword(size_t token_type) { return classes().has(token_type, kSoftKeyword); }

bool continues_line(size_t token_type) { return classes().has(token_type, kContinuesLine); }

bool TokenFilter::newline_allowed_inside() const {
  // Inside ( or [ a newline never ends anything; inside { } or at top level it may.
  return stack_.empty() || stack_.back() == classes().lbrace;
}

void TokenFilter::track_brackets(const antlr4::Token& t) {
  const Classes& c = classes();
  const size_t type = t.getType();
  if (c.has(type, kOpens)) {
    stack_.push_back(type);
    open_.push_back(OpenBracket{t.getText(), t.getLine(), t.getCharPositionInLine()});
  } else if (c.has(type, kCloses) && !stack_.empty()) {
    stack_.pop_back();  // a mismatched closer is the parser's to report
    open_.pop_back();
  }
}

std::unique_ptr<antlr4::Token> TokenFilter::next_significant() {
  for (;;) {
    std::unique_ptr<antlr4::Token> t;
    if (!pending_.empty()) {
      t = std::move(pending_.front());
      pending_.pop_front();
    } else {
      t = source_.nextToken();
    }
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    return t;
  }
}

std::unique_ptr<antlr4::Token> TokenFilter::nextToken() {
  for (;;) {
    std::unique_ptr<antlr4::Token> t = next_significant();
    const size_t type = t->getType();
    if (type == antlr4::Token::EOF) {
      ended_ = true;
      last_type_ = type;
      return t;
    }
    if (type != L::NL && line_break_ && classes().has(type, kStatementOnly) &&
        !newline_allowed_inside()) {
      // `let` (etc.) starting a line inside ( or [: the bracket was never closed. Close
      // the unfinished brackets here and hand the parser the line break, so it reports
      // the missing bracket at the end of that line and goes on with the next statement
      // instead of reading the rest of the file as one expression.
      while (!newline_allowed_inside()) {
        stack_.pop_back();
        open_.pop_back();
      }
      pending_.push_front(std::move(t));
      last_type_ = L::NL;
      return std::move(line_break_);
    }
    line_break_.reset();
    if (type != L::NL) {
      track_brackets(*t);
      if (stack_.size() > kMaxBracketDepth) {
        too_deep_ = std::move(t);
        throw grammar::NestingTooDeep{too_deep_.get(),
                                      "brackets are nested too deeply (more than 256 levels)"};
      }
      last_type_ = type;
      return t;
    }
    // A newline: keep it only where it can separate statements.
    if (!newline_allowed_inside()) {
      line_break_ = std::move(t);  // dropped, unless the next line shows a bracket is unclosed
      continue;
    }
    if (!can_end_statement(last_type_)) continue;
    // Look past further newlines at the first token of the next line.
    std::unique_ptr<antlr4::Token> next = next_significant();
    while (next->getType() == L::NL) next = next_significant();
    const bool continues = continues_line(next->getType());
    pending_.push_front(std::move(next));
    if (continues) continue;
    last_type_ = L::NL;
    return t;
  }
}

}  // namespace ael::syntax
