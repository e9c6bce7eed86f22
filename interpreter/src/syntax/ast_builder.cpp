#include "syntax/ast_builder.hpp"

#include <cerrno>
#include <cstdlib>
#include <regex>

#include "syntax/parse.hpp"
#include "util/stack_guard.hpp"

namespace ael::syntax {

using namespace ast;
using P = grammar::AelParser;

namespace {

std::uint32_t code_points(const std::string& s, std::size_t bytes) {
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < bytes && i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// A format spec as accepted after ':' in `${expr:spec}` (fmt's mini-language subset).
bool looks_like_format_spec(const std::string& s) {
  static const std::regex spec(R"(^([^{}]?[<>^])?[+\- ]?#?0?[0-9]*(\.[0-9]+)?[a-zA-Z%]?$)");
  return !s.empty() && std::regex_match(s, spec);
}

// The end of a `${...}` interpolation starting at body[start] (just after "${"): the
// index of its closing brace, or npos. Brackets and quotes inside are skipped.
std::size_t interpolation_end(const std::string& body, std::size_t start) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = start; i < body.size(); ++i) {
    const char c = body[i];
    if (quote) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    if (c == '\'' || c == '"')
      quote = c;
    else if (c == '{' || c == '(' || c == '[')
      ++depth;
    else if (c == ')' || c == ']')
      --depth;
    else if (c == '}') {
      if (depth == 0) return i;
      --depth;
    }
  }
  return std::string::npos;
}

// The position of the last ':' outside brackets and quotes in `text`, or npos.
std::size_t top_level_colon(const std::string& text) {
  int depth = 0;
  char quote = 0;
  std::size_t found = std::string::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    if (c == '\'' || c == '"')
      quote = c;
    else if (c == '{' || c == '(' || c == '[')
      ++depth;
    else if (c == '}' || c == ')' || c == ']')
      --depth;
    else if (c == ':' && depth == 0)
      found = i;
  }
  return found;
}

BinaryOp binary_op_of(const std::string& text) {
  static const std::pair<const char*, BinaryOp> ops[] = {
      {"+", BinaryOp::Add}, {"-", BinaryOp::Sub}, {"*", BinaryOp::Mul},    {"/", BinaryOp::Div},
      {"%", BinaryOp::Mod}, {"^", BinaryOp::Pow}, {"@", BinaryOp::MatMul}, {"==", BinaryOp::Eq},
      {"!=", BinaryOp::Ne}, {"<", BinaryOp::Lt},  {"<=", BinaryOp::Le},    {">", BinaryOp::Gt},
      {">=", BinaryOp::Ge}};
  for (const auto& [sym, op] : ops) {
    if (text == sym) return op;
  }
  return BinaryOp::Add;
}

}  // namespace

bool decode_escapes(const std::string& body, std::string& out, std::string& error,
                    std::size_t& offset) {
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    offset = i;
    if (i + 1 >= body.size()) {
      error = "a string cannot end with a backslash";
      return false;
    }
    const char e = body[++i];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case '0':
        out += '\0';
        break;
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      case '\'':
        out += '\'';
        break;
      case '$':
        out += '$';
        break;
      case 'u': {
        // \u{1F600}: one to six hex digits in braces.
        const std::size_t close = body.find('}', i);
        if (i + 1 >= body.size() || body[i + 1] != '{' || close == std::string::npos ||
            close == i + 2 || close - i - 2 > 6) {
          error = "bad unicode escape; write \\u{hex digits}";
          return false;
        }
        const std::string hex = body.substr(i + 2, close - i - 2);
        if (hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
          error = "bad unicode escape; write \\u{hex digits}";
          return false;
        }
        const unsigned long cp = std::stoul(hex, nullptr, 16);
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
          error = "unicode escape is not a valid code point";
          return false;
        }
        append_utf8(out, static_cast<std::uint32_t>(cp));
        i = close;
        break;
      }
      default:
        error = std::string("unknown escape sequence '\\") + e +
                "' (write \\\\ for a backslash, e.g. in Windows paths)";
        return false;
    }
  }
  return true;
}

AstBuilder::AstBuilder(const SourceManager& sources, std::uint32_t file, std::uint32_t line_offset,
                       std::uint32_t column_offset, std::vector<Diagnostic>& diagnostics)
    : sources_(sources),
      file_(file),
      line_offset_(line_offset),
      column_offset_(column_offset),
      diagnostics_(diagnostics) {}

