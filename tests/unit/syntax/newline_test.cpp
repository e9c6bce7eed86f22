// The token filter's newline rules (see syntax/token_filter.hpp), observed through the
// number of statements the parser produces.
#include "parse_helpers.hpp"

namespace ael::test {
namespace {

std::size_t statements(const std::string& text) {
  Parsed p = parse(text);
  EXPECT_TRUE(p.out.ok()) << text << "\n-> " << p.first_error();
  return p.count();
}

TEST(Newlines, SeparateStatements) {
  EXPECT_EQ(statements("let x = 1\nlet y = 2\nx + y"), 3u);
  EXPECT_EQ(statements("let a = 1; let b = 2"), 2u);
}

TEST(Newlines, BlankLinesAndCommentsCollapse) {
  EXPECT_EQ(statements("\n\nlet x = 1  # one\n\n# a comment line\n\n\nlet y = 2\n\n"), 2u);
  EXPECT_EQ(statements("# only a comment"), 0u);
  EXPECT_EQ(statements(""), 0u);
}

TEST(Newlines, WindowsLineEndings) { EXPECT_EQ(statements("let x = 1\r\nlet y = 2\r\n"), 2u); }

TEST(Newlines, IgnoredInsideParenthesesAndBrackets) {
  EXPECT_EQ(statements("f(1,\n  2,\n  3\n)"), 1u);
  EXPECT_EQ(statements("let xs = [\n  1,\n  2\n]\nlen(xs)"), 2u);
  EXPECT_EQ(statements("let y = (1\n + 2)"), 1u);
}

TEST(Newlines, IgnoredAfterATokenThatCannotEndAStatement) {
  EXPECT_EQ(statements("let x = 1 +\n  2"), 1u);
  EXPECT_EQ(statements("let x = a and\n  b"), 1u);
  EXPECT_EQ(statements("let r = {\n  a: 1,\n  b: 2\n}"), 1u);
}

TEST(Newlines, ContinuationTokensJoinTheNextLine) {
  EXPECT_EQ(statements("let y = x\n  |> f\n  |> g(2)"), 1u);
  EXPECT_EQ(statements("let y = r\n  .field"), 1u);
  EXPECT_EQ(statements("let y = a\n  and b\n  or c"), 1u);
  EXPECT_EQ(statements("let y = 2\n  * 3\n  ^ 2"), 1u);
  EXPECT_EQ(statements("let y = a\n  == b"), 1u);
  EXPECT_EQ(statements("let y = if c { 1 }\nelse { 2 }"), 1u);
  EXPECT_EQ(statements("let o = adam()\n  then sgd()"), 1u);
}

TEST(Newlines, PlusAndMinusStartANewStatement) {
  // `+` and `-` are also unary, so a line starting with them is a new statement.
  Parsed p = parse("let x = 1\n- 2");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  ASSERT_EQ(p.count(), 2u);
  EXPECT_EQ(sexpr(let_value(p, 0)), "1");
  EXPECT_EQ(sexpr(expr_of(p, 1)), "(neg 2)");
  EXPECT_EQ(statements("let x = 1\n+ 2"), 2u);
}

TEST(Newlines, SeparateStatementsInsideBlocks) {
  Parsed p = parse("fn f(a) {\n  let b = a\n  b * 2\n}\nwhile false {\n  break\n}");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  ASSERT_EQ(p.count(), 2u);
  const auto& f = static_cast<const ast::FnStmt&>(p.stmt(0));
  EXPECT_EQ(f.decl->body->stmts.size(), 2u);
}

TEST(Newlines, BareReturnEndsAtTheNewline) {
  Parsed p = parse("fn f() {\n  return\n}");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  const auto& f = static_cast<const ast::FnStmt&>(p.stmt(0));
  ASSERT_EQ(f.decl->body->stmts.size(), 1u);
  const auto& r = static_cast<const ast::ReturnStmt&>(*f.decl->body->stmts[0]);
  EXPECT_EQ(r.value, nullptr);
}

TEST(Newlines, TwoExpressionsOnOneLineAreAnError) {
  Parsed p = parse("let x = 1 2");
  ASSERT_FALSE(p.out.ok());
  EXPECT_EQ(p.first_error(), "unexpected number 2; expected end of line");
}

TEST(Newlines, MissingCommaBetweenRecordFieldsOnSeparateLines) {
  Parsed p = parse("let r = {\n  a: 1\n  b: 2\n}");
  EXPECT_FALSE(p.out.ok());
}

}  // namespace
}  // namespace ael::test
