// Valid programs build the expected AST; invalid ones give located, readable errors.
#include "parse_helpers.hpp"

#include <algorithm>
#include <cctype>

#include "AelLexer.h"
#include "ael/ael.hpp"
#include "syntax/token_filter.hpp"

namespace ael::test {
namespace {

TEST(ParseValid, Literals) {
  Parsed p = parse("1_000\n2.5e3\n7e-2\ntrue\nfalse\nnone\n0");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  ASSERT_EQ(p.count(), 7u);
  EXPECT_EQ(as<ast::IntLit>(expr_of(p, 0)).value, 1000);
  EXPECT_DOUBLE_EQ(as<ast::FloatLit>(expr_of(p, 1)).value, 2500.0);
  EXPECT_DOUBLE_EQ(as<ast::FloatLit>(expr_of(p, 2)).value, 0.07);
  EXPECT_TRUE(as<ast::BoolLit>(expr_of(p, 3)).value);
  EXPECT_FALSE(as<ast::BoolLit>(expr_of(p, 4)).value);
  EXPECT_EQ(expr_of(p, 5).kind, ast::ExprKind::None);
}

TEST(ParseValid, StatementKinds) {
  Parsed p = parse(
      "let [a, [b, c]] = xs\n"
      "fn f(x, y = 2) = x + y\n"
      "fn g(n) { return n }\n"
      "model M(x: 2) { code = dense(x, 1) }\n"
      "import std.stats as st\n"
      "from util import a, b\n"
      "for i, v in pairs { continue }\n"
      "while true { break }\n"
      "a += 1\n"
      "x = 3\n"
      "f(1)\n");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  using K = ast::StmtKind;
  const K kinds[] = {K::Let, K::Fn,    K::Fn,     K::Model,  K::Import, K::FromImport,
                     K::For, K::While, K::Assign, K::Assign, K::Expr};
  ASSERT_EQ(p.count(), std::size(kinds));
  for (std::size_t i = 0; i < p.count(); ++i) EXPECT_EQ(p.stmt(i).kind, kinds[i]) << i;

  const auto& let = static_cast<const ast::LetStmt&>(p.stmt(0));
  ASSERT_TRUE(let.pattern.is_list);
  EXPECT_EQ(let.pattern.elements.size(), 2u);
  EXPECT_TRUE(let.pattern.elements[1].is_list);

  const auto& f = static_cast<const ast::FnStmt&>(p.stmt(1));
  ASSERT_EQ(f.decl->params.size(), 2u);
  EXPECT_EQ(f.decl->params[1].default_value->kind, ast::ExprKind::Int);
  EXPECT_NE(f.decl->expr_body, nullptr);

  const auto& imp = static_cast<const ast::ImportStmt&>(p.stmt(4));
  ASSERT_EQ(imp.path.size(), 2u);
  EXPECT_EQ(symbol_name(imp.path[1]), "stats");
  EXPECT_EQ(symbol_name(imp.alias), "st");

  const auto& loop = static_cast<const ast::ForStmt&>(p.stmt(6));
  EXPECT_EQ(loop.targets.size(), 2u);

  const auto& add = static_cast<const ast::AssignStmt&>(p.stmt(8));
  EXPECT_EQ(add.op, ast::AssignOp::Add);
}

TEST(ParseValid, ModelHeaderAnnotations) {
  Parsed p = parse("model AE(x: 3, latent = 2) {\n  h = dense(x, latent)\n}");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  const auto& m = static_cast<const ast::ModelStmt&>(p.stmt(0));
  ASSERT_EQ(m.decl->params.size(), 2u);
  EXPECT_NE(m.decl->params[0].annotation, nullptr);
  EXPECT_EQ(m.decl->params[0].default_value, nullptr);
  EXPECT_EQ(m.decl->params[1].annotation, nullptr);
  EXPECT_NE(m.decl->params[1].default_value, nullptr);
}

TEST(ParseValid, Comprehensions) {
  Parsed p =
      parse("[x * 2 for x in xs if x > 1]\nparallel [f(i) for i in 0..4]\n[a + b for a, b in ps]");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  const auto& c = as<ast::Comprehension>(expr_of(p, 0));
  EXPECT_FALSE(c.parallel);
  EXPECT_NE(c.condition, nullptr);
  EXPECT_TRUE(as<ast::Comprehension>(expr_of(p, 1)).parallel);
  EXPECT_EQ(as<ast::Comprehension>(expr_of(p, 2)).targets.size(), 2u);
}

TEST(ParseValid, IfElseChainsAndLambdas) {
  Parsed p = parse(
      "let s = if a { 1 } else if b { 2 } else { 3 }\nlet f = fn(x, y = 1) => x * y\nlet g = fn() "
      "{ 1 }");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  const auto& i = as<ast::If>(let_value(p, 0));
  ASSERT_NE(i.else_if, nullptr);
  EXPECT_NE(as<ast::If>(*i.else_if).else_block, nullptr);
  const auto& f = as<ast::Lambda>(let_value(p, 1));
  EXPECT_EQ(f.decl->params.size(), 2u);
  EXPECT_NE(f.decl->expr_body, nullptr);
  EXPECT_NE(as<ast::Lambda>(let_value(p, 2)).decl->body, nullptr);
}

TEST(ParseValid, RecordsWithNameAndStringKeys) {
  Parsed p = parse("let r = {a: 1, \"b c\": 2, step: 3,}");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  const auto& r = as<ast::RecordLit>(let_value(p, 0));
  ASSERT_EQ(r.fields.size(), 3u);
  EXPECT_EQ(r.fields[1].name, "b c");
  EXPECT_EQ(r.fields[2].name, "step");
}

TEST(ParseValid, SoftKeywordsAreNames) {
  Parsed p = parse("let step = 3\nlet on = 1\nanneal(from: 0, to: 1)\nlet as = by");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  EXPECT_EQ(p.count(), 4u);
}

TEST(ParseValid, ModelIsANameOutsideItsDeclaration) {
  // `let model = train ...` is what a new user writes first; a statement starting
  // `model Name` still declares a model.
  Parsed p = parse(
      "model AE(x: 2) {\n  out = dense(x, 2)\n}\nlet model = 1\nlet r = {model: model}\n"
      "fn f(model) = model\nlet xs = [1,\n  model]\nr.model");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  EXPECT_EQ(p.count(), 6u);
  EXPECT_EQ(p.stmt(0).kind, ast::StmtKind::Model);
  EXPECT_EQ(p.stmt(1).kind, ast::StmtKind::Let);
}

// The filter's and the messages' list of soft keywords agrees with the grammar: every
// keyword of the vocabulary parses as a name exactly when the list has it.
TEST(ParseValid, TheSoftKeywordListIsTheGrammars) {
  antlr4::ANTLRInputStream empty("");
  grammar::AelLexer lexer(&empty);
  const antlr4::dfa::Vocabulary& vocab = lexer.getVocabulary();
  const std::vector<std::string>& soft = syntax::soft_keyword_literals();
  int keywords = 0;
  for (size_t t = 1; t <= vocab.getMaxTokenType(); ++t) {
    const std::string lit = vocab.getLiteralName(t);
    if (lit.size() < 3 || !std::isalpha(static_cast<unsigned char>(lit[1]))) continue;
    ++keywords;
    const std::string word = lit.substr(1, lit.size() - 2);
    const bool listed = std::find(soft.begin(), soft.end(), lit) != soft.end();
    EXPECT_EQ(parse("let " + word + " = 1").out.ok(), listed) << word;
  }
  EXPECT_GT(keywords, 20);
  // The public list (REPL completion) is the same vocabulary.
  const std::vector<std::string> words = ael::keywords();
  EXPECT_EQ(static_cast<int>(words.size()), keywords);
  for (const char* w : {"let", "model", "train", "while", "then", "none"})
    EXPECT_NE(std::find(words.begin(), words.end(), w), words.end()) << w;
}

TEST(ParseValid, TrainBlock) {
  Parsed p =
      parse("train M on data {\n  loss = mse(out, x)\n  encoder by adam(lr: 0.1)\n  epochs = 3\n}");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  const auto& t = as<ast::Train>(expr_of(p, 0));
  ASSERT_EQ(t.items.size(), 3u);
  EXPECT_EQ(symbol_name(t.items[0].key), "loss");
  EXPECT_NE(t.items[1].group, nullptr);
}

TEST(ParseValid, SingleExpressionMode) {
  Parsed ok = parse_expr("1 + 2\n");
  ASSERT_TRUE(ok.out.ok());
  ASSERT_NE(ok.out.expression, nullptr);
  EXPECT_EQ(sexpr(*ok.out.expression), "(+ 1 2)");
  Parsed stmt = parse_expr("let x = 1");
  EXPECT_FALSE(stmt.out.ok());
  EXPECT_EQ(stmt.out.expression, nullptr);
}

TEST(ParseInvalid, ErrorsNameTheTokenAndWhatWasExpected) {
  struct Case {
    const char* text;
    const char* message;
    int line, column;
  };
  const Case cases[] = {
      {"let = 3", "unexpected '='; expected a name or '['", 1, 5},
      {"let x = ", "unexpected end of input; expected an expression", 1, 9},
      {"f(1 2)", "unexpected number 2; expected ')'", 1, 5},
      {"let x = 1 $ 2", "unexpected character '$'", 1, 11},
      {"let x = a && b", "unexpected character '&'; AEL writes 'and' (and, or, not)", 1, 11},
      {"let x = a || b", "unexpected character '|'; AEL writes 'or' (and, or, not)", 1, 11},
      {"let x = c ? a : b",
       "unexpected character '?'; AEL's conditional is an expression: if c { a } else { b }", 1,
       11},
      {"fn (a) = 1", "unexpected '='; expected '=>' or '{'", 1, 8},
      {"if x { 1 } else 2", "unexpected number 2; expected 'if' or '{'", 1, 17},
      {"let x = [1, 2", "unexpected end of input; expected ',' or ']'", 1, 14},
  };
  for (const Case& c : cases) {
    Parsed p = parse(c.text);
    ASSERT_FALSE(p.out.ok()) << c.text;
    EXPECT_EQ(p.first_error(), c.message) << c.text;
    EXPECT_EQ(p.out.diagnostics[0].location.line, c.line) << c.text;
    EXPECT_EQ(p.out.diagnostics[0].location.column, c.column) << c.text;
  }
}

TEST(ParseInvalid, RecoveryReportsSeveralErrorsInOneRun) {
  Parsed p = parse("let = 1\nlet y = 2\nlet z = (3\nlet w = 4 4\n");
  ASSERT_GE(p.out.diagnostics.size(), 2u);
  EXPECT_EQ(p.out.diagnostics[0].location.line, 1);
  EXPECT_GT(p.out.diagnostics.back().location.line, 1);
  EXPECT_EQ(p.out.program, nullptr);
}

TEST(ParseInvalid, ErrorCountIsCapped) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "let = " + std::to_string(i) + "\n";
  Parsed p = parse(text);
  EXPECT_LE(p.out.diagnostics.size(), syntax::kMaxSyntaxErrors);
  EXPECT_GE(p.out.diagnostics.size(), 2u);
}

TEST(ParseInvalid, IncompleteInputIsFlagged) {
  EXPECT_TRUE(parse("f(1,").out.incomplete);
  EXPECT_TRUE(parse("fn f() {\n  1").out.incomplete);
  EXPECT_TRUE(parse("let x = [").out.incomplete);
  EXPECT_FALSE(parse("let x = ]").out.incomplete);
  EXPECT_FALSE(parse("let x = 1").out.incomplete);
}

// A REPL waits for more only when the input can still become valid: an error before the
// end (as in `)(`) is reported at once even though a bracket is left open.
TEST(ParseInvalid, AnErrorBeforeTheEndIsNotIncomplete) {
  EXPECT_FALSE(parse(")(").out.incomplete);
  EXPECT_FALSE(parse("let = (").out.incomplete);
  EXPECT_FALSE(parse("[1, 2] ] [").out.incomplete);
  EXPECT_TRUE(parse("[1, 2,").out.incomplete);
  EXPECT_TRUE(parse("g(f(1,").out.incomplete);
}

TEST(ParseInvalid, NamedArgumentRules) {
  EXPECT_EQ(parse("f(a: 1, 2)").first_error(), "positional argument after a named one");
  EXPECT_EQ(parse("f(a: 1, a: 2)").first_error(), "argument 'a' given twice");
}

TEST(ParseInvalid, DuplicatesInDeclarations) {
  EXPECT_EQ(parse("fn f(a, b, a) = a").first_error(), "duplicate parameter 'a'");
  EXPECT_EQ(parse("let g = fn(x, x) => x").first_error(), "duplicate parameter 'x'");
  EXPECT_EQ(parse("let r = {a: 1, a: 2}").first_error(), "duplicate field 'a'");
  EXPECT_EQ(parse("train M on d { epochs = 1; epochs = 2 }").first_error(),
            "setting 'epochs' given twice");
}

TEST(ParseInvalid, NumberLiteralsOutOfRange) {
  EXPECT_EQ(parse("99999999999999999999").first_error(),
            "integer literal is too large (the limit is 9223372036854775807)");
  EXPECT_EQ(parse("9223372036854775807").first_error(), "");
  EXPECT_EQ(parse("1e400").first_error(), "number literal is too large for a float");
}

// Nesting far deeper than any real script: an error, never a crash.
TEST(ParseInvalid, DeepNestingIsAnErrorNotACrash) {
  const std::size_t depth = 100000;
  for (const auto& [open, close] : {std::pair<std::string, std::string>{"(", ")"}, {"[", "]"}}) {
    std::string text;
    for (std::size_t i = 0; i < depth; ++i) text += open;
    text += "1";
    for (std::size_t i = 0; i < depth; ++i) text += close;
    Parsed p = parse(text);
    ASSERT_FALSE(p.out.ok());
    EXPECT_NE(p.first_error().find("nested too deeply"), std::string::npos) << p.first_error();
  }
  std::string minus(depth, '-');
  Parsed p = parse(minus + "1");
  ASSERT_FALSE(p.out.ok());
  EXPECT_NE(p.first_error().find("nested too deeply"), std::string::npos) << p.first_error();
}

TEST(ParseInvalid, LongFlatChainsAreFineOrAClearError) {
  std::string text = "1";
  for (int i = 0; i < 20000; ++i) text += "+1";
  Parsed p = parse(text);
  if (!p.out.ok()) {
    EXPECT_NE(p.first_error().find("nested too deeply"), std::string::npos) << p.first_error();
  }
}

}  // namespace
}  // namespace ael::test
