// A host program embedding AEL through its public API only (ael/ael.hpp):
//   - an EngineConfig that captures script output,
//   - a native C++ function callable from scripts,
//   - running a string and a file,
//   - reading and setting globals,
//   - diagnostics received as data,
//   - calling an AEL function value from C++.
//
//   ael_embed_example [script.ael]     (default: examples/embed/script.ael)
#include <cstdio>
#include <string>

#include "ael/ael.hpp"

namespace {

// Prints diagnostics from their fields (a host could show them in a GUI instead).
void report(const ael::Result& result) {
  for (const ael::Diagnostic& d : result.diagnostics) {
    std::printf("diagnostic: file=%s line=%d column=%d message=\"%s\" frames=%zu\n",
                d.location.file.c_str(), d.location.line, d.location.column, d.message.c_str(),
                d.stack.size());
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string script = argc > 1 ? argv[1] : "examples/embed/script.ael";

  // 1. Output goes through the host: here into a string, printed with a prefix.
  std::string captured;
  ael::EngineConfig config;
  config.seed = 1;
  config.write = [&captured](std::string_view text) { captured += text; };
  ael::Interpreter interp(config);
  auto flush = [&captured] {
    std::size_t start = 0;
    for (std::size_t nl; (nl = captured.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::printf("[script] %s\n", captured.substr(start, nl - start).c_str());
    }
    captured.erase(0, start);
  };

  // 2. A native function with a default argument: clamp01(x, hi = 1.0).
  ael::Signature clamp_sig;
  clamp_sig.params.push_back(ael::Param{"x", std::nullopt, "value to clamp"});
  clamp_sig.params.push_back(ael::Param{"hi", ael::Value(1.0), "upper bound"});
  interp.define(
      "clamp01", clamp_sig,
      [](ael::Args& args) -> ael::Value {
        const double x = args.number(0), hi = args.number(1);
        if (hi <= 0) args.fail(1, "hi must be positive, got " + std::to_string(hi));
        return x < 0 ? 0.0 : (x > hi ? hi : x);
      },
      "Clamps x to [0, hi].");

  // 3. Run a string; read a global it defined.
  ael::Result r = interp.run_string(
      "let total = clamp01(1.7, hi: 2.0) * 10\nprint(\"total = ${total}\")", "<host>");
  flush();
  report(r);
  std::printf("global total = %g\n", interp.global("total")->as_number());

  // 4. Set a global, then run a file that uses it and the native function.
  interp.set_global("threshold", 0.5);
  r = interp.run_file(script);
  flush();
  report(r);
  if (!r) return 1;

  // 5. Call an AEL function value from C++.
  const std::optional<ael::Value> square = interp.global("square");
  ael::Result sq = interp.call(*square, {ael::Value(std::int64_t{7})});
  std::printf("square(7) = %s\n", sq.value.repr().c_str());

  // 6. Errors come back as data: a runtime error inside a call, a syntax error, and a
  //    native function's own error located at the argument.
  r = interp.run_string("fn inverse(x) = 1 / x\nlet bad = inverse(0)", "<host-errors>");
  report(r);
  r = interp.run_string("let = 3", "<host-syntax>");
  report(r);
  r = interp.run_string("clamp01(0.5, hi: -1)", "<host-native>");
  report(r);
  sq = interp.call(*square, {ael::Value("text")});
  report(sq);
  return 0;
}
