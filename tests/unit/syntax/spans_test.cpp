// Spans: every node knows the exact text it came from (1-based lines, columns in
// characters, end one past the last character).
#include "parse_helpers.hpp"

namespace ael::test {
namespace {

void expect_span(const Span& s, std::uint32_t line, std::uint32_t col, std::uint32_t end_line,
                 std::uint32_t end_col) {
  EXPECT_EQ(s.line, line);
  EXPECT_EQ(s.column, col);
  EXPECT_EQ(s.end_line, end_line);
  EXPECT_EQ(s.end_column, end_col);
}

TEST(Spans, ExpressionsCoverTheirText) {
  Parsed p = parse("let y = foo + 12");
  ASSERT_TRUE(p.out.ok());
  const auto& b = as<ast::Binary>(let_value(p, 0));
  expect_span(b.span, 1, 9, 1, 17);
  expect_span(b.lhs->span, 1, 9, 1, 12);
  expect_span(b.rhs->span, 1, 15, 1, 17);
  expect_span(b.op_span, 1, 13, 1, 14);
  expect_span(p.stmt(0).span, 1, 1, 1, 17);
}

TEST(Spans, ParenthesesAreIncluded) {
  Parsed p = parse("(a + b) * c");
  ASSERT_TRUE(p.out.ok());
  const auto& b = as<ast::Binary>(expr_of(p, 0));
  expect_span(b.lhs->span, 1, 1, 1, 8);
}

TEST(Spans, ArgumentsFieldsAndNames) {
  Parsed p = parse("\n  f(1, size: 20).out");
  ASSERT_TRUE(p.out.ok());
  const auto& field = as<ast::Field>(expr_of(p, 0));
  expect_span(field.name_span, 2, 18, 2, 21);
  const auto& call = as<ast::Call>(*field.target);
  ASSERT_EQ(call.args.size(), 2u);
  expect_span(call.args[0].span, 2, 5, 2, 6);
  expect_span(call.args[1].span, 2, 8, 2, 16);
}

TEST(Spans, MultiLineConstructs) {
  Parsed p = parse("fn f(a) {\n  a\n}");
  ASSERT_TRUE(p.out.ok());
  expect_span(p.stmt(0).span, 1, 1, 3, 2);
}

TEST(Spans, ColumnsCountCharactersNotBytes) {
  Parsed p = parse("let s = \"héé\" + zz");
  ASSERT_TRUE(p.out.ok());
  const auto& b = as<ast::Binary>(let_value(p, 0));
  expect_span(b.rhs->span, 1, 17, 1, 19);
}

TEST(Spans, AssignmentNameSpan) {
  Parsed p = parse("total += 1");
  ASSERT_TRUE(p.out.ok());
  const auto& a = static_cast<const ast::AssignStmt&>(p.stmt(0));
  expect_span(a.name_span, 1, 1, 1, 6);
}

TEST(Spans, DiagnosticsCarryTheSourceLine) {
  Parsed p = parse("let a = 1\nlet b = (2 +\n");
  ASSERT_FALSE(p.out.ok());
  const Diagnostic& d = p.out.diagnostics[0];
  EXPECT_EQ(d.location.file, "t.ael");
  EXPECT_EQ(d.location.line, 2);
  EXPECT_EQ(d.source_line, "let b = (2 +");
  EXPECT_EQ(d.location.column, 13);  // just past the last character
}

}  // namespace
}  // namespace ael::test
