// Superclass of the generated AelParser (see `superClass` in grammar/Ael.g4).
// It checks the stack on every rule entry so that input nested deeper than the stack
// allows is reported as an error rather than crashing the process.
#pragma once

#include "antlr4-runtime.h"

namespace ael::grammar {

/// Thrown out of the parser when the input nests too deeply; the parse driver turns it
/// into a diagnostic at the current token.
struct NestingTooDeep {
  antlr4::Token* token;
  const char* message = "input is nested too deeply to parse";
};

class AelParserBase : public antlr4::Parser {
 public:
  using antlr4::Parser::Parser;

  /// Set by the parse driver: returns true when the stack is nearly exhausted.
  static bool (*stack_near_limit)();

  void enterRule(antlr4::ParserRuleContext* ctx, size_t state, size_t rule) override {
    guard();
    antlr4::Parser::enterRule(ctx, state, rule);
  }
  void enterRecursionRule(antlr4::ParserRuleContext* ctx, size_t state, size_t rule,
                          int precedence) override {
    guard();
    antlr4::Parser::enterRecursionRule(ctx, state, rule, precedence);
  }

 private:
  void guard() {
    if (stack_near_limit && stack_near_limit()) throw NestingTooDeep{getCurrentToken()};
  }
};

}  // namespace ael::grammar