Span AstBuilder::span(antlr4::Token* token) const {
  Span s;
  s.file = file_;
  if (!token) return s;
  const auto line = static_cast<std::uint32_t>(token->getLine());
  s.line = line + line_offset_;
  s.column = static_cast<std::uint32_t>(token->getCharPositionInLine()) + 1 +
             (line == 1 ? column_offset_ : 0);
  s.end_line = s.line;
  const std::size_t width = token->getStopIndex() >= token->getStartIndex()
                                ? token->getStopIndex() - token->getStartIndex() + 1
                                : 1;
  s.end_column = s.column + static_cast<std::uint32_t>(width);
  return s;
}

Span AstBuilder::span(antlr4::ParserRuleContext* ctx) const {
  Span s = span(ctx->getStart());
  antlr4::Token* stop = ctx->getStop();
  if (stop && stop->getType() != antlr4::Token::EOF &&
      stop->getTokenIndex() >= ctx->getStart()->getTokenIndex()) {
    const Span e = span(stop);
    s.end_line = e.end_line;
    s.end_column = e.end_column;
  }
  return s;
}

void AstBuilder::error(const Span& s, std::string message) {
  diagnostics_.push_back(sources_.make(Severity::Error, s, std::move(message)));
}

std::unique_ptr<Program> AstBuilder::program(P::ProgramContext* ctx) {
  auto program = std::make_unique<Program>();
  program->file = file_;
  try {
    statements(ctx->stmt(), program->body);
  } catch (const Abort&) {
  }
  program->body.span = span(ctx);
  return program;
}

ExprPtr AstBuilder::repl_expression(P::ReplExprContext* ctx) {
  try {
    return expr(ctx->expr());
  } catch (const Abort&) {
    return nullptr;
  }
}

void AstBuilder::statements(const std::vector<P::StmtContext*>& stmts, Block& out) {
  for (P::StmtContext* s : stmts) {
    if (auto built = stmt(s)) out.stmts.push_back(std::move(built));
  }
}

Block AstBuilder::block(P::BlockContext* ctx) {
  Block b;
  b.span = span(ctx);
  statements(ctx->stmt(), b);
  return b;
}

Symbol AstBuilder::name(P::NameContext* ctx) { return intern(ctx->getText()); }

std::vector<Symbol> AstBuilder::dotted(P::DottedNameContext* ctx) {
  std::vector<Symbol> path;
  for (P::NameContext* n : ctx->name()) path.push_back(name(n));
  return path;
}

Pattern AstBuilder::pattern(P::PatternContext* ctx) {
  Pattern p;
  p.span = span(ctx);
  if (auto* n = dynamic_cast<P::NamePatternContext*>(ctx)) {
    p.name = name(n->name());
  } else if (auto* l = dynamic_cast<P::ListPatternContext*>(ctx)) {
    p.is_list = true;
    for (P::PatternContext* e : l->pattern()) p.elements.push_back(pattern(e));
  }
  return p;
}

ast::Param AstBuilder::param(P::ParamContext* ctx) {
  ast::Param p;
  p.span = span(ctx);
  p.name = name(ctx->name());
  // `name (':' expr)? ('=' expr)?`: which expression is which depends on the tokens
  // that precede them.
  std::string last_token;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
      last_token = term->getText();
    } else if (auto* e = dynamic_cast<P::ExprContext*>(child)) {
      if (last_token == ":")
        p.annotation = expr(e);
      else
        p.default_value = expr(e);
    }
  }
  return p;
}

std::vector<ast::Param> AstBuilder::params(P::ParamListContext* ctx) {
  std::vector<ast::Param> out;
  if (!ctx) return out;
  for (P::ParamContext* p : ctx->param()) {
    ast::Param built = param(p);
    for (const ast::Param& seen : out) {
      if (seen.name == built.name) {
        error(built.span, "duplicate parameter '" + symbol_name(built.name) + "'");
      }
    }
    out.push_back(std::move(built));
  }
  return out;
}

