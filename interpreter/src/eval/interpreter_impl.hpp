// Interpreter::Impl: everything one interpreter instance owns.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ael/ael.hpp"
#include "eval/env.hpp"
#include "syntax/ast.hpp"
#include "syntax/source.hpp"

namespace ael {

namespace eval {
class ModuleLoader;
}
namespace plugins {
class PluginRegistry;
}

struct AEL_LOCAL Interpreter::Impl {
  explicit Impl(Interpreter& self, EngineConfig cfg);
  ~Impl();

  Interpreter& self;
  EngineConfig config;
  SourceManager sources;

  /// Builtins (the root scope) and the program's top-level scope.
  eval::EnvPtr builtins;
  eval::EnvPtr globals;
  /// Every builtin name with the reference section it was registered under ("math",
  /// "data", ...), in registration order: the generated reference (eval/reference.hpp).
  std::vector<std::pair<std::string, std::string>> builtin_sections;

  /// Set by arguments(): the first run (the script) must read the script arguments.
  bool arguments_read = false;
  bool ran_once = false;

  std::unique_ptr<eval::ModuleLoader> modules;
  /// Plugins found through EngineConfig::plugin_path, AEL_PLUGIN_PATH, the build tree and
  /// the installed folder; loaded on first use of a name.
  std::unique_ptr<plugins::PluginRegistry> plugins;
  /// The script function for an unknown name that is a plugin (`adam`), or none when no
  /// plugin has that name. A plugin file that exists but is broken is an ael::Error.
  Value plugin_function(const std::string& name);
  /// Every plugin name the search path offers, none loaded (for suggestions).
  std::vector<std::string> plugin_names() const;

  /// Keeps every parsed program alive: closures and models point into their ASTs.
  const ast::Program& keep(std::unique_ptr<ast::Program> program);

  /// Writes program output (print) through the host callback, serialised across threads.
  void write(std::string_view text);
  void warn(const Diagnostic& d);

  /// Remembers a scope captured by a closure so teardown can break reference cycles.
  void track_capture(const eval::EnvPtr& env);

  int new_task_id() { return next_task_.fetch_add(1); }

  /// The random key path of a new top-level evaluation (a script, a REPL entry, a host
  /// call): numbered in order, so each entry draws new numbers and a run is reproducible.
  std::vector<std::uint64_t> entry_path() { return {0xe27a1ULL, next_entry_.fetch_add(1)}; }

  /// Runs parse + check + evaluate of one source file in `env`. Returns the value of the
  /// last expression statement.
  Result run_source(std::uint32_t file, const eval::EnvPtr& env, bool check_only);

  /// Name of the file a span belongs to, for relative paths (imports, data files).
  std::string directory_of(const Span& span) const;

 private:
  std::mutex programs_mutex_;
  std::vector<std::unique_ptr<ast::Program>> programs_;
  std::mutex output_mutex_;
  std::mutex capture_mutex_;
  std::vector<std::weak_ptr<eval::Env>> captured_;
  std::size_t captured_compact_at_ = 64;
  std::atomic<int> next_task_{1};
  std::atomic<std::uint64_t> next_entry_{0};
};

}  // namespace ael
