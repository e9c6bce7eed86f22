#include "check/checker.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "ael/closest_name.hpp"
#include "eval/functions.hpp"
#include "eval/interpreter_impl.hpp"
#include "eval/modules.hpp"
#include "syntax/parse.hpp"
#include "util/stack_guard.hpp"

namespace ael::check {
namespace {

using namespace ast;

// What the checker knows about a name.
struct Binding {
  const FunctionDecl* function = nullptr;                 // declared with `fn` (signature known)
  const ModelDecl* model = nullptr;                       // declared with `model` (endpoints known)
  std::shared_ptr<std::set<std::string>> module_members;  // bound by an import
  std::map<std::string, std::shared_ptr<Binding>> namespace_members;  // `std` of `import std.x`
};

struct Scope {
  Scope* parent = nullptr;
  std::map<Symbol, std::shared_ptr<Binding>> names;
  bool is_function = false;
  bool is_loop = false;
  bool is_model = false;  // `name = expr` declares an endpoint here
};

class Checker {
 public:
  Checker(Interpreter::Impl& interp, const eval::Env& root) : interp_(interp), root_(root) {}

  std::vector<Diagnostic> run(const Program& program) {
    Scope top;
    try {
      block_in(program.body, top);
      drain_deferred();
    } catch (const StackExhausted&) {
      error(program.body.span, "program is nested too deeply to check");
    }
    // Function and model bodies are checked after their block: report in source order.
    std::stable_sort(problems_.begin(), problems_.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                       return std::make_pair(a.location.line, a.location.column) <
                              std::make_pair(b.location.line, b.location.column);
                     });
    return std::move(problems_);
  }

 private:
  // ---------------------------------------------------------------- reporting

  void error(const Span& span, std::string message) {
    if (problems_.size() >= 50) return;
    problems_.push_back(interp_.sources.make(Severity::Error, span, std::move(message)));
  }

  // ---------------------------------------------------------------- scopes

  const Binding* find(const Scope& scope, Symbol name, bool* found) const {
    for (const Scope* s = &scope; s; s = s->parent) {
      auto it = s->names.find(name);
      if (it != s->names.end()) {
        *found = true;
        return it->second.get();
      }
    }
    *found = root_.lookup(name) != nullptr;
    return nullptr;
  }

  std::vector<std::string> visible(const Scope& scope) const {
    std::vector<std::string> names;
    for (const Scope* s = &scope; s; s = s->parent) {
      for (const auto& [sym, b] : s->names) names.push_back(symbol_name(sym));
    }
    std::vector<Symbol> root_names;
    root_.visible_names(root_names);
    for (Symbol sym : root_names) names.push_back(symbol_name(sym));
    return names;
  }

  void declare(Scope& scope, Symbol name, std::shared_ptr<Binding> binding = nullptr) {
    scope.names[name] = binding ? std::move(binding) : std::make_shared<Binding>();
  }

  void declare_pattern(Scope& scope, const Pattern& p) {
    if (!p.is_list) {
      declare(scope, p.name);
      return;
    }
    for (const Pattern& e : p.elements) declare_pattern(scope, e);
  }

  bool inside(const Scope& scope, bool Scope::*flag, bool stop_at_function) const {
    for (const Scope* s = &scope; s; s = s->parent) {
      if (s->*flag) return true;
      if (stop_at_function && s->is_function) return false;
    }
    return false;
  }

  // Bodies of functions and models run later, so they may use names declared after them
  // in the same block: check them once the enclosing block is complete.
  void defer(std::function<void()> task) { deferred_.push_back(std::move(task)); }

  void drain_deferred() {
    while (!deferred_.empty()) {
      auto task = std::move(deferred_.front());
      deferred_.erase(deferred_.begin());
      task();
    }
  }

  // ---------------------------------------------------------------- statements

  void block_in(const Block& block, Scope& scope) {
    for (const StmtPtr& s : block.stmts) stmt(*s, scope);
  }

  void child_block(const Block& block, Scope& parent, bool loop = false) {
    auto scope = std::make_shared<Scope>();
    scope->parent = &parent;
    scope->is_loop = loop;
    block_in(block, *scope);
    keep_.push_back(scope);
  }