std::shared_ptr<FunctionDecl> AstBuilder::function(P::NameContext* fn_name,
                                                   P::ParamListContext* param_list,
                                                   P::FnBodyContext* body, const Span& s) {
  auto decl = std::make_shared<FunctionDecl>();
  decl->span = s;
  if (fn_name) decl->name = name(fn_name);
  decl->params = params(param_list);
  if (auto* b = dynamic_cast<P::BlockBodyContext*>(body)) {
    decl->body = std::make_unique<Block>(block(b->block()));
  } else if (auto* e = dynamic_cast<P::ExprBodyContext*>(body)) {
    decl->expr_body = expr(e->expr());
  }
  return decl;
}

StmtPtr AstBuilder::stmt(P::StmtContext* ctx) {
  StackGuard::check();
  const Span s = span(ctx);
  StmtPtr out;
  if (auto* c = dynamic_cast<P::ExprStmtContext*>(ctx)) {
    auto st = std::make_unique<ExprStmt>();
    st->expr = expr(c->expr());
    out = std::move(st);
  } else if (auto* c = dynamic_cast<P::LetStmtContext*>(ctx)) {
    out = let_stmt(c);
  } else if (auto* c = dynamic_cast<P::AssignStmtContext*>(ctx)) {
    out = assign_stmt(c);
  } else if (auto* c = dynamic_cast<P::FnStmtContext*>(ctx)) {
    auto st = std::make_unique<FnStmt>();
    st->decl = function(c->name(), c->paramList(), c->fnBody(), s);
    out = std::move(st);
  } else if (auto* c = dynamic_cast<P::ModelStmtContext*>(ctx)) {
    auto st = std::make_unique<ModelStmt>();
    st->decl = std::make_shared<ModelDecl>();
    st->decl->name = name(c->name());
    st->decl->params = params(c->paramList());
    st->decl->body = block(c->block());
    st->decl->span = s;
    out = std::move(st);
  } else if (auto* c = dynamic_cast<P::ForStmtContext*>(ctx)) {
    out = for_stmt(c);
  } else if (auto* c = dynamic_cast<P::WhileStmtContext*>(ctx)) {
    auto st = std::make_unique<WhileStmt>();
    st->condition = expr(c->expr());
    st->body = block(c->block());
    out = std::move(st);
  } else if (auto* c = dynamic_cast<P::ReturnStmtContext*>(ctx)) {
    auto st = std::make_unique<ReturnStmt>();
    if (c->expr()) st->value = expr(c->expr());
    out = std::move(st);
  } else if (dynamic_cast<P::BreakStmtContext*>(ctx)) {
    out = std::make_unique<BreakStmt>();
  } else if (dynamic_cast<P::ContinueStmtContext*>(ctx)) {
    out = std::make_unique<ContinueStmt>();
  } else if (auto* c = dynamic_cast<P::ImportStmtContext*>(ctx)) {
    out = import_stmt(c);
  } else if (auto* c = dynamic_cast<P::FromImportStmtContext*>(ctx)) {
    out = from_import_stmt(c);
  }
  if (out) out->span = s;
  return out;
}

StmtPtr AstBuilder::let_stmt(P::LetStmtContext* ctx) {
  auto st = std::make_unique<LetStmt>();
  st->pattern = pattern(ctx->pattern());
  st->value = expr(ctx->expr());
  return st;
}

StmtPtr AstBuilder::assign_stmt(P::AssignStmtContext* ctx) {
  auto st = std::make_unique<AssignStmt>();
  st->name = name(ctx->name());
  st->name_span = span(ctx->name());
  const std::string op = ctx->op->getText();
  st->op = op == "+="   ? AssignOp::Add
           : op == "-=" ? AssignOp::Sub
           : op == "*=" ? AssignOp::Mul
           : op == "/=" ? AssignOp::Div
                        : AssignOp::Set;
  st->value = expr(ctx->expr());
  return st;
}

StmtPtr AstBuilder::import_stmt(P::ImportStmtContext* ctx) {
  auto st = std::make_unique<ImportStmt>();
  st->path = dotted(ctx->dottedName());
  st->path_span = span(ctx->dottedName());
  if (ctx->name()) st->alias = name(ctx->name());
  return st;
}

StmtPtr AstBuilder::from_import_stmt(P::FromImportStmtContext* ctx) {
  auto st = std::make_unique<FromImportStmt>();
  st->path = dotted(ctx->dottedName());
  st->path_span = span(ctx->dottedName());
  for (P::NameContext* n : ctx->name()) st->names.emplace_back(name(n), span(n));
  return st;
}

