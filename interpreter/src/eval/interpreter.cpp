// The public embedding API (ael/ael.hpp) on top of Interpreter::Impl.
#include <fmt/format.h>

#include <algorithm>

#include "ael/ael.hpp"
#include "check/checker.hpp"
#include "eval/errors.hpp"
#include "eval/evaluator.hpp"
#include "eval/functions.hpp"
#include "eval/interpreter_impl.hpp"
#include "eval/reference.hpp"
#include "eval/type_info.hpp"
#include "plugins/listing.hpp"
#include "plugins/registry.hpp"
#include "syntax/parse.hpp"
#include "syntax/token_filter.hpp"
#include "train/sgd.hpp"
#include "util/interrupt.hpp"
#include "util/sanitizer.hpp"
#include "util/stack_guard.hpp"

namespace ael {

namespace {

// Scripts run on a thread with a large stack so deep (but legitimate) recursion works;
// the stack guard still turns runaway recursion into an error.
#ifdef AEL_ADDRESS_SANITIZER
// AddressSanitizer does not clean up a stack larger than 64 MiB when an exception is
// thrown (it skips the unpoisoning and then reports false stack-buffer-overflows, see
// google/sanitizers#189), so sanitizer builds use a smaller one.
constexpr std::size_t kScriptStack = std::size_t{60} << 20;
#else
constexpr std::size_t kScriptStack = std::size_t{512} << 20;
#endif

Diagnostic unlocated(std::string message) {
  Diagnostic d;
  d.message = std::move(message);
  return d;
}

template <class F>
Result on_big_stack(F&& f) {
  Result result;
  struct Call {
    F* f;
    Result* out;
  } call{&f, &result};
  take_honoured_interrupt();  // forget a request an earlier run honoured
  run_with_large_stack(
      kScriptStack,
      [](void* p) {
        auto* c = static_cast<Call*>(p);
        // Statements and calls locate their failures; what escapes them (parsing or
        // checking a script too big for memory) still becomes a diagnostic, not an abort.
        try {
          *c->out = (*c->f)();
        } catch (const Error& e) {
          c->out->ok = false;
          c->out->diagnostics.push_back(e.diagnostic());
        } catch (const eval::ErrorList& e) {
          c->out->ok = false;
          c->out->diagnostics = e.diagnostics;
        } catch (const std::bad_alloc&) {
          c->out->ok = false;
          c->out->diagnostics.push_back(unlocated("out of memory"));
        } catch (const std::exception& e) {
          c->out->ok = false;
          c->out->diagnostics.push_back(unlocated(e.what()));
        }
      },
      &call);
  const bool honoured = take_honoured_interrupt();
  result.interrupted = honoured && !result.ok;
  return result;
}

Result failure(Diagnostic d) {
  Result r;
  r.ok = false;
  r.diagnostics.push_back(std::move(d));
  return r;
}

Diagnostic usage_problem(std::string message) { return unlocated(std::move(message)); }

}  // namespace

Interpreter::Interpreter(EngineConfig config)
    : impl_(std::make_unique<Impl>(*this, std::move(config))) {}

// A script's syntax tree can be as deep as the parser's large stack allows (a 100,000-term
// `^` chain, a long `else if` chain); freeing it recurses as deep, so it is freed there
// too, not on the host's (often 8 MB) stack.
Interpreter::~Interpreter() {
  run_with_large_stack(
      kScriptStack, [](void* p) { static_cast<std::unique_ptr<Impl>*>(p)->reset(); }, &impl_);
}

const EngineConfig& Interpreter::config() const { return impl_->config; }

std::string Interpreter::reference() { return eval::reference_markdown(*impl_); }

std::string Interpreter::help(std::string_view name) {
  return eval::help_text(*impl_, std::string(name));
}

std::vector<std::string> Interpreter::help_names() {
  std::vector<std::string> names;
  for (const auto& entry : impl_->builtin_sections) names.push_back(entry.first);
  for (const std::string& plugin : impl_->plugin_names()) names.push_back(plugin);
  return names;
}

std::vector<std::string> keywords() { return syntax::keyword_names(); }

std::string plugin_listing(const EngineConfig& config, std::string_view name) {
  plugins::RegistryConfig registry_config;
  registry_config.extra_dirs = config.plugin_path;
  plugins::PluginRegistry registry(registry_config);
  train::register_sgd(registry);
  return name.empty() ? plugins::plugin_listing(registry) : plugins::plugin_details(registry, name);
}

namespace {

std::string given_arguments(const EngineConfig& config) {
  std::string list;
  for (const auto& [name, value] : config.arguments)
    list += (list.empty() ? "" : " ") + name + "=" + value;
  return list;
}

// Script arguments nobody reads would leave the user believing they took effect. A
// script whose text never mentions arguments() is refused before it runs; one that
// mentions it and still never called it (a branch not taken) fails when it ends.
std::optional<Diagnostic> unread_arguments_before(const EngineConfig& config,
                                                  std::string_view text) {
  if (config.arguments.empty() || text.find("arguments") != std::string_view::npos) return {};
  return usage_problem("the script takes no arguments (it never calls arguments({...})); got " +
                       given_arguments(config));
}

// The checks apply to the interpreter's first run, the script the arguments are for; a
// host's later run_string calls (reading results) need not read them again.
Result run_with_arguments(Interpreter::Impl& impl, std::uint32_t id) {
  const bool main_script = !impl.ran_once;
  impl.ran_once = true;
  if (!main_script) return on_big_stack([&] { return impl.run_source(id, impl.globals, false); });
  if (auto d = unread_arguments_before(impl.config, impl.sources.file(id).text()))
    return failure(std::move(*d));
  Result r = on_big_stack([&] { return impl.run_source(id, impl.globals, false); });
  if (r.ok && !impl.config.arguments.empty() && !impl.arguments_read) {
    return failure(usage_problem("the script ended without reading its arguments (" +
                                 given_arguments(impl.config) + "): call arguments({...})"));
  }
  return r;
}

}  // namespace

Result Interpreter::run_file(const std::string& path) {
  auto text = impl_->config.read_file(path);
  if (!text) return failure(usage_problem("cannot open script '" + path + "'"));
  return run_with_arguments(*impl_, impl_->sources.add(path, std::move(*text)));
}

Result Interpreter::run_string(std::string_view source, const std::string& name) {
  return run_with_arguments(*impl_, impl_->sources.add(name, std::string(source)));
}

Result Interpreter::check_file(const std::string& path) {
  auto text = impl_->config.read_file(path);
  if (!text) return failure(usage_problem("cannot open script '" + path + "'"));
  const std::uint32_t id = impl_->sources.add(path, std::move(*text));
  return on_big_stack([&] { return impl_->run_source(id, impl_->globals, true); });
}

Result Interpreter::check_string(std::string_view source, const std::string& name) {
  const std::uint32_t id = impl_->sources.add(name, std::string(source));
  return on_big_stack([&] { return impl_->run_source(id, impl_->globals, true); });
}

bool Interpreter::is_incomplete(std::string_view source) const {
  SourceManager scratch;
  const std::uint32_t id = scratch.add("<repl>", std::string(source));
  syntax::ParseOutput out = syntax::parse_program(scratch, id);
  return !out.ok() && out.incomplete;
}

namespace {

// Evaluates a single expression entry (REPL) in the global scope.
Result eval_expression(Interpreter::Impl& impl, std::uint32_t id, ast::ExprPtr expr_owned) {
  Result result;
  auto program = std::make_unique<ast::Program>();
  program->file = id;
  auto stmt = std::make_unique<ast::ExprStmt>();
  stmt->span = expr_owned->span;
  stmt->expr = std::move(expr_owned);
  program->body.stmts.push_back(std::move(stmt));
  const ast::Program& kept = impl.keep(std::move(program));
  std::vector<Diagnostic> problems = check::check_program(impl, kept, *impl.globals);
  if (!problems.empty()) {
    result.ok = false;
    result.diagnostics = std::move(problems);
    return result;
  }
  eval::ExecContext ctx(impl.self, 0, impl.entry_path());
  eval::ContextScope scope(ctx);
  try {
    Value last;
    eval::exec_block(ctx, kept.body, impl.globals, &last);
    result.value = std::move(last);
  } catch (const Error& e) {
    result.ok = false;
    result.diagnostics.push_back(e.diagnostic());
  } catch (const eval::ErrorList& e) {
    result.ok = false;
    result.diagnostics = e.diagnostics;
  } catch (const StackExhausted&) {
    result.ok = false;
    result.diagnostics.push_back(ctx.diagnostic(Span{}, "stack overflow"));
  }
  return result;
}

}  // namespace

Result Interpreter::eval_repl(std::string_view source, const std::string& name, int first_line) {
  const std::uint32_t id = impl_->sources.add(name, std::string(source),
                                              static_cast<std::uint32_t>(std::max(1, first_line)));
  return on_big_stack([&]() -> Result {
    // Lua's recipe: try the entry as an expression (its value is shown), then as statements.
    syntax::ParseOutput as_expr = syntax::parse_expression(impl_->sources, id);
    if (as_expr.ok() && as_expr.expression) {
      return eval_expression(*impl_, id, std::move(as_expr.expression));
    }
    return impl_->run_source(id, impl_->globals, false);
  });
}

Result Interpreter::type_of(std::string_view expression) {
  const std::uint32_t id = impl_->sources.add("<repl>", std::string(expression));
  return on_big_stack([&]() -> Result {
    syntax::ParseOutput parsed = syntax::parse_expression(impl_->sources, id);
    if (!parsed.ok() || !parsed.expression) {
      Result r;
      r.ok = false;
      r.diagnostics = std::move(parsed.diagnostics);
      return r;
    }
    // A bare name is looked up without evaluating anything; other expressions are
    // evaluated (the only way to know their type in a dynamic language).
    Value value;
    if (parsed.expression->kind == ast::ExprKind::Name) {
      const auto& n = static_cast<const ast::NameRef&>(*parsed.expression);
      const Value* v = impl_->globals->lookup(n.name);
      if (!v) {
        return eval_expression(*impl_, id, std::move(parsed.expression));  // reports it
      }
      value = *v;
    } else {
      Result r = eval_expression(*impl_, id, std::move(parsed.expression));
      if (!r.ok) return r;
      value = r.value;
    }
    Result r;
    r.value = eval::describe_type(value);
    return r;
  });
}

std::optional<Value> Interpreter::global(std::string_view name) const {
  if (const Value* v = impl_->globals->lookup(intern(name))) return *v;
  return std::nullopt;
}

void Interpreter::set_global(const std::string& name, Value value) {
  impl_->globals->define(intern(name), std::move(value));
}

std::vector<std::string> Interpreter::global_names() const {
  std::vector<std::string> names;
  for (const auto& [sym, value] : impl_->globals->bindings()) names.push_back(symbol_name(sym));
  return names;
}

void Interpreter::define(const std::string& name, Signature signature, NativeFn fn,
                         const std::string& doc) {
  impl_->builtins->define(intern(name), std::make_shared<eval::NativeFunction>(
                                            name, std::move(signature), std::move(fn), doc));
}

Result Interpreter::call(const Value& function, const std::vector<Value>& args) {
  return on_big_stack([&]() -> Result {
    Result result;
    eval::ExecContext ctx(*this, 0, impl_->entry_path());
    eval::ContextScope scope(ctx);
    try {
      result.value = eval::call_value(ctx, function, args, Span{});
    } catch (const Error& e) {
      result.ok = false;
      result.diagnostics.push_back(e.diagnostic());
    } catch (const eval::ErrorList& e) {
      result.ok = false;
      result.diagnostics = e.diagnostics;
    }
    return result;
  });
}

}  // namespace ael
