// Script arguments: `ael run sweep.ael -- lr=3e-4 epochs=50 name=wide`.
//
// A script declares the arguments it takes, with their defaults, in one call:
//
//   let args = arguments({lr: 1e-3, epochs: 20, name: "base", quick_eval: false})
//
// Each command-line value is read as the type of its default: an int default takes an
// integer, a float default any number, a bool default true/false, a string default the
// text as written; a `none` default takes the value as AEL would read a literal (int,
// float, true/false, none, else the text). An argument the script does not declare is an
// error with a suggestion, reported at the arguments() call before anything runs past it;
// a script given arguments that never calls arguments() fails before it runs. These
// checks apply to an interpreter's first run (the script); an embedding host's later
// runs may read `args` without calling arguments() again.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ael/value.hpp"

namespace ael::eval {

using ScriptArguments = std::vector<std::pair<std::string, std::string>>;

/// The defaults with the given values in their place; throws ael::Error naming the first
/// unknown name or the first value that does not read as its default's type.
Record bind_arguments(const Record& defaults, const ScriptArguments& given);

}  // namespace ael::eval