  void function_body(const FunctionDecl& decl, Scope& parent) {
    auto scope = std::make_shared<Scope>();
    scope->parent = &parent;
    scope->is_function = true;
    keep_.push_back(scope);
    defer([this, &decl, scope] {
      for (const ast::Param& p : decl.params) {
        if (p.default_value) expr(*p.default_value, *scope);
        declare(*scope, p.name);
      }
      if (decl.expr_body) expr(*decl.expr_body, *scope);
      if (decl.body) block_in(*decl.body, *scope);
    });
  }

  void model_body(const ModelDecl& decl, Scope& parent) {
    auto scope = std::make_shared<Scope>();
    scope->parent = &parent;
    scope->is_model = true;
    keep_.push_back(scope);
    defer([this, &decl, scope] {
      for (const ast::Param& p : decl.params) {
        if (p.annotation) expr(*p.annotation, *scope);
        if (p.default_value) expr(*p.default_value, *scope);
        declare(*scope, p.name);
      }
      block_in(decl.body, *scope);
    });
  }

  void stmt(const Stmt& s, Scope& scope) {
    StackGuard::check();
    switch (s.kind) {
      case StmtKind::Expr:
        expr(*static_cast<const ExprStmt&>(s).expr, scope);
        break;
      case StmtKind::Let: {
        const auto& l = static_cast<const LetStmt&>(s);
        expr(*l.value, scope);
        declare_pattern(scope, l.pattern);
        break;
      }
      case StmtKind::Fn: {
        const auto& f = static_cast<const FnStmt&>(s);
        auto b = std::make_shared<Binding>();
        b->function = f.decl.get();
        declare(scope, f.decl->name, b);
        function_body(*f.decl, scope);
        break;
      }
      case StmtKind::Model: {
        const auto& m = static_cast<const ModelStmt&>(s);
        auto b = std::make_shared<Binding>();
        b->model = m.decl.get();
        declare(scope, m.decl->name, b);
        model_body(*m.decl, scope);
        break;
      }
      case StmtKind::Import:
        import(static_cast<const ImportStmt&>(s), scope);
        break;
      case StmtKind::FromImport:
        from_import(static_cast<const FromImportStmt&>(s), scope);
        break;
      case StmtKind::For: {
        const auto& f = static_cast<const ForStmt&>(s);
        expr(*f.iterable, scope);
        auto body = std::make_shared<Scope>();
        body->parent = &scope;
        body->is_loop = true;
        keep_.push_back(body);
        for (const Pattern& p : f.targets) declare_pattern(*body, p);
        block_in(f.body, *body);
        break;
      }
      case StmtKind::While: {
        const auto& w = static_cast<const WhileStmt&>(s);
        expr(*w.condition, scope);
        child_block(w.body, scope, true);
        break;
      }
      case StmtKind::Return: {
        const auto& r = static_cast<const ReturnStmt&>(s);
        if (!inside(scope, &Scope::is_function, false)) error(s.span, "return outside a function");
        if (r.value) expr(*r.value, scope);
        break;
      }
      case StmtKind::Break:
      case StmtKind::Continue:
        if (!inside(scope, &Scope::is_loop, true)) {
          error(s.span,
                std::string(s.kind == StmtKind::Break ? "break" : "continue") + " outside a loop");
        }
        break;
      case StmtKind::Assign:
        assign(static_cast<const AssignStmt&>(s), scope);
        break;
    }
  }

  void assign(const AssignStmt& a, Scope& scope) {
    expr(*a.value, scope);
    bool found = false;
    find(scope, a.name, &found);
    if (found) return;
    if (scope.is_model && a.op == AssignOp::Set) {
      declare(scope, a.name);  // a model endpoint
      return;
    }
    const std::string& n = symbol_name(a.name);
    error(a.name_span, "assignment to undeclared name '" + n + "' (declare it with let)" +
                           did_you_mean(n, visible(scope)));
  }

  // ---------------------------------------------------------------- modules

