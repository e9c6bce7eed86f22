// help(x) and the generated reference (eval/reference.hpp): from the registrations.
#include <gtest/gtest.h>

#include <string>

#include "ael/ael.hpp"
#include "eval/interpreter_impl.hpp"
#include "eval/reference.hpp"

namespace {

struct Captured {
  std::string out;
  ael::Interpreter interp;
  Captured() : interp(config(out)) {}
  static ael::EngineConfig config(std::string& out) {
    ael::EngineConfig c;
    c.write = [&out](std::string_view s) { out += s; };
    return c;
  }
};

TEST(Help, ShowsTheSignatureAndDocOfABuiltin) {
  Captured c;
  ASSERT_TRUE(c.interp.run_string("help(dense)").ok);
  EXPECT_NE(c.out.find("dense(x, out, bias = true"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("learnable W"), std::string::npos) << c.out;
}

TEST(Help, TakesANameAndShowsAPluginsOptions) {
  Captured c;
  ASSERT_TRUE(c.interp.run_string("help(\"adam\")").ok);
  EXPECT_NE(c.out.find("gradient optimizer"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("amsgrad"), std::string::npos) << c.out;
}

TEST(Help, AnUnknownNameIsALocatedError) {
  Captured c;
  const ael::Result r = c.interp.run_string("let a = 1\nhelp(\"nope\")", "h.ael");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.diagnostics[0].location.line, 2);
  EXPECT_NE(r.diagnostics[0].message.find("no builtin or plugin named 'nope'"), std::string::npos);
}

TEST(Reference, ListsEveryBuiltinOnceWithItsSection) {
  Captured c;
  const std::string md = ael::eval::reference_markdown(c.interp.impl());
  for (const auto& [name, section] : c.interp.impl().builtin_sections) {
    EXPECT_NE(md.find("- `" + name), std::string::npos) << name;
    EXPECT_NE(md.find("## " + section + "\n"), std::string::npos) << section;
  }
  EXPECT_NE(md.find("### adam"), std::string::npos);
  EXPECT_EQ(md.find("file: /"), std::string::npos);  // no machine-specific paths
}

}  // namespace
