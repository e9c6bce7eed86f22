// An interpreter whose output is captured, plus shorthands for the evaluator tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "ael/ael.hpp"

namespace ael::test {

class Session {
 public:
  explicit Session(EngineConfig config = {}) {
    config.write = [this](std::string_view s) { out_ += s; };
    config.warn = [this](const Diagnostic& d) { warnings_ += d.render(); };
    interp_ = std::make_unique<Interpreter>(std::move(config));
  }

  Interpreter& interp() { return *interp_; }

  /// Runs a script; the test fails when it does not succeed.
  Value run(const std::string& source) {
    Result r = interp_->run_string(source, "test.ael");
    EXPECT_TRUE(r.ok) << source << "\n" << render(r);
    return r.value;
  }

  /// The value of the last expression statement of `source`.
  Value eval(const std::string& source) { return run(source); }

  /// Runs a script that must fail; returns its first diagnostic.
  Diagnostic error(const std::string& source) {
    Result r = interp_->run_string(source, "test.ael");
    EXPECT_FALSE(r.ok) << "expected an error from:\n" << source;
    if (r.ok || r.diagnostics.empty()) return Diagnostic{};
    return r.diagnostics[0];
  }
  std::string error_message(const std::string& source) { return error(source).message; }

  /// Output of print() so far, then cleared.
  std::string take_output() {
    std::string s;
    s.swap(out_);
    return s;
  }
  const std::string& warnings() const { return warnings_; }

  static std::string render(const Result& r) {
    std::string s;
    for (const Diagnostic& d : r.diagnostics) s += d.render();
    return s;
  }

 private:
  std::string out_;
  std::string warnings_;
  std::unique_ptr<Interpreter> interp_;
};

/// The value of `expr` in `s` as a number, or as an integer.
inline double number(Session& s, const std::string& expr) { return s.eval(expr).as_number(); }
inline std::int64_t integer(Session& s, const std::string& expr) { return s.eval(expr).as_int(); }

/// Evaluates `source` in a fresh session and returns the printed output.
inline std::string output_of(const std::string& source) {
  Session s;
  s.run(source);
  return s.take_output();
}

/// repr() of the last expression's value in a fresh session.
inline std::string repr_of(const std::string& source) {
  Session s;
  return s.eval(source).repr();
}

/// The first error message of `source` in a fresh session.
inline std::string error_of(const std::string& source) {
  Session s;
  return s.error_message(source);
}

}  // namespace ael::test
