#include "eval/interpreter_impl.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bindings/loss_functions.hpp"
#include "bindings/plugin_value.hpp"
#include "check/checker.hpp"
#include "eval/builtins/builtins.hpp"
#include "eval/errors.hpp"
#include "eval/evaluator.hpp"
#include "eval/modules.hpp"
#include "plugins/registry.hpp"
#include "syntax/parse.hpp"
#include "train/sgd.hpp"
#include "util/stack_guard.hpp"
#include "util/thread_pool.hpp"

namespace ael {
namespace fs = std::filesystem;

namespace {

EngineConfig with_defaults(EngineConfig c) {
  if (!c.write) {
    c.write = [](std::string_view s) {
      std::cout << s;
      std::cout.flush();
    };
  }
  if (!c.warn) c.warn = [](const Diagnostic& d) { std::cerr << d.render(); };
  if (!c.read_file) {
    c.read_file = [](const std::string& path) -> std::optional<std::string> {
      std::error_code ec;
      if (!fs::is_regular_file(path, ec)) return std::nullopt;
      std::ifstream in(path, std::ios::binary);
      if (!in) return std::nullopt;
      std::ostringstream s;
      s << in.rdbuf();
      return s.str();
    };
  }
  return c;
}

}  // namespace

Interpreter::Impl::Impl(Interpreter& self_ref, EngineConfig cfg)
    : self(self_ref), config(with_defaults(std::move(cfg))) {
  // EngineConfig::threads (`ael run --threads N`) sizes the process-wide pool; it takes
  // effect when the pool has not been used yet (the pool is created on first use).
  if (config.threads > 0) ThreadPool::set_global_threads(static_cast<unsigned>(config.threads));
  builtins = std::make_shared<eval::Env>(nullptr, 0);
  eval::BuiltinTable table(*this, *builtins);
  eval::register_all_builtins(table);
  globals = std::make_shared<eval::Env>(builtins, 0);
  modules = std::make_unique<eval::ModuleLoader>(*this);
  plugins::RegistryConfig registry_config;
  registry_config.extra_dirs = config.plugin_path;
  plugins = std::make_unique<plugins::PluginRegistry>(registry_config);
  train::register_sgd(*plugins);
}

Value Interpreter::Impl::plugin_function(const std::string& name) {
  auto handle = plugins->find(name);
  if (handle && handle->manifest().family != PluginFamily::Loss) {
    return bindings::plugin_function(std::move(handle));
  }
  return bindings::loss_function(*plugins, name);
}

std::vector<std::string> Interpreter::Impl::plugin_names() const { return plugins->known_names(); }

Interpreter::Impl::~Impl() {
  // Closures and the scopes they capture reference each other; clear every captured
  // scope so those cycles are freed with the interpreter.
  std::vector<eval::EnvPtr> alive;
  for (auto& weak : captured_) {
    if (auto env = weak.lock()) alive.push_back(std::move(env));
  }
  for (auto& env : alive) env->clear();
  if (globals) globals->clear();
  if (builtins) builtins->clear();
}

const ast::Program& Interpreter::Impl::keep(std::unique_ptr<ast::Program> program) {
  std::lock_guard<std::mutex> lock(programs_mutex_);
  programs_.push_back(std::move(program));
  return *programs_.back();
}

void Interpreter::Impl::write(std::string_view text) {
  std::lock_guard<std::mutex> lock(output_mutex_);
  config.write(text);
}

void Interpreter::Impl::warn(const Diagnostic& d) {
  std::lock_guard<std::mutex> lock(output_mutex_);
  config.warn(d);
}

void Interpreter::Impl::track_capture(const eval::EnvPtr& env) {
  if (!env || env->captured) return;
  std::lock_guard<std::mutex> lock(capture_mutex_);
  if (env->captured) return;
  env->captured = true;
  captured_.push_back(env);
  if (captured_.size() >= captured_compact_at_) {
    captured_.erase(std::remove_if(captured_.begin(), captured_.end(),
                                   [](const std::weak_ptr<eval::Env>& w) { return w.expired(); }),
                    captured_.end());
    captured_compact_at_ = std::max<std::size_t>(64, captured_.size() * 2);
  }
}

std::string Interpreter::Impl::directory_of(const Span& span) const {
  const std::string& name = sources.file(span.file).name();
  if (name.empty() || name[0] == '<') return fs::current_path().string();
  const fs::path parent = fs::path(name).parent_path();
  return parent.empty() ? fs::current_path().string() : parent.string();
}

Result Interpreter::Impl::run_source(std::uint32_t file, const eval::EnvPtr& env, bool check_only) {
  Result result;
  syntax::ParseOutput parsed = syntax::parse_program(sources, file);
  if (!parsed.ok()) {
    result.ok = false;
    result.diagnostics = std::move(parsed.diagnostics);
    return result;
  }
  const ast::Program& program = keep(std::move(parsed.program));
  std::vector<Diagnostic> problems = check::check_program(*this, program, *env);
  if (!problems.empty()) {
    result.ok = false;
    result.diagnostics = std::move(problems);
    return result;
  }
  if (check_only) return result;

  eval::ExecContext* outer = eval::current_context();
  eval::ExecContext ctx(self, outer ? outer->task : 0,
                        outer ? outer->child_path(0x6d0d01eULL) : entry_path());
  if (outer) {
    ctx.frames = outer->frames;
    ctx.depth = outer->depth;
  }
  eval::ContextScope scope(ctx);
  try {
    Value last;
    const eval::Flow flow = eval::exec_block(ctx, program.body, env, &last);
    if (flow == eval::Flow::Return) last = std::move(ctx.return_value);
    result.value = std::move(last);
  } catch (const Error& e) {
    result.ok = false;
    result.diagnostics.push_back(e.diagnostic());
  } catch (const eval::ErrorList& e) {
    result.ok = false;
    result.diagnostics = e.diagnostics;
  } catch (const StackExhausted&) {
    result.ok = false;
    result.diagnostics.push_back(
        ctx.diagnostic(Span{}, "stack overflow: recursion or nesting too deep"));
  }
  return result;
}

}  // namespace ael