StmtPtr AstBuilder::for_stmt(P::ForStmtContext* ctx) {
  auto st = std::make_unique<ForStmt>();
  for (P::PatternContext* p : ctx->pattern()) st->targets.push_back(pattern(p));
  st->iterable = expr(ctx->expr());
  st->body = block(ctx->block());
  return st;
}

// ------------------------------------------------------------------ expressions

ExprPtr AstBuilder::expr(P::ExprContext* ctx) {
  if (StackGuard::near_limit()) {
    error(span(ctx), "expression is nested too deeply");
    throw Abort{};
  }
  if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) return primary(c->primary());
  if (auto* c = dynamic_cast<P::CallExprContext*>(ctx)) return call(c);
  if (auto* c = dynamic_cast<P::FieldExprContext*>(ctx)) {
    auto e = std::make_unique<Field>();
    e->span = span(ctx);
    e->target = expr(c->expr());
    e->name = name(c->name());
    e->name_span = span(c->name());
    return e;
  }
  if (auto* c = dynamic_cast<P::IndexExprContext*>(ctx)) return index(c);
  if (auto* c = dynamic_cast<P::AddExprContext*>(ctx)) {
    return binary(ctx, binary_op_of(c->op->getText()), c->expr(0), c->expr(1), c->op);
  }
  if (auto* c = dynamic_cast<P::MulExprContext*>(ctx)) {
    return binary(ctx, binary_op_of(c->op->getText()), c->expr(0), c->expr(1), c->op);
  }
  if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx)) {
    return binary(ctx, binary_op_of(c->op->getText()), c->expr(0), c->expr(1), c->op);
  }
  if (auto* c = dynamic_cast<P::PowExprContext*>(ctx)) {
    auto* op = dynamic_cast<antlr4::tree::TerminalNode*>(c->children.at(1));
    return binary(ctx, BinaryOp::Pow, c->expr(0), c->expr(1), op ? op->getSymbol() : nullptr);
  }
  if (auto* c = dynamic_cast<P::UnaryExprContext*>(ctx)) {
    auto e = std::make_unique<Unary>();
    e->span = span(ctx);
    e->op = c->op->getText() == "-" ? UnaryOp::Neg : UnaryOp::Plus;
    e->operand = expr(c->expr());
    return e;
  }
  if (auto* c = dynamic_cast<P::NotExprContext*>(ctx)) {
    auto e = std::make_unique<Unary>();
    e->span = span(ctx);
    e->op = UnaryOp::Not;
    e->operand = expr(c->expr());
    return e;
  }
  if (auto* c = dynamic_cast<P::AndExprContext*>(ctx)) {
    auto e = std::make_unique<Logical>();
    e->span = span(ctx);
    e->is_and = true;
    e->lhs = expr(c->expr(0));
    e->rhs = expr(c->expr(1));
    return e;
  }
  if (auto* c = dynamic_cast<P::OrExprContext*>(ctx)) {
    auto e = std::make_unique<Logical>();
    e->span = span(ctx);
    e->is_and = false;
    e->lhs = expr(c->expr(0));
    e->rhs = expr(c->expr(1));
    return e;
  }
  if (auto* c = dynamic_cast<P::RangeExprContext*>(ctx)) {
    auto e = std::make_unique<Range>();
    e->span = span(ctx);
    e->inclusive = c->op->getText() == "..=";
    e->start = expr(c->expr(0));
    e->stop = expr(c->expr(1));
    if (c->expr().size() > 2) e->step = expr(c->expr(2));
    return e;
  }
  if (auto* c = dynamic_cast<P::PipeExprContext*>(ctx)) {
    auto e = std::make_unique<Pipe>();
    e->span = span(ctx);
    e->lhs = expr(c->expr(0));
    e->rhs = expr(c->expr(1));
    return e;
  }
  if (auto* c = dynamic_cast<P::ThenExprContext*>(ctx)) {
    auto e = std::make_unique<Then>();
    e->span = span(ctx);
    e->lhs = expr(c->expr(0));
    e->rhs = expr(c->expr(1));
    return e;
  }
  error(span(ctx), "internal error: unhandled expression form");
  throw Abort{};
}