  std::shared_ptr<std::set<std::string>> module_exports(const std::vector<Symbol>& path,
                                                        const Span& span) {
    const std::string file = interp_.modules->resolve(path, span);
    if (path.size() == 1 && symbol_name(path[0]) == "std") {
      error(span, "'std' is a package; import one of its modules, e.g. 'import std.data'");
      return nullptr;
    }
    if (file.empty()) {
      const std::string name = eval::dotted_name(path);
      std::string msg = "no module named '" + name + "'";
      if (symbol_name(path[0]) == "std") {
        msg += did_you_mean(name, interp_.modules->stdlib_modules());
      }
      error(span, msg);
      if (!problems_.empty() && problems_.back().message == msg) {
        // Say where it looked, as the loader does: the fix is usually a path.
        std::string where;
        for (const std::string& dir : interp_.modules->search_dirs(path, span)) {
          where += "\n    " + dir;
        }
        Diagnostic note;
        note.severity = Severity::Note;
        note.message = "looked for '" + interp_.modules->relative_file(path) + "' in:" + where;
        problems_.back().notes.push_back(std::move(note));
      }
      return nullptr;
    }
    auto text = interp_.config.read_file(file);
    if (!text) return nullptr;
    SourceManager scratch;
    const std::uint32_t id = scratch.add(file, std::move(*text));
    syntax::ParseOutput parsed = syntax::parse_program(scratch, id);
    if (!parsed.ok()) return nullptr;  // reported when the import runs
    auto names = std::make_shared<std::set<std::string>>();
    for (const StmtPtr& s : parsed.program->body.stmts) collect_exports(*s, *names);
    return names;
  }

  static void collect_exports(const Stmt& s, std::set<std::string>& names) {
    auto add = [&](Symbol sym) {
      const std::string& n = symbol_name(sym);
      if (!n.empty() && n[0] != '_') names.insert(n);
    };
    std::function<void(const Pattern&)> add_pattern = [&](const Pattern& p) {
      if (!p.is_list) add(p.name);
      for (const Pattern& e : p.elements) add_pattern(e);
    };
    switch (s.kind) {
      case StmtKind::Let:
        add_pattern(static_cast<const LetStmt&>(s).pattern);
        break;
      case StmtKind::Fn:
        add(static_cast<const FnStmt&>(s).decl->name);
        break;
      case StmtKind::Model:
        add(static_cast<const ModelStmt&>(s).decl->name);
        break;
      case StmtKind::Import: {
        const auto& i = static_cast<const ImportStmt&>(s);
        add(i.alias != kNoSymbol ? i.alias : i.path[0]);
        break;
      }
      case StmtKind::FromImport:
        for (const auto& n : static_cast<const FromImportStmt&>(s).names) add(n.first);
        break;
      default:
        break;
    }
  }

  void import(const ImportStmt& i, Scope& scope) {
    auto members = module_exports(i.path, i.path_span);
    auto module = std::make_shared<Binding>();
    module->module_members = members;
    if (i.alias != kNoSymbol) {
      declare(scope, i.alias, module);
      return;
    }
    // `import a.b.c` binds `a` as nested namespaces, merged with earlier imports.
    auto it = scope.names.find(i.path[0]);
    std::shared_ptr<Binding> root =
        (it != scope.names.end() && !it->second->function && !it->second->model) ? it->second
                                                                                 : nullptr;
    if (!root) root = std::make_shared<Binding>();
    Binding* at = root.get();
    for (std::size_t k = 1; k < i.path.size(); ++k) {
      auto& slot = at->namespace_members[symbol_name(i.path[k])];
      if (k + 1 == i.path.size()) {
        slot = module;
      } else if (!slot) {
        slot = std::make_shared<Binding>();
      }
      at = slot.get();
    }
    if (i.path.size() == 1) root = module;
    declare(scope, i.path[0], root);
  }

  void from_import(const FromImportStmt& f, Scope& scope) {
    auto members = module_exports(f.path, f.path_span);
    for (const auto& [name, span] : f.names) {
      const std::string& n = symbol_name(name);
      if (members && !members->count(n)) {
        std::vector<std::string> all(members->begin(), members->end());
        error(span, "module '" + eval::dotted_name(f.path) + "' has no '" + n + "'" +
                        did_you_mean(n, all));
      }
      declare(scope, name);
    }
  }

  // ---------------------------------------------------------------- expressions

