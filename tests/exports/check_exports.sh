#!/usr/bin/env bash
# libael.so's dynamic symbols must be the public API and SDK (what interpreter/include/ael
# declares with AEL_API), never the internals (src/: eval, model, train, ...) or the
# generated parser. Usage: check_exports.sh path/to/libael.so
set -euo pipefail
lib=$1
symbols=$(nm -DC --defined-only "$lib" | cut -d' ' -f3-)
total=$(printf '%s\n' "$symbols" | wc -l)

# The entity a symbol belongs to, without the "vtable for " style prefixes.
entities=$(printf '%s\n' "$symbols" |
  sed -E 's/^(vtable|typeinfo|typeinfo name|VTT|construction vtable|guard variable|non-virtual thunk to|virtual thunk to) (for )?//')

status=0
internal='^ael::(ast|bindings|check|data|eval|expr|grammar|io|model|plugins|population|syntax|train|util|detail)::'
graph_internal='^ael::graph::' # only ShapeError (ael/tensor.hpp) is public there
# Internal classes nested in public ones, and public functions taking internal types.
nested_internal='^ael::Interpreter::Impl|[(,<] *(const )?ael::(ast|bindings|check|data|eval|model|plugins|population|syntax|train)::'
leaks=$'\n'$(printf '%s\n' "$entities" | grep -E "$internal" || true)
leaks+=$'\n'$(printf '%s\n' "$entities" | grep -E "$graph_internal" | grep -v '^ael::graph::ShapeError' || true)
leaks+=$'\n'$(printf '%s\n' "$entities" | grep -E "$nested_internal" || true)
leaks+=$'\n'$(printf '%s\n' "$entities" | grep -E '^AEL(Parser|Lexer|Visitor|BaseVisitor)' || true)
# The ANTLR runtime's headers mark its classes visible, so their vague-linkage type info
# lands here; its code must not.
leaks+=$'\n'$(printf '%s\n' "$symbols" | grep -E '^antlr4::' || true)
leaks=$(printf '%s\n' "$leaks" | sed '/^$/d')
if [[ -n "$leaks" ]]; then
  echo "libael exports internal symbols ($(printf '%s\n' "$leaks" | wc -l)), e.g.:"
  printf '%s\n' "$leaks" | head -20
  status=1
fi

# The surface hosts and plugins link against must be there.
for required in 'ael_open' 'ael_run_string' 'ael::Interpreter::run_file(' \
                'ael::Options::number(' 'ael::Error::Error(' 'ael::OpRegistry::' \
                'ael::ExprEvaluator::' 'ael::Kernel<float>'; do
  if ! grep -qF "$required" <<<"$entities"; then
    echo "libael does not export $required"
    status=1
  fi
done
echo "libael exports $total symbols"
[[ $status -eq 0 ]] && echo "exports: public API only"
exit $status