ExprPtr AstBuilder::binary(P::ExprContext* ctx, BinaryOp op, P::ExprContext* lhs,
                           P::ExprContext* rhs, antlr4::Token* op_token) {
  auto e = std::make_unique<Binary>();
  e->span = span(ctx);
  e->op = op;
  e->op_span = op_token ? span(op_token) : e->span;
  e->lhs = expr(lhs);
  e->rhs = expr(rhs);
  return e;
}

ExprPtr AstBuilder::call(P::CallExprContext* ctx) {
  auto e = std::make_unique<Call>();
  e->span = span(ctx);
  e->callee = expr(ctx->expr());
  if (P::ArgListContext* list = ctx->argList()) {
    bool seen_named = false;
    for (P::ArgContext* a : list->arg()) {
      Arg arg;
      arg.span = span(a);
      if (a->name()) {
        arg.name = name(a->name());
        seen_named = true;
        for (const Arg& prev : e->args) {
          if (prev.name == arg.name) {
            error(arg.span, "argument '" + symbol_name(arg.name) + "' given twice");
          }
        }
      } else if (seen_named) {
        error(arg.span, "positional argument after a named one");
      }
      arg.value = expr(a->expr());
      e->args.push_back(std::move(arg));
    }
  }
  return e;
}

ExprPtr AstBuilder::index(P::IndexExprContext* ctx) {
  auto e = std::make_unique<Index>();
  e->span = span(ctx);
  e->target = expr(ctx->expr());
  for (P::IndexContext* i : ctx->indexList()->index()) {
    IndexItem item;
    item.span = span(i);
    if (auto* x = dynamic_cast<P::ExprIndexContext*>(i)) {
      item.value = expr(x->expr());
    } else if (auto* s = dynamic_cast<P::SliceIndexContext*>(i)) {
      item.is_slice = true;
      bool after_colon = false;
      for (antlr4::tree::ParseTree* child : s->children) {
        if (dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
          after_colon = true;
        } else if (auto* sub = dynamic_cast<P::ExprContext*>(child)) {
          (after_colon ? item.end : item.value) = expr(sub);
        }
      }
    }
    e->items.push_back(std::move(item));
  }
  return e;
}

ExprPtr AstBuilder::primary(P::PrimaryContext* ctx) {
  const Span s = span(ctx);
  if (auto* c = dynamic_cast<P::NameRefContext*>(ctx)) {
    auto e = std::make_unique<NameRef>();
    e->span = s;
    e->name = name(c->name());
    return e;
  }
  if (auto* c = dynamic_cast<P::IntLitContext*>(ctx)) return int_literal(c->INT());
  if (auto* c = dynamic_cast<P::FloatLitContext*>(ctx)) return float_literal(c->FLOAT());
  if (auto* c = dynamic_cast<P::StringLitContext*>(ctx)) return string_literal(c->STRING());
  if (auto* c = dynamic_cast<P::BoolLitContext*>(ctx)) {
    auto e = std::make_unique<BoolLit>();
    e->span = s;
    e->value = c->getText() == "true";
    return e;
  }
  if (dynamic_cast<P::NoneLitContext*>(ctx)) {
    auto e = std::make_unique<NoneLit>();
    e->span = s;
    return e;
  }
  if (auto* c = dynamic_cast<P::ParenExprContext*>(ctx)) {
    ExprPtr inner = expr(c->expr());
    inner->span = s;  // include the parentheses: carets then cover what the user wrote
    return inner;
  }
  if (auto* c = dynamic_cast<P::ListLitContext*>(ctx)) {
    auto e = std::make_unique<ListLit>();
    e->span = s;
    for (P::ExprContext* item : c->expr()) e->items.push_back(expr(item));
    return e;
  }
  if (auto* c = dynamic_cast<P::ListCompContext*>(ctx)) {
    return comprehension(ctx, c->expr(), c->compFor(), false);
  }
  if (auto* c = dynamic_cast<P::ParallelCompContext*>(ctx)) {
    return comprehension(ctx, c->expr(), c->compFor(), true);
  }
  if (auto* c = dynamic_cast<P::RecordLitContext*>(ctx)) return record(c);
  if (auto* c = dynamic_cast<P::IfExprContext*>(ctx)) {
    return if_expr(ctx, c->expr(), c->block(), c->ifTail());
  }
  if (auto* c = dynamic_cast<P::LambdaExprContext*>(ctx)) {
    auto e = std::make_unique<Lambda>();
    e->span = s;
    e->decl = std::make_shared<FunctionDecl>();
    e->decl->span = s;
    e->decl->params = params(c->paramList());
    if (c->block())
      e->decl->body = std::make_unique<Block>(block(c->block()));
    else
      e->decl->expr_body = expr(c->expr());
    return e;
  }
  if (auto* c = dynamic_cast<P::TrainExprContext*>(ctx)) return train(c);
  error(s, "internal error: unhandled primary expression");
  throw Abort{};
}

