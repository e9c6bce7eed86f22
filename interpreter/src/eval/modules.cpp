#include "eval/modules.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "ael/closest_name.hpp"
#include "build_config.hpp"
#include "eval/errors.hpp"
#include "eval/evaluator.hpp"
#include "eval/interpreter_impl.hpp"
#include "util/install_layout.hpp"
#include "util/path_list.hpp"

namespace ael::eval {
namespace fs = std::filesystem;

std::string dotted_name(const std::vector<Symbol>& path) {
  std::string out;
  for (Symbol s : path) {
    if (!out.empty()) out += ".";
    out += symbol_name(s);
  }
  return out;
}

std::optional<Value> ModuleValue::field(std::string_view name) const {
  if (const Value* v = members_.find(name)) return *v;
  return std::nullopt;
}

std::vector<std::string> ModuleValue::field_names() const {
  std::vector<std::string> names;
  for (const auto& f : members_.fields()) names.push_back(f.first);
  return names;
}

namespace {

// The bundled stdlib: the source tree's when running from the build tree, else the one
// installed beside libael.
std::vector<std::string> stdlib_dirs() {
  if (util::running_from_build_tree()) return {AEL_SOURCE_STDLIB_DIR};
  return {util::installed_stdlib_dir()};
}

bool is_std(const std::vector<Symbol>& path) {
  return !path.empty() && symbol_name(path[0]) == "std";
}

}  // namespace

std::string ModuleLoader::relative_file(const std::vector<Symbol>& path) const {
  std::string rel;
  for (std::size_t i = is_std(path) ? 1 : 0; i < path.size(); ++i) {
    if (!rel.empty()) rel += "/";
    rel += symbol_name(path[i]);
  }
  return rel + ".ael";
}

std::vector<std::string> ModuleLoader::search_dirs(const std::vector<Symbol>& path,
                                                   const Span& span) const {
  std::vector<std::string> base;
  base.push_back(interp_.directory_of(span));
  for (const std::string& d : interp_.config.module_path) base.push_back(d);
  for (const std::string& d : util::split_path_list(std::getenv("AEL_PATH"))) base.push_back(d);
  if (!is_std(path)) return base;
  std::vector<std::string> dirs;
  for (const std::string& d : base) dirs.push_back((fs::path(d) / "stdlib").string());
  for (const std::string& d : stdlib_dirs()) dirs.push_back(d);
  // The script's folder may be the source tree itself: list each folder once.
  std::vector<std::string> unique;
  for (const std::string& d : dirs) {
    if (std::find(unique.begin(), unique.end(), d) == unique.end()) unique.push_back(d);
  }
  return unique;
}

std::string ModuleLoader::resolve(const std::vector<Symbol>& path, const Span& span) const {
  if (path.empty() || (is_std(path) && path.size() == 1)) return "";
  const std::string rel = relative_file(path);
  for (const std::string& dir : search_dirs(path, span)) {
    const fs::path candidate = fs::path(dir) / rel;
    // Ask the host (EngineConfig::read_file), not the disk: embedders may serve modules
    // from memory or forbid some folders.
    if (!interp_.config.read_file(candidate.string())) continue;
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(candidate, ec);
    return ec ? candidate.string() : canonical.string();
  }
  return "";
}

std::vector<std::string> ModuleLoader::stdlib_modules() const {
  std::vector<std::string> names;
  for (const std::string& dir : stdlib_dirs()) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".ael")
        names.push_back("std." + entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::shared_ptr<ModuleValue> ModuleLoader::load(ExecContext& ctx, const std::vector<Symbol>& path,
                                                const Span& span) {
  const std::string name = dotted_name(path);
  if (is_std(path) && path.size() == 1) {
    ctx.fail(span, "'std' is a package; import one of its modules, e.g. 'import std.data'");
  }
  const std::string file = resolve(path, span);
  if (file.empty()) {
    std::string msg = "no module named '" + name + "'";
    if (is_std(path)) msg += did_you_mean(name, stdlib_modules());
    Diagnostic d = ctx.diagnostic(span, msg);
    std::string where;
    for (const std::string& dir : search_dirs(path, span)) where += "\n    " + dir;
    d.notes.push_back(Diagnostic{
        Severity::Note, "looked for '" + relative_file(path) + "' in:" + where, {}, {}, {}, {}});
    throw Error(std::move(d));
  }

  std::lock_guard<std::recursive_mutex> lock(mutex_);
  if (auto it = cache_.find(file); it != cache_.end()) return it->second;
  if (std::find(loading_.begin(), loading_.end(), file) != loading_.end()) {
    std::string chain;
    for (const std::string& f : loading_) chain += fs::path(f).filename().string() + " -> ";
    ctx.fail(span, "import cycle: " + chain + fs::path(file).filename().string());
  }
  auto text = interp_.config.read_file(file);
  if (!text) ctx.fail(span, "cannot read module file " + file);

  loading_.push_back(file);
  struct PopOnExit {
    std::vector<std::string>& v;
    ~PopOnExit() { v.pop_back(); }
  } pop{loading_};

  const std::uint32_t id = interp_.sources.add(file, std::move(*text));
  auto env = std::make_shared<Env>(interp_.builtins, ctx.task);
  Result r = interp_.run_source(id, env, false);
  if (!r.ok) {
    Diagnostic note = ctx.diagnostic(span, "in module '" + name + "' imported here");
    note.severity = Severity::Note;
    r.diagnostics.push_back(std::move(note));
    throw ErrorList(std::move(r.diagnostics));
  }
  Record members;
  for (const auto& [sym, value] : env->bindings()) {
    const std::string& n = symbol_name(sym);
    if (!n.empty() && n[0] != '_') members.set(n, value);
  }
  auto module = std::make_shared<ModuleValue>(name, std::move(members), file);
  cache_[file] = module;
  return module;
}

namespace {

// Binds `a.b.c` -> module as nested namespaces, merging with namespaces already bound.
Value nest(const Value* existing, const std::vector<Symbol>& path, std::size_t i,
           const std::shared_ptr<ModuleValue>& module) {
  if (i + 1 == path.size()) return module;
  const std::string prefix = [&] {
    std::string s;
    for (std::size_t k = 0; k <= i; ++k) s += (k ? "." : "") + symbol_name(path[k]);
    return s;
  }();
  Record members;
  if (existing) {
    if (auto ns = existing->object_as<ModuleValue>()) members = ns->members();
  }
  const std::string child = symbol_name(path[i + 1]);
  members.set(child, nest(members.find(child), path, i + 1, module));
  return std::make_shared<ModuleValue>(prefix, std::move(members));
}

}  // namespace

void ModuleLoader::import(ExecContext& ctx, const ast::ImportStmt& stmt, const EnvPtr& env) {
  auto module = load(ctx, stmt.path, stmt.path_span);
  if (stmt.alias != kNoSymbol) {
    env->define(stmt.alias, module);
    return;
  }
  const Symbol root = stmt.path[0];
  env->define(root, nest(env->local(root), stmt.path, 0, module));
}

void ModuleLoader::from_import(ExecContext& ctx, const ast::FromImportStmt& stmt,
                               const EnvPtr& env) {
  auto module = load(ctx, stmt.path, stmt.path_span);
  for (const auto& [name, span] : stmt.names) {
    const std::string& n = symbol_name(name);
    const Value* v = module->members().find(n);
    if (!v) {
      ctx.fail(span, "module '" + module->name() + "' has no '" + n + "'" +
                         did_you_mean(n, module->field_names()));
    }
    env->define(name, *v);
  }
}

}  // namespace ael::eval
