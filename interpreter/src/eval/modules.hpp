// `import std.data`, `import a.b as c`, `from std.data import f, g`.
//
// A module path maps to a file: `a.b.c` -> `a/b/c.ael`, and a leading `std` maps to the
// stdlib folder: `std.x` -> `stdlib/x.ael`. Search order: the importing script's folder,
// the host's EngineConfig::module_path, the AEL_PATH environment variable (':'-separated),
// then (for std) the source tree's stdlib and the installed stdlib. A module runs once per
// interpreter; its top-level bindings not starting with '_' are its exports.
// `import std.data` binds `std` (a namespace) so code says `std.data.f`, like Python.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "ael/ael.hpp"
#include "eval/context.hpp"
#include "eval/env.hpp"
#include "syntax/ast.hpp"

namespace ael::eval {

/// A loaded module (or a namespace such as `std` holding submodules).
class ModuleValue : public Object {
 public:
  ModuleValue(std::string name, Record members, std::string file = {})
      : name_(std::move(name)), members_(std::move(members)), file_(std::move(file)) {}

  std::string type_name() const override { return "module"; }
  std::string repr() const override { return "<module " + name_ + ">"; }
  std::optional<Value> field(std::string_view name) const override;
  std::vector<std::string> field_names() const override;

  const std::string& name() const { return name_; }
  const Record& members() const { return members_; }
  const std::string& file() const { return file_; }

 private:
  std::string name_;
  Record members_;
  std::string file_;
};

class ModuleLoader {
 public:
  explicit ModuleLoader(Interpreter::Impl& interp) : interp_(interp) {}

  void import(ExecContext& ctx, const ast::ImportStmt& stmt, const EnvPtr& env);
  void from_import(ExecContext& ctx, const ast::FromImportStmt& stmt, const EnvPtr& env);

  /// Loads (once) and returns the module at `path`; errors are located at `span`.
  std::shared_ptr<ModuleValue> load(ExecContext& ctx, const std::vector<Symbol>& path,
                                    const Span& span);

  /// The file a module path resolves to, or "" (used by the static checker too).
  std::string resolve(const std::vector<Symbol>& path, const Span& span) const;
  /// The folders searched for `path`, in order (for error messages).
  std::vector<std::string> search_dirs(const std::vector<Symbol>& path, const Span& span) const;
  /// Names of the stdlib modules that exist (for suggestions).
  std::vector<std::string> stdlib_modules() const;
  /// The file a module path names, relative to a search folder: `a.b` -> `a/b.ael`.
  std::string relative_file(const std::vector<Symbol>& path) const;

 private:
  Interpreter::Impl& interp_;
  std::recursive_mutex mutex_;
  std::map<std::string, std::shared_ptr<ModuleValue>> cache_;
  std::vector<std::string> loading_;  // import chain, for cycle detection
};

std::string dotted_name(const std::vector<Symbol>& path);

}  // namespace ael::eval