ExprPtr AstBuilder::int_literal(antlr4::tree::TerminalNode* node) {
  auto e = std::make_unique<IntLit>();
  e->span = span(node->getSymbol());
  std::string digits;
  for (char c : node->getText()) {
    if (c != '_') digits += c;
  }
  errno = 0;
  const long long v = std::strtoll(digits.c_str(), nullptr, 10);
  if (errno == ERANGE) {
    error(e->span, "integer literal is too large (the limit is 9223372036854775807)");
  }
  e->value = v;
  return e;
}

ExprPtr AstBuilder::float_literal(antlr4::tree::TerminalNode* node) {
  auto e = std::make_unique<FloatLit>();
  e->span = span(node->getSymbol());
  std::string digits;
  for (char c : node->getText()) {
    if (c != '_') digits += c;
  }
  errno = 0;
  e->value = std::strtod(digits.c_str(), nullptr);
  if (errno == ERANGE && std::abs(e->value) > 1.0) {
    error(e->span, "number literal is too large for a float");
  }
  return e;
}

ExprPtr AstBuilder::string_literal(antlr4::tree::TerminalNode* node) {
  auto e = std::make_unique<StringLit>();
  antlr4::Token* token = node->getSymbol();
  e->span = span(token);
  const std::string text = token->getText();
  const std::string body = text.substr(1, text.size() - 2);
  // Column of body[0] in the file (after the opening quote).
  const std::uint32_t body_column = e->span.column + 1;

  std::string pending;  // raw literal text not yet decoded
  std::size_t pending_start = 0;
  auto flush = [&](std::size_t at) {
    if (pending.empty()) return true;
    std::string decoded, message;
    std::size_t offset = 0;
    if (!decode_escapes(pending, decoded, message, offset)) {
      Span s = e->span;
      s.column = body_column + code_points(body, pending_start + offset);
      s.end_column = s.column + 2;
      error(s, message);
      return false;
    }
    StringLit::Part part;
    part.text = std::move(decoded);
    e->parts.push_back(std::move(part));
    pending.clear();
    (void)at;
    return true;
  };

  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\' && i + 1 < body.size()) {
      if (pending.empty()) pending_start = i;
      pending += body[i];
      pending += body[++i];
      continue;
    }
    if (body[i] == '$' && i + 1 < body.size() && body[i + 1] == '{') {
      if (!flush(i)) return e;
      const std::size_t start = i + 2;
      const std::size_t end = interpolation_end(body, start);
      if (end == std::string::npos) {
        Span s = e->span;
        s.column = body_column + code_points(body, i);
        s.end_column = s.column + 2;
        error(s, "unclosed '${' in string (write \\$ for a literal dollar sign)");
        return e;
      }
      std::string inner = body.substr(start, end - start);
      StringLit::Part part;
      const std::size_t colon = top_level_colon(inner);
      if (colon != std::string::npos && looks_like_format_spec(inner.substr(colon + 1))) {
        part.spec = inner.substr(colon + 1);
        inner = inner.substr(0, colon);
      }
      const std::uint32_t column = body_column + code_points(body, start);
      if (inner.find_first_not_of(" \t") == std::string::npos) {
        Span s = e->span;
        s.column = body_column + code_points(body, i);
        s.end_column = body_column + code_points(body, end) + 1;
        error(s, "empty interpolation '${}'");
        return e;
      }
      ParseOutput sub = parse_fragment(sources_, file_, inner, e->span.line, column);
      if (!sub.ok() || !sub.expression) {
        if (sub.diagnostics.empty()) {
          Span s = e->span;
          s.column = column;
          s.end_column = column + 1;
          error(s, "empty interpolation '${}'");
        }
        for (Diagnostic& d : sub.diagnostics) diagnostics_.push_back(std::move(d));
        return e;
      }
      part.expr = std::move(sub.expression);
      e->parts.push_back(std::move(part));
      i = end;
      continue;
    }
    if (pending.empty()) pending_start = i;
    pending += body[i];
  }
  flush(body.size());
  return e;
}

