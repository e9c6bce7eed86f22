// The interactive session: line editing and history (libedit), multi-line entries while
// brackets are open, meta-commands (:help, :quit, :load, :type, :globals), values of
// expressions printed, and no error ever ends the session.
#pragma once

#include "ael/ael.hpp"

namespace ael::cli {

struct ReplOptions {
  EngineConfig config;
  /// Terminal session (prompts, line editing, history). When false, entries are read from
  /// stdin without prompts (scripts and tests drive the REPL through a pipe).
  bool interactive = true;
};

/// Runs the session until :quit or end of input. Returns the process exit code: 0, or 1
/// when the input was piped and some entry failed.
int run_repl(const ReplOptions& options);

}  // namespace ael::cli
