// The language reference, generated from the registrations themselves so it cannot
// drift: every builtin (signature and doc) by section, and every plugin (its options
// with types, defaults and ranges). `help(x)` in scripts and the REPL, `ael doc NAME`,
// and docs/reference.md (`ael doc` without a name, checked against the file by a test).
#pragma once

#include <string>

#include "ael/ael.hpp"
#include "ael/value.hpp"

namespace ael::eval {

/// "name(a, b = 2, rest...)" for a callable, the value's repr for anything else.
std::string signature_text(const std::string& name, const Value& value);

/// The help of one name: signature, doc, and a plugin's options. Empty when `name` is
/// neither a builtin nor a plugin.
std::string help_text(Interpreter::Impl& interp, const std::string& name);

/// The help of a value (a function, plugin function or anything else).
std::string help_text(Interpreter::Impl& interp, const Value& value);

/// The whole reference as Markdown (deterministic: registration order, plugins by name).
std::string reference_markdown(Interpreter::Impl& interp);

}  // namespace ael::eval