  void expr(const Expr& e, Scope& scope) {
    StackGuard::check();
    switch (e.kind) {
      case ExprKind::Int:
      case ExprKind::Float:
      case ExprKind::Bool:
      case ExprKind::None:
        break;
      case ExprKind::String:
        for (const auto& part : static_cast<const StringLit&>(e).parts) {
          if (part.expr) expr(*part.expr, scope);
        }
        break;
      case ExprKind::Name:
        name(static_cast<const NameRef&>(e), scope);
        break;
      case ExprKind::List:
        for (const ExprPtr& item : static_cast<const ListLit&>(e).items) expr(*item, scope);
        break;
      case ExprKind::Comprehension: {
        const auto& c = static_cast<const Comprehension&>(e);
        expr(*c.iterable, scope);
        auto inner = std::make_shared<Scope>();
        inner->parent = &scope;
        keep_.push_back(inner);
        for (const Pattern& p : c.targets) declare_pattern(*inner, p);
        if (c.condition) expr(*c.condition, *inner);
        expr(*c.element, *inner);
        break;
      }
      case ExprKind::Record:
        for (const auto& f : static_cast<const RecordLit&>(e).fields) expr(*f.value, scope);
        break;
      case ExprKind::Call:
        call(static_cast<const Call&>(e), scope, 0);
        break;
      case ExprKind::Index: {
        const auto& i = static_cast<const Index&>(e);
        expr(*i.target, scope);
        for (const IndexItem& item : i.items) {
          if (item.value) expr(*item.value, scope);
          if (item.end) expr(*item.end, scope);
        }
        break;
      }
      case ExprKind::Field:
        field(static_cast<const Field&>(e), scope);
        break;
      case ExprKind::Unary:
        expr(*static_cast<const Unary&>(e).operand, scope);
        break;
      case ExprKind::Binary: {
        const auto& b = static_cast<const Binary&>(e);
        expr(*b.lhs, scope);
        expr(*b.rhs, scope);
        break;
      }
      case ExprKind::Logical: {
        const auto& l = static_cast<const Logical&>(e);
        expr(*l.lhs, scope);
        expr(*l.rhs, scope);
        break;
      }
      case ExprKind::Range: {
        const auto& r = static_cast<const ast::Range&>(e);
        expr(*r.start, scope);
        expr(*r.stop, scope);
        if (r.step) expr(*r.step, scope);
        break;
      }
      case ExprKind::Pipe: {
        const auto& p = static_cast<const Pipe&>(e);
        expr(*p.lhs, scope);
        if (p.rhs->kind == ExprKind::Call)
          call(static_cast<const Call&>(*p.rhs), scope, 1);
        else
          expr(*p.rhs, scope);
        break;
      }
      case ExprKind::Then: {
        const auto& t = static_cast<const Then&>(e);
        expr(*t.lhs, scope);
        expr(*t.rhs, scope);
        break;
      }
      case ExprKind::If: {
        const auto& i = static_cast<const If&>(e);
        expr(*i.condition, scope);
        child_block(i.then_block, scope);
        if (i.else_block) child_block(*i.else_block, scope);
        if (i.else_if) expr(*i.else_if, scope);
        break;
      }
      case ExprKind::Lambda:
        function_body(*static_cast<const Lambda&>(e).decl, scope);
        break;
      case ExprKind::Train:
        train(static_cast<const Train&>(e), scope);
        break;
    }
  }

  void name(const NameRef& n, Scope& scope) {
    bool found = false;
    find(scope, n.name, &found);
    if (found) return;
    const std::string& s = symbol_name(n.name);
    if (is_plugin(n, s)) return;
    std::vector<std::string> candidates = visible(scope);
    for (std::string& plugin : interp_.plugin_names()) candidates.push_back(plugin);
    error(n.span, "unknown name '" + s + "'" + did_you_mean(s, candidates));
  }

  // A name no scope defines may be a plugin (loaded here so a broken one is reported
  // before the script runs).
  bool is_plugin(const NameRef& n, const std::string& s) {
    try {
      return !interp_.plugin_function(s).is_none();
    } catch (const Error& e) {
      error(n.span, e.diagnostic().message);
      return true;
    }
  }

  // Module members are checked when the module is known statically.
  const Binding* static_target(const Expr& e, Scope& scope) {
    if (e.kind == ExprKind::Name) {
      bool found = false;
      return find(scope, static_cast<const NameRef&>(e).name, &found);
    }
    if (e.kind == ExprKind::Field) {
      const auto& f = static_cast<const Field&>(e);
      const Binding* parent = static_target(*f.target, scope);
      if (!parent) return nullptr;
      auto it = parent->namespace_members.find(symbol_name(f.name));
      return it == parent->namespace_members.end() ? nullptr : it->second.get();
    }
    return nullptr;
  }

