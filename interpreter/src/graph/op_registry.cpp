// The process-wide op registry, holding AEL's built-in ops and whatever plugins add.
#include "ael/op.hpp"
#include "graph/ops/builtin.hpp"

namespace ael {

OpRegistry& op_registry() {
  static OpRegistry* registry = [] {
    auto* r = new OpRegistry();  // never destroyed: plugins may still hold its ops at exit
    graph::register_builtin_ops(*r);
    return r;
  }();
  return *registry;
}

}  // namespace ael
