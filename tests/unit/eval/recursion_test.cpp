// Deep recursion and deep nesting are clear errors, never crashes.
#include "eval_helpers.hpp"
#include "util/sanitizer.hpp"

namespace ael::test {
namespace {

TEST(Recursion, CallDepthLimit) {
  EngineConfig c;
  c.max_call_depth = 500;
  Session s(c);
  const Diagnostic d = s.error("fn down(n) = down(n + 1)\ndown(0)");
  EXPECT_EQ(d.message, "recursion too deep: more than 500 nested calls (is a base case missing?)");
  EXPECT_EQ(d.location.line, 1);
  EXPECT_EQ(d.location.column, 14);
  // The long stack is kept whole as data (the renderer elides it).
  EXPECT_EQ(d.stack.size(), 500u);
  const std::string text = d.render();
  EXPECT_NE(text.find("more frames ..."), std::string::npos) << text;
}

TEST(Recursion, LegitimateDeepRecursionWorks) {
  // AddressSanitizer builds have a smaller script stack and much larger frames.
#ifdef AEL_ADDRESS_SANITIZER
  const std::string depth = "2000";
#else
  const std::string depth = "10000";
#endif
  EXPECT_EQ(
      repr_of("fn count(n) = if n == 0 { 0 } else { 1 + count(n - 1) }\ncount(" + depth + ")"),
      depth);
}

// Slow-ish (touches the whole 512 MiB script stack) but the only way to reach the guard.
TEST(Recursion, NativeStackGuardWithAHugeDepthLimit) {
  EngineConfig c;
  c.max_call_depth = 1 << 30;
  Session s(c);
  const std::string msg = s.error_message("fn down(n) = down(n + 1)\ndown(0)");
  EXPECT_EQ(msg.find("stack overflow"), 0u) << msg;
  // The interpreter is still usable afterwards.
  EXPECT_EQ(s.eval("1 + 1").repr(), "2");
}

TEST(Recursion, RecursionThroughBuiltinsCountsTowardsTheLimit) {
  // map() is a native frame between the AEL calls: the depth limit still applies.
  EngineConfig c;
  c.max_call_depth = 1000;
  Session s(c);
  EXPECT_EQ(s.error_message("fn f(x) = map(f, [x])\nf(1)"),
            "recursion too deep: more than 1000 nested calls (is a base case missing?)");
}

TEST(Recursion, DeepNestingInAScriptIsAnErrorOrAValueNeverACrash) {
  const int depth = 100000;
  Session s;
  const std::string parens = std::string(depth, '(') + "1" + std::string(depth, ')');
  EXPECT_EQ(s.error_message("let x = " + parens),
            "brackets are nested too deeply (more than 256 levels)");
  // Unary chains are not brackets: they parse on the script thread's large stack.
  Result r = s.interp().run_string("let y = " + std::string(depth, '-') + "1\ny", "t.ael");
  if (r.ok) {
    EXPECT_EQ(r.value.repr(), "1");
  } else {
    EXPECT_NE(r.diagnostics[0].message.find("too deep"), std::string::npos)
        << r.diagnostics[0].message;
  }
}

TEST(Recursion, DeepNestingOfBlocks) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "if true {";
  text += "1";
  for (int i = 0; i < 300; ++i) text += "}";
  EXPECT_EQ(error_of(text), "brackets are nested too deeply (more than 256 levels)");
}

}  // namespace
}  // namespace ael::test