  void field(const Field& f, Scope& scope) {
    expr(*f.target, scope);
    const Binding* target = static_target(*f.target, scope);
    if (!target) return;
    const std::string& n = symbol_name(f.name);
    if (target->module_members) {
      if (!target->module_members->count(n)) {
        std::vector<std::string> all(target->module_members->begin(),
                                     target->module_members->end());
        error(f.name_span, "module has no '" + n + "'" + did_you_mean(n, all));
      }
    } else if (!target->namespace_members.empty() && !target->namespace_members.count(n)) {
      std::vector<std::string> all;
      for (const auto& [k, v] : target->namespace_members) all.push_back(k);
      error(f.name_span,
            "'" + n + "' is not imported" + did_you_mean(n, all) + " (add an import statement)");
    }
  }

  // Arity and argument names of calls whose callee is known statically.
  void call(const Call& c, Scope& scope, std::size_t piped) {
    expr(*c.callee, scope);
    for (const Arg& a : c.args) expr(*a.value, scope);
    if (c.callee->kind != ExprKind::Name) return;
    const Symbol callee = static_cast<const NameRef&>(*c.callee).name;
    bool found = false;
    const Binding* b = find(scope, callee, &found);
    Signature signature;
    if (b && b->function) {
      for (const ast::Param& p : b->function->params) {
        ael::Param param;
        param.name = symbol_name(p.name);
        if (p.default_value) param.default_value = Value();
        signature.params.push_back(std::move(param));
      }
    } else if (!b && found) {
      const Value* v = root_.lookup(callee);
      auto native = v ? v->object_as<eval::NativeFunction>() : nullptr;
      if (!native) return;
      signature = native->signature();
    } else {
      if (!found) plugin_options(symbol_name(callee), c);
      return;
    }
    check_arguments(symbol_name(callee), signature, c, piped);
  }

  // A plugin call's option names, and the values written as literals, checked against
  // the plugin's schema with the SDK's own messages: `adam(beta: 1)` fails here, not
  // after the training before it.
  void plugin_options(const std::string& plugin, const Call& c) {
    Value v;
    try {
      v = interp_.plugin_function(plugin);
    } catch (const Error&) {
      return;  // is_plugin() has reported why it does not load
    }
    const auto fn = v.object_as<eval::Invocable>();
    const OptionSchema* schema = fn ? fn->option_schema() : nullptr;
    if (!schema) return;
    for (const Arg& a : c.args) {
      if (a.name == kNoSymbol) continue;
      const std::string option = symbol_name(a.name);
      const bool known = schema->find(option) != nullptr;
      if (!known && takes_parameter(fn->signature(), option)) continue;  // a loss's input
      if (const std::string typo = fn->non_schema_typo(option); !typo.empty()) {
        error(a.span, typo);
        continue;
      }
      const std::optional<OptionValue> literal = literal_option(*a.value);
      if (known && !literal) continue;  // computed: validated when it runs
      const OptionValidation result =
          schema->validate({OptionArg{option, literal.value_or(OptionValue{})}}, plugin);
      for (const OptionProblem& problem : result.problems) {
        if (problem.kind == OptionProblem::Kind::Missing) continue;
        if (!known && problem.kind != OptionProblem::Kind::UnknownOption) continue;
        error(a.span, problem.message);
      }
    }
  }

  static bool takes_parameter(const Signature& signature, const std::string& name) {
    for (const ael::Param& p : signature.params)
      if (p.name == name) return true;
    return false;
  }

  // The option value of a literal argument (`0.1`, `-3`, `true`, `"best1"`), if it is one.
  static std::optional<OptionValue> literal_option(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Int:
        return OptionValue{static_cast<const ast::IntLit&>(e).value};
      case ExprKind::Float:
        return OptionValue{static_cast<const ast::FloatLit&>(e).value};
      case ExprKind::Bool:
        return OptionValue{static_cast<const ast::BoolLit&>(e).value};
      case ExprKind::String: {
        const auto& str = static_cast<const ast::StringLit&>(e);
        if (!str.is_plain()) return std::nullopt;
        return OptionValue{str.parts.empty() ? std::string() : str.parts[0].text};
      }
      case ExprKind::Unary: {
        const auto& u = static_cast<const ast::Unary&>(e);
        if (u.op != ast::UnaryOp::Neg) return std::nullopt;
        const std::optional<OptionValue> inner = literal_option(*u.operand);
        if (!inner) return std::nullopt;
        if (const auto* i = std::get_if<std::int64_t>(&*inner)) return OptionValue{-*i};
        if (const auto* d = std::get_if<double>(&*inner)) return OptionValue{-*d};
        return std::nullopt;
      }
      default:
        return std::nullopt;
    }
  }

