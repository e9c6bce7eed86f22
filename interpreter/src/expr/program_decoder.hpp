// Turns a postfix program into register code for the batch evaluator.
//
// The evaluation stack becomes numbered slots (slot k holds stack position k), so an
// operator writes its result over its first operand's slot and the scratch buffer needs
// only max-stack-depth slots. Variables are not copied: an operand can point straight
// into the prepared data. Constants get their own slots, filled once per program.
#pragma once

#include <cstdint>
#include <vector>

#include "ael/expression.hpp"

namespace ael::expr {

struct Operand {
  enum Kind : std::uint8_t { Slot, Variable, Constant };
  Kind kind = Slot;
  std::uint32_t index = 0;  ///< slot, variable or constant number
};

struct Instruction {
  ExprOp op = ExprOp::Add;
  std::uint8_t arity = 0;  ///< 0: copy `a` into `out` (a program that is one terminal)
  std::uint32_t out = 0;   ///< slot
  Operand a, b;
};

struct DecodedProgram {
  std::vector<Instruction> code;
  std::vector<double> constants;  ///< value of each constant slot
  std::uint32_t slots = 0;        ///< stack slots needed
  std::uint32_t result_slot = 0;
  std::uint32_t max_variable = 0;  ///< largest variable index read, plus one
};

/// Decodes `program` into `out` (reusing its storage).
void decode_program(ExprProgram program, DecodedProgram& out);

}  // namespace ael::expr
