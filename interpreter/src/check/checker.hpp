// Static checks run before any code executes (`ael check`, and before `ael run`): unknown
// names (with suggestions), arity and argument names of calls to builtins and to functions
// declared in the script, unknown modules and module members, return/break outside their
// construct, assignment to undeclared names, unknown `train` settings. A typo in the last
// line of a two-hour experiment is reported before the first epoch.
//
// The checker is conservative: what it cannot know statically (fields of runtime values,
// calls through variables) is left to the evaluator, which reports the same messages.
#pragma once

#include <vector>

#include "ael/ael.hpp"
#include "eval/env.hpp"
#include "syntax/ast.hpp"

namespace ael::check {

/// Checks `program` as if it ran in `scope` (the REPL passes the live global scope).
std::vector<Diagnostic> check_program(Interpreter::Impl& interp, const ast::Program& program,
                                      const eval::Env& scope);

/// Names accepted as `train { name = ... }` settings (owned by the training layer).
const std::vector<std::string>& train_setting_names();
/// "; did you mean 'batch'?" for an unknown setting, from the names other frameworks use
/// (batch_size, learning_rate, patience...) or by edit distance; "" when nothing is close.
std::string train_setting_hint(const std::string& key);

}  // namespace ael::check