  void check_arguments(const std::string& fn, const Signature& sig, const Call& c,
                       std::size_t piped) {
    std::size_t positional = piped;
    std::size_t positional_count = piped;
    for (const Arg& a : c.args) positional_count += a.name == kNoSymbol ? 1 : 0;
    std::vector<bool> given(sig.params.size(), false);
    for (std::size_t i = 0; i < piped && i < given.size(); ++i) given[i] = true;
    for (const Arg& a : c.args) {
      if (a.name == kNoSymbol) {
        if (positional < given.size())
          given[positional] = true;
        else if (!sig.variadic) {
          error(a.span, fn + "() takes " + std::to_string(sig.params.size()) + " argument" +
                            (sig.params.size() == 1 ? "" : "s") + " but " +
                            std::to_string(positional_count) + " were given");
          return;
        }
        ++positional;
        continue;
      }
      const std::string& n = symbol_name(a.name);
      std::size_t slot = sig.params.size();
      for (std::size_t i = 0; i < sig.params.size(); ++i) {
        if (sig.params[i].name == n) slot = i;
      }
      if (slot == sig.params.size()) {
        std::vector<std::string> names;
        for (const ael::Param& p : sig.params) names.push_back(p.name);
        error(a.span, fn + "() has no parameter '" + n + "'" + did_you_mean(n, names));
        return;
      }
      if (given[slot]) {
        error(a.span, "argument '" + n + "' of " + fn + "() given twice");
        return;
      }
      given[slot] = true;
    }
    for (std::size_t i = 0; i < sig.params.size(); ++i) {
      if (!given[i] && !sig.params[i].default_value) {
        error(c.span, fn + "() is missing argument '" + sig.params[i].name + "'");
        return;
      }
    }
  }

  // `train M on data { ... }`: settings are checked by name; the loss and metrics may
  // use the model's endpoints, known when M names a model declared in this script.
  void train(const Train& t, Scope& scope) {
    expr(*t.model, scope);
    expr(*t.data, scope);
    const ModelDecl* model = nullptr;
    const Expr* m = t.model.get();
    if (m->kind == ExprKind::Call) m = static_cast<const Call&>(*m).callee.get();
    if (m->kind == ExprKind::Name) {
      bool found = false;
      const Binding* b = find(scope, static_cast<const NameRef&>(*m).name, &found);
      if (b) model = b->model;
    }
    auto inner = std::make_shared<Scope>();
    inner->parent = &scope;
    keep_.push_back(inner);
    if (model) {
      for (const ast::Param& p : model->params) declare(*inner, p.name);
      std::function<void(const Block&)> endpoints = [&](const Block& b) {
        for (const StmtPtr& s : b.stmts) {
          if (s->kind == StmtKind::Assign) declare(*inner, static_cast<const AssignStmt&>(*s).name);
          if (s->kind == StmtKind::Let)
            declare_pattern(*inner, static_cast<const LetStmt&>(*s).pattern);
        }
      };
      endpoints(model->body);
    }
    const auto& settings = train_setting_names();
    for (const Train::Item& item : t.items) {
      if (item.group) {
        if (model) expr(*item.group, *inner);
        expr(*item.value, scope);
        continue;
      }
      const std::string& key = symbol_name(item.key);
      if (std::find(settings.begin(), settings.end(), key) == settings.end()) {
        error(item.key_span, "unknown train setting '" + key + "'" + train_setting_hint(key));
      }
      const bool uses_endpoints = key == "loss" || key == "metrics" || key == "validation_loss";
      if (!uses_endpoints)
        expr(*item.value, scope);
      else if (model)
        expr(*item.value, *inner);
    }
  }

  Interpreter::Impl& interp_;
  const eval::Env& root_;
  std::vector<Diagnostic> problems_;
  std::vector<std::function<void()>> deferred_;
  std::vector<std::shared_ptr<Scope>> keep_;
};

}  // namespace

std::vector<Diagnostic> check_program(Interpreter::Impl& interp, const ast::Program& program,
                                      const eval::Env& scope) {
  return Checker(interp, scope).run(program);
}

}  // namespace ael::check
