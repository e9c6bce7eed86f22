// String literals: escapes, interpolation `${expr}` / `${expr:spec}`, and their errors.
#include "parse_helpers.hpp"
#include "syntax/ast_builder.hpp"

namespace ael::test {
namespace {

const ast::StringLit& string_of(const Parsed& p) { return as<ast::StringLit>(expr_of(p, 0)); }

std::string decoded(const std::string& body) {
  std::string out, error;
  std::size_t offset = 0;
  EXPECT_TRUE(syntax::decode_escapes(body, out, error, offset)) << error;
  return out;
}

std::string escape_error(const std::string& body, std::size_t* at = nullptr) {
  std::string out, error;
  std::size_t offset = 0;
  EXPECT_FALSE(syntax::decode_escapes(body, out, error, offset));
  if (at) *at = offset;
  return error;
}

TEST(StringEscapes, DecodeTheSupportedEscapes) {
  EXPECT_EQ(decoded(R"(a\nb\tc\\d\"e\'f\$g\rh)"), "a\nb\tc\\d\"e'f$g\rh");
  EXPECT_EQ(decoded(R"(\0)"), std::string(1, '\0'));
  EXPECT_EQ(decoded(R"(\u{41}\u{e9}\u{20AC}\u{1F600})"), "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
}

TEST(StringEscapes, RejectBadEscapesWithTheirOffset) {
  std::size_t at = 99;
  EXPECT_EQ(escape_error(R"(ab\q)", &at),
            "unknown escape sequence '\\q' (write \\\\ for a backslash, e.g. in Windows paths)");
  EXPECT_EQ(at, 2u);
  EXPECT_EQ(escape_error(R"(\u41)"), "bad unicode escape; write \\u{hex digits}");
  EXPECT_EQ(escape_error(R"(\u{})"), "bad unicode escape; write \\u{hex digits}");
  EXPECT_EQ(escape_error(R"(\u{12345678})"), "bad unicode escape; write \\u{hex digits}");
  EXPECT_EQ(escape_error(R"(\u{zz})"), "bad unicode escape; write \\u{hex digits}");
  EXPECT_EQ(escape_error(R"(\u{110000})"), "unicode escape is not a valid code point");
  EXPECT_EQ(escape_error(R"(\u{D800})"), "unicode escape is not a valid code point");
  EXPECT_EQ(escape_error("abc\\"), "a string cannot end with a backslash");
}

TEST(StringLiterals, PlainStringsInEitherQuote) {
  for (const char* text : {R"("hi\tthere")", R"('hi\tthere')"}) {
    Parsed p = parse(text);
    ASSERT_TRUE(p.out.ok()) << p.first_error();
    const auto& s = string_of(p);
    ASSERT_TRUE(s.is_plain());
    EXPECT_EQ(s.parts[0].text, "hi\tthere");
  }
  Parsed empty = parse(R"("")");
  ASSERT_TRUE(empty.out.ok());
  EXPECT_TRUE(string_of(empty).is_plain());
  EXPECT_TRUE(string_of(empty).parts.empty());
}

TEST(StringLiterals, InterpolationSplitsTextAndExpressions) {
  Parsed p = parse(R"("a${x + 1}b${f(y)}")");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  const auto& s = string_of(p);
  ASSERT_EQ(s.parts.size(), 4u);
  EXPECT_EQ(s.parts[0].text, "a");
  ASSERT_NE(s.parts[1].expr, nullptr);
  EXPECT_EQ(sexpr(*s.parts[1].expr), "(+ x 1)");
  EXPECT_EQ(s.parts[2].text, "b");
  EXPECT_EQ(sexpr(*s.parts[3].expr), "(call f y)");
  EXPECT_TRUE(s.parts[1].spec.empty());
}

TEST(StringLiterals, FormatSpecAfterTheLastTopLevelColon) {
  Parsed p = parse(R"("${loss:.3f} ${n:>5} ${xs[1:2]} ${ratio:.1%}")");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  const auto& s = string_of(p);
  ASSERT_EQ(s.parts.size(), 7u);
  EXPECT_EQ(s.parts[0].spec, ".3f");
  EXPECT_EQ(sexpr(*s.parts[0].expr), "loss");
  EXPECT_EQ(s.parts[2].spec, ">5");
  EXPECT_EQ(s.parts[4].spec, "");  // the slice's colon is inside brackets
  EXPECT_EQ(sexpr(*s.parts[4].expr), "(index xs [1:2])");
  EXPECT_EQ(s.parts[6].spec, ".1%");
}

TEST(StringLiterals, InterpolationMayContainBracesAndOtherQuotes) {
  Parsed p = parse(R"("${ {a: 1}.a } ${r['key']}")");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  const auto& s = string_of(p);
  ASSERT_EQ(s.parts.size(), 3u);
  EXPECT_EQ(sexpr(*s.parts[0].expr), "(. <record> a)");
  EXPECT_EQ(sexpr(*s.parts[2].expr), "(index r \"str\")");
}

TEST(StringLiterals, EscapedDollarIsLiteral) {
  Parsed p = parse(R"("cost: \${x}")");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  ASSERT_TRUE(string_of(p).is_plain());
  EXPECT_EQ(string_of(p).parts[0].text, "cost: ${x}");
  Parsed lone = parse(R"("$5 and $")");
  ASSERT_TRUE(lone.out.ok()) << lone.first_error();
  EXPECT_EQ(string_of(lone).parts[0].text, "$5 and $");
}

TEST(StringLiterals, BadEscapeIsReportedAtTheBackslash) {
  Parsed p = parse("let s = \"ok\\qno\"");
  ASSERT_EQ(p.out.diagnostics.size(), 1u);
  const Diagnostic& d = p.out.diagnostics[0];
  EXPECT_EQ(d.message,
            "unknown escape sequence '\\q' (write \\\\ for a backslash, e.g. in Windows paths)");
  EXPECT_EQ(d.location.line, 1);
  EXPECT_EQ(d.location.column, 12);
  EXPECT_EQ(d.location.end_column, 14);
}

TEST(StringLiterals, UnterminatedString) {
  Parsed p = parse("let s = \"abc\nlet t = 1");
  ASSERT_FALSE(p.out.ok());
  EXPECT_EQ(p.first_error(), "unterminated string literal (strings end on the line they start)");
  EXPECT_EQ(p.out.diagnostics[0].location.column, 9);
}

TEST(StringLiterals, UnclosedAndEmptyInterpolation) {
  Parsed unclosed = parse(R"("a${x")");
  ASSERT_FALSE(unclosed.out.ok());
  EXPECT_EQ(unclosed.first_error(),
            "unclosed '${' in string (write \\$ for a literal dollar sign)");
  EXPECT_EQ(unclosed.out.diagnostics[0].location.column, 3);
  Parsed empty = parse(R"("a${}")");
  ASSERT_FALSE(empty.out.ok());
  EXPECT_EQ(empty.first_error(), "empty interpolation '${}'");
}

TEST(StringLiterals, SyntaxErrorInsideInterpolationPointsIntoTheString) {
  Parsed p = parse("let s = 1\nprint(\"v=${x +}\")");
  ASSERT_FALSE(p.out.ok());
  const Diagnostic& d = p.out.diagnostics[0];
  EXPECT_EQ(d.location.line, 2);
  EXPECT_EQ(d.location.column, 15);  // the '}' ending `x +`... i.e. end of the fragment
  EXPECT_EQ(d.source_line, "print(\"v=${x +}\")");
}

TEST(StringLiterals, InterpolatedExpressionSpansPointIntoTheFile) {
  Parsed p = parse("\n  \"ab${count}\"");
  ASSERT_TRUE(p.out.ok()) << p.first_error();
  const auto& s = string_of(p);
  const Span& span = s.parts[1].expr->span;
  EXPECT_EQ(span.line, 2u);
  EXPECT_EQ(span.column, 8u);
  EXPECT_EQ(span.end_column, 13u);
}

}  // namespace
}  // namespace ael::test
