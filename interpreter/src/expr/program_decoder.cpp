#include "expr/program_decoder.hpp"

#include <algorithm>

#include "ael/diagnostic.hpp"

namespace ael::expr {

void decode_program(ExprProgram program, DecodedProgram& out) {
  out.code.clear();
  out.constants.clear();
  out.slots = 0;
  out.max_variable = 0;
  if (program.size == 0) throw Error("cannot evaluate an empty expression program");
  std::vector<Operand> stack;
  stack.reserve(64);
  for (std::size_t i = 0; i < program.size; ++i) {
    const ExprNode& n = program.nodes[i];
    if (n.op == ExprOp::Variable) {
      stack.push_back({Operand::Variable, n.variable});
      out.max_variable = std::max<std::uint32_t>(out.max_variable, n.variable + 1u);
    } else if (n.op == ExprOp::Constant) {
      stack.push_back({Operand::Constant, static_cast<std::uint32_t>(out.constants.size())});
      out.constants.push_back(n.value);
    } else {
      if (stack.size() < n.arity) throw Error("malformed expression program");
      Instruction ins;
      ins.op = n.op;
      ins.arity = n.arity;
      if (n.arity == 2) {
        ins.b = stack.back();
        stack.pop_back();
      }
      ins.a = stack.back();
      stack.pop_back();
      ins.out = static_cast<std::uint32_t>(stack.size());
      out.slots = std::max(out.slots, ins.out + 1);
      out.code.push_back(ins);
      stack.push_back({Operand::Slot, ins.out});
    }
  }
  if (stack.size() != 1) throw Error("malformed expression program");
  if (stack.back().kind != Operand::Slot) {
    Instruction copy;
    copy.arity = 0;
    copy.out = 0;
    copy.a = stack.back();
    out.code.push_back(copy);
    out.slots = std::max<std::uint32_t>(out.slots, 1);
  }
  out.result_slot = 0;
}

}  // namespace ael::expr
