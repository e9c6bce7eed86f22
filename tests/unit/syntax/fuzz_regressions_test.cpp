// Every input the fuzzer ever crashed on (tests/fuzz/regressions/) must now come back as
// diagnostics, through the same entry points as the fuzz target.
#include <gtest/gtest.h>

#include <filesystem>

#include "ael/ael.hpp"
#include "parse_helpers.hpp"
#include "test_support.hpp"

namespace ael::test {
namespace {

TEST(FuzzRegressions, EveryRecordedCrashIsNowADiagnostic) {
  const std::filesystem::path dir = source_path("tests/fuzz/regressions");
  std::size_t cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string text = read_text(entry.path().string());
    EngineConfig config;
    config.read_file = [](const std::string&) -> std::optional<std::string> {
      return std::nullopt;
    };
    Interpreter interp(config);
    (void)interp.is_incomplete(text);
    const Result r = interp.check_string(text, "fuzz.ael");
    if (!r.ok) {
      ASSERT_FALSE(r.diagnostics.empty()) << entry.path();
      EXPECT_FALSE(r.diagnostics[0].message.empty()) << entry.path();
    }
    ++cases;
  }
  EXPECT_GE(cases, 1u);
}

TEST(Utf8, InvalidSourceBytesAreReportedWhereTheyAre) {
  Parsed p = parse("let ok = 1\nlet c\xfdount = 1\n");
  ASSERT_FALSE(p.out.ok());
  const Diagnostic& d = p.out.diagnostics[0];
  EXPECT_EQ(d.message, "source is not valid UTF-8 (byte 0xFD); save it as UTF-8");
  EXPECT_EQ(d.location.line, 2);
  EXPECT_EQ(d.location.column, 6);
  // Surrogates, overlong forms and truncated sequences are invalid too.
  EXPECT_FALSE(parse("\"\xed\xa0\x80\"").out.ok());
  EXPECT_FALSE(parse("\"\xc0\xaf\"").out.ok());
  EXPECT_FALSE(parse("\"\xe2\x82\"").out.ok());
  EXPECT_TRUE(parse("\"h\xc3\xa9llo \xf0\x9f\x98\x80\"").out.ok());
}

}  // namespace
}  // namespace ael::test