// [e for a in A for b in B if c] becomes the outer comprehension over A whose elements
// are the inner ones over B (flattened); the condition belongs to the innermost clause.
// Only the outermost clause of a `parallel` comprehension runs in parallel.
ExprPtr AstBuilder::comprehension(antlr4::ParserRuleContext* ctx,
                                  const std::vector<P::ExprContext*>& exprs,
                                  const std::vector<P::CompForContext*>& clauses, bool parallel) {
  ExprPtr element = expr(exprs.at(0));
  ExprPtr condition = exprs.size() > 1 ? expr(exprs.at(1)) : nullptr;
  for (std::size_t i = clauses.size(); i-- > 0;) {
    auto e = std::make_unique<Comprehension>();
    e->span = span(ctx);
    e->parallel = parallel && i == 0;
    e->flatten = i + 1 < clauses.size();
    e->element = std::move(element);
    if (i + 1 == clauses.size()) e->condition = std::move(condition);
    for (P::PatternContext* t : clauses[i]->pattern()) e->targets.push_back(pattern(t));
    e->iterable = expr(clauses[i]->expr());
    element = std::move(e);
  }
  return element;
}

ExprPtr AstBuilder::record(P::RecordLitContext* ctx) {
  auto e = std::make_unique<RecordLit>();
  e->span = span(ctx);
  for (P::FieldContext* f : ctx->field()) {
    RecordLit::Field field;
    field.span = span(f);
    if (f->name()) {
      field.name = f->name()->getText();
    } else {
      std::string decoded, message;
      std::size_t offset = 0;
      const std::string raw = f->STRING()->getText();
      if (raw.find("${") != std::string::npos) {
        error(field.span,
              "a record key is a plain string, not interpolated; build keys from values with "
              "record([[name, value], ...])");
      }
      if (!decode_escapes(raw.substr(1, raw.size() - 2), decoded, message, offset)) {
        error(field.span, message);
      }
      field.name = decoded;
    }
    for (const RecordLit::Field& prev : e->fields) {
      if (prev.name == field.name) error(field.span, "duplicate field '" + field.name + "'");
    }
    field.value = expr(f->expr());
    e->fields.push_back(std::move(field));
  }
  return e;
}

ExprPtr AstBuilder::if_expr(antlr4::ParserRuleContext* ctx, P::ExprContext* cond,
                            const std::vector<P::BlockContext*>& blocks, P::IfTailContext* tail) {
  auto e = std::make_unique<If>();
  e->span = span(ctx);
  e->condition = expr(cond);
  e->then_block = block(blocks.at(0));
  if (blocks.size() > 1) {
    e->else_block = std::make_unique<Block>(block(blocks.at(1)));
  } else if (tail) {
    e->else_if = if_expr(tail, tail->expr(), tail->block(), tail->ifTail());
  }
  return e;
}

ExprPtr AstBuilder::train(P::TrainExprContext* ctx) {
  auto e = std::make_unique<Train>();
  e->span = span(ctx);
  e->model = expr(ctx->expr(0));
  e->data = expr(ctx->expr(1));
  for (P::TrainItemContext* item : ctx->trainBlock()->trainItem()) {
    Train::Item it;
    it.span = span(item);
    if (auto* s = dynamic_cast<P::TrainSettingContext*>(item)) {
      it.key = name(s->name());
      it.key_span = span(s->name());
      it.value = expr(s->expr());
      for (const Train::Item& prev : e->items) {
        if (prev.key == it.key) {
          error(it.key_span, "setting '" + symbol_name(it.key) + "' given twice");
        }
      }
    } else if (auto* g = dynamic_cast<P::TrainGroupContext*>(item)) {
      it.group = expr(g->expr(0));
      it.key_span = span(g->expr(0));
      it.value = expr(g->expr(1));
    }
    e->items.push_back(std::move(it));
  }
  return e;
}

}  // namespace ael::syntax
