#include "eval/evaluator.hpp"

#include <fmt/format.h>

#include <exception>

#include "ael/closest_name.hpp"
#include "eval/constructs.hpp"
#include "eval/errors.hpp"
#include "eval/format_limits.hpp"
#include "eval/functions.hpp"
#include "eval/interpreter_impl.hpp"
#include "eval/modules.hpp"
#include "eval/operators.hpp"
#include "eval/sequence.hpp"
#include "util/interrupt.hpp"
#include "util/memory_budget.hpp"
#include "util/stack_guard.hpp"
#include "util/thread_pool.hpp"

namespace ael::eval {

using namespace ast;

namespace {

// ------------------------------------------------------------------ helpers

// "a list", "an int": type names in messages read as English.
std::string a_type(const Value& v) {
  const std::string t = v.type_name();
  const bool vowel = !t.empty() && std::string("aeiouAEIOU").find(t[0]) != std::string::npos;
  return (vowel ? "an " : "a ") + t;
}

std::vector<std::string> visible_names(const Env& env) {
  std::vector<Symbol> symbols;
  env.visible_names(symbols);
  std::vector<std::string> names;
  names.reserve(symbols.size());
  for (Symbol s : symbols) names.push_back(symbol_name(s));
  return names;
}

[[noreturn]] void unknown_name(ExecContext& ctx, Symbol name, const Env& env, const Span& span) {
  const std::string& n = symbol_name(name);
  ctx.fail(span, "unknown name '" + n + "'" + did_you_mean(n, visible_names(env)));
}

std::string format_value(ExecContext& ctx, const Value& v, const std::string& spec,
                         const Span& span) {
  if (spec.empty()) return v.str();
  const std::string pattern = "{:" + spec + "}";
  if (const std::string why = oversized_format_field(pattern); !why.empty())
    ctx.fail(span, "bad format spec '" + spec + "': " + why);
  try {
    const char type = spec.back();
    if (type == '%' && v.is_number()) {
      // Percent (Python's `%` type, which fmt lacks): x * 100 in fixed notation, then '%'.
      const std::string fixed = "{:" + spec.substr(0, spec.size() - 1) + "f}%";
      return fmt::format(fmt::runtime(fixed), v.as_number() * 100.0);
    }
    const bool float_spec = std::string("eEfFgG%").find(type) != std::string::npos;
    if (v.is_int() && !float_spec) return fmt::format(fmt::runtime(pattern), v.as_int());
    if (v.is_number()) return fmt::format(fmt::runtime(pattern), v.as_number());
    return fmt::format(fmt::runtime(pattern), v.str());
  } catch (const fmt::format_error& e) {
    ctx.fail(span, "bad format spec '" + spec + "' for " + a_type(v) + ": " + e.what());
  }
}

Value eval_string(ExecContext& ctx, const StringLit& s, const EnvPtr& env) {
  if (s.is_plain()) return s.parts.empty() ? std::string() : s.parts[0].text;
  std::string out;
  for (const StringLit::Part& part : s.parts) {
    if (!part.expr) {
      out += part.text;
      continue;
    }
    out += format_value(ctx, eval_expr(ctx, *part.expr, env), part.spec, part.expr->span);
  }
  return out;
}

Value eval_record(ExecContext& ctx, const RecordLit& r, const EnvPtr& env) {
  Record record;
  for (const RecordLit::Field& f : r.fields) record.set(f.name, eval_expr(ctx, *f.value, env));
  return record;
}

// A materialised view of anything iterable.
struct Items {
  Value holder;  // keeps the source alive
  std::size_t size = 0;
  std::function<Value(std::size_t)> at;
};

Items items_of(ExecContext& ctx, const Value& v, const Span& span) {
  Items it;
  it.holder = v;
  if (v.is_list()) {
    const List* list = &v.as_list();
    it.size = list->size();
    it.at = [list](std::size_t i) { return (*list)[i]; };
  } else if (v.is_string()) {
    const std::string* s = &v.as_string();
    it.size = s->size();
    it.at = [s](std::size_t i) { return Value(std::string(1, (*s)[i])); };
  } else if (v.is_record()) {
    const Record* r = &v.as_record();
    it.size = r->size();
    it.at = [r](std::size_t i) {
      const auto& f = r->fields()[i];
      return Value(List{Value(f.first), f.second});
    };
  } else if (auto seq =
                 std::dynamic_pointer_cast<Sequence>(v.is_object() ? v.as_object() : nullptr)) {
    it.size = seq->length();
    it.at = [seq](std::size_t i) { return seq->at(i); };
  } else {
    ctx.fail(span, "cannot iterate over a value of type " + v.type_name());
  }
  return it;
}

void bind_targets(ExecContext& ctx, const std::vector<Pattern>& targets, const Value& item,
                  const EnvPtr& env, const Span& span) {
  if (targets.size() == 1) {
    bind_pattern(ctx, targets[0], item, env);
    return;
  }
  // `for a, b in pairs`: each item must be a list of that many values.
  if (!item.is_list() || item.as_list().size() != targets.size()) {
    ctx.fail(span,
             "cannot unpack " + item.repr() + " into " + std::to_string(targets.size()) + " names");
  }
  for (std::size_t i = 0; i < targets.size(); ++i) {
    bind_pattern(ctx, targets[i], item.as_list()[i], env);
  }
}

std::string pattern_text(const Pattern& p) {
  if (!p.is_list) return symbol_name(p.name);
  std::string out = "[";
  for (std::size_t i = 0; i < p.elements.size(); ++i)
    out += (i ? ", " : "") + pattern_text(p.elements[i]);
  return out + "]";
}

// A sweep's failure names the element that failed and its value ("in element 2 of the
// parallel comprehension (lr = 0.3)"), and says how many others failed, so the bad
// setting can be found without rerunning. The lowest index is reported: deterministic
// whatever the scheduling.
void rethrow_first_element_error(ExecContext& ctx, const Comprehension& c, Items& items,
                                 const std::vector<std::exception_ptr>& errors) {
  std::size_t failed = 0;
  for (const std::exception_ptr& e : errors) failed += e ? 1 : 0;
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (!errors[i]) continue;
    try {
      std::rethrow_exception(errors[i]);
    } catch (Error& e) {
      std::string names;
      for (std::size_t k = 0; k < c.targets.size(); ++k)
        names += (k ? ", " : "") + pattern_text(c.targets[k]);
      std::string value = items.at(i).repr();
      if (value.size() > 80) value = value.substr(0, 77) + "...";
      std::string text = "in element " + std::to_string(i) + " of the parallel comprehension (" +
                         names + " = " + value + ")";
      if (failed > 1) {
        text += "; " + std::to_string(failed) + " of " + std::to_string(errors.size()) +
                " elements failed, the first is shown";
      }
      Diagnostic note = ctx.diagnostic(c.span, std::move(text));
      note.severity = Severity::Note;
      e.diagnostic().notes.push_back(std::move(note));
      throw;
    }
  }
}

// A list of n items is estimated before it is made: a range like 0..1e11 is cheap to
// write and would otherwise be allocated (and the process killed) item by item.
void require_list_memory(ExecContext& ctx, std::size_t n, const Span& span) {
  try {
    require_memory(static_cast<double>(n) * (2.0 * sizeof(Value) + 1.0),
                   "a list of " + std::to_string(n) + " items");
  } catch (const Error& e) {
    ctx.fail(span, e.diagnostic().message);
  }
}

Value eval_comprehension(ExecContext& ctx, const Comprehension& c, const EnvPtr& env) {
  const Value source = eval_expr(ctx, *c.iterable, env);
  Items items = items_of(ctx, source, c.iterable->span);
  require_list_memory(ctx, items.size, c.iterable->span);
  std::vector<Value> results(items.size);
  std::vector<char> keep(items.size, 1);

  auto run_one = [&](ExecContext& task, std::size_t i) {
    auto scope = std::make_shared<Env>(env, task.task);
    bind_targets(task, c.targets, items.at(i), scope, c.span);
    if (c.condition) {
      const Value cond = eval_expr(task, *c.condition, scope);
      if (!cond.is_bool()) {
        task.fail(c.condition->span,
                  "a comprehension's if condition must be a bool, got " + cond.type_name());
      }
      if (!cond.as_bool()) {
        keep[i] = 0;
        return;
      }
    }
    results[i] = eval_expr(task, *c.element, scope);
  };

  if (!c.parallel) {
    for (std::size_t i = 0; i < items.size; ++i) run_one(ctx, i);
  } else {
    // Each task gets its own context: a fresh task id (it may not assign to outer
    // variables), the parent's call stack for error reports, and a random stream keyed by
    // its index, so results do not depend on the number of threads.
    std::vector<std::exception_ptr> errors(items.size);
    const std::vector<Frame> frames = ctx.frames;
    // 0x9a4a11e1 separates comprehension streams from the parent's own draws.
    const std::vector<std::uint64_t> base = ctx.child_path(0x9a4a11e1ULL);
    ThreadPool::global().parallel_for(items.size, [&](std::size_t i, unsigned) {
      std::vector<std::uint64_t> path = base;
      path.push_back(i);
      ExecContext task(ctx.interp, ctx.interp.impl().new_task_id(), std::move(path));
      task.frames = frames;
      task.depth = ctx.depth;
      ContextScope scope(task);
      try {
        run_one(task, i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
    rethrow_first_element_error(ctx, c, items, errors);
  }
  List out;
  if (c.flatten) {
    // The inner clauses' lists, concatenated in order.
    std::size_t total = 0;
    for (std::size_t i = 0; i < items.size; ++i) total += keep[i] ? results[i].as_list().size() : 0;
    require_list_memory(ctx, total, c.span);
    out.reserve(total);
    for (std::size_t i = 0; i < items.size; ++i) {
      if (!keep[i]) continue;
      for (const Value& v : results[i].as_list()) out.push_back(v);
    }
    return out;
  }
  out.reserve(items.size);
  for (std::size_t i = 0; i < items.size; ++i) {
    if (keep[i]) out.push_back(std::move(results[i]));
  }
  return out;
}

Value eval_call_with(ExecContext& ctx, const Call& call, const EnvPtr& env, const Value* piped) {
  const Value callee = eval_expr(ctx, *call.callee, env);
  std::vector<CallArg> args;
  args.reserve(call.args.size() + 1);
  if (piped) args.push_back(CallArg{kNoSymbol, *piped, call.span});
  for (const Arg& a : call.args) {
    args.push_back(CallArg{a.name, eval_expr(ctx, *a.value, env), a.span});
  }
  return call_value(ctx, callee, args, call.span);
}

std::optional<std::int64_t> slice_bound(ExecContext& ctx, const Expr* e, const EnvPtr& env) {
  if (!e) return std::nullopt;
  const Value v = eval_expr(ctx, *e, env);
  if (!v.is_int()) ctx.fail(e->span, "a slice bound must be an integer, got " + v.type_name());
  return v.as_int();
}

Value index_builtin(ExecContext& ctx, const Value& target, const IndexArg& arg, const Span& span) {
  if (target.is_record()) {
    if (arg.is_slice || !arg.value.is_string())
      ctx.fail(arg.span, "a record is indexed by a string");
    const Record& r = target.as_record();
    if (const Value* v = r.find(arg.value.as_string())) return *v;
    std::vector<std::string> names;
    for (const auto& f : r.fields()) names.push_back(f.first);
    ctx.fail(arg.span, "record has no field '" + arg.value.as_string() + "'" +
                           did_you_mean(arg.value.as_string(), names));
  }
  std::size_t length = 0;
  if (target.is_list())
    length = target.as_list().size();
  else if (target.is_string())
    length = target.as_string().size();
  else if (auto seq = target.object_as<Sequence>())
    length = seq->length();
  else
    ctx.fail(span, "cannot index a value of type " + target.type_name());

  if (arg.is_slice) {
    auto [b, e] = resolve_slice(arg, length);
    if (target.is_list()) {
      const List& l = target.as_list();
      return List(l.begin() + static_cast<std::ptrdiff_t>(b),
                  l.begin() + static_cast<std::ptrdiff_t>(e));
    }
    if (target.is_string()) return target.as_string().substr(b, e - b);
    auto seq = target.object_as<Sequence>();
    List out;
    for (std::size_t i = b; i < e; ++i) out.push_back(seq->at(i));
    return out;
  }
  if (!arg.value.is_int()) {
    ctx.fail(arg.span, "an index must be an integer, got " + arg.value.type_name());
  }
  const std::size_t i = resolve_index(ctx, arg.value.as_int(), length, arg.span);
  if (target.is_list()) return target.as_list()[i];
  if (target.is_string()) return std::string(1, target.as_string()[i]);
  return target.object_as<Sequence>()->at(i);
}

Value eval_index(ExecContext& ctx, const Index& e, const EnvPtr& env) {
  const Value target = eval_expr(ctx, *e.target, env);
  std::vector<IndexArg> args;
  for (const IndexItem& item : e.items) {
    IndexArg arg;
    arg.span = item.span;
    arg.is_slice = item.is_slice;
    if (item.is_slice) {
      arg.begin = slice_bound(ctx, item.value.get(), env);
      arg.end = slice_bound(ctx, item.end.get(), env);
    } else {
      arg.value = eval_expr(ctx, *item.value, env);
    }
    args.push_back(std::move(arg));
  }
  if (auto indexable = target.object_as<Indexable>()) {
    try {
      return indexable->index(ctx, args, e.span);
    } catch (Error& err) {
      ctx.locate(err, e.span);
      throw;
    }
  }
  if (args.size() != 1) {
    ctx.fail(e.span, a_type(target) + " takes one index, got " + std::to_string(args.size()));
  }
  return index_builtin(ctx, target, args[0], e.span);
}

// The fields a value has, for an error without a close match (a long list is cut).
std::string field_list(const std::vector<std::string>& names) {
  constexpr std::size_t kShown = 20;
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < kShown; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > kShown) out += ", ... (" + std::to_string(names.size() - kShown) + " more)";
  return out;
}

Value eval_field(ExecContext& ctx, const Field& f, const EnvPtr& env) {
  const Value target = eval_expr(ctx, *f.target, env);
  const std::string& name = symbol_name(f.name);
  std::vector<std::string> names;
  if (target.is_record()) {
    if (const Value* v = target.as_record().find(name)) return *v;
    for (const auto& field : target.as_record().fields()) names.push_back(field.first);
  } else if (target.is_object()) {
    if (auto v = target.as_object()->field(name)) return *v;
    names = target.as_object()->field_names();
  } else {
    ctx.fail(f.name_span, a_type(target) + " has no fields");
  }
  std::string hint = did_you_mean(name, names);
  if (hint.empty() && !names.empty()) hint = " (fields: " + field_list(names) + ")";
  ctx.fail(f.name_span, target.type_name() + " has no field '" + name + "'" + hint);
}

Value number_of(ExecContext& ctx, const Expr& e, const EnvPtr& env, const char* what) {
  Value v = eval_expr(ctx, e, env);
  if (!v.is_number())
    ctx.fail(e.span, std::string("range ") + what + " must be a number, got " + v.type_name());
  return v;
}

Value eval_range(ExecContext& ctx, const ast::Range& r, const EnvPtr& env) {
  const Value start = number_of(ctx, *r.start, env, "start");
  const Value stop = number_of(ctx, *r.stop, env, "end");
  const Value step = r.step ? number_of(ctx, *r.step, env, "step") : Value(std::int64_t{1});
  const bool integral = start.is_int() && stop.is_int() && step.is_int();
  const double a = start.as_number(), b = stop.as_number(), s = step.as_number();
  if (s == 0) ctx.fail(r.step->span, "range step cannot be zero");
  double span_len = (b - a) / s;
  std::size_t count = 0;
  if (integral) {
    const std::int64_t ia = start.as_int(), ib = stop.as_int(), is = step.as_int();
    std::int64_t n = is > 0 ? (ib - ia + is - 1) / is : (ia - ib - is - 1) / -is;
    if (r.inclusive && (ib - ia) % is == 0 && ((is > 0 && ib >= ia) || (is < 0 && ib <= ia))) ++n;
    count = n > 0 ? static_cast<std::size_t>(n) : 0;
  } else {
    // Floats: tolerate rounding so 0..1 step 0.1 has 10 items (11 when inclusive).
    const double eps = 1e-9 * std::max(1.0, std::abs(span_len));
    double n = std::ceil(span_len - eps);
    if (r.inclusive && std::abs(span_len - std::round(span_len)) < eps)
      n = std::round(span_len) + 1;
    count = n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  return std::make_shared<RangeValue>(a, s, count, integral);
}

Value eval_if(ExecContext& ctx, const If& e, const EnvPtr& env) {
  const Value cond = eval_expr(ctx, *e.condition, env);
  if (!cond.is_bool()) {
    ctx.fail(e.condition->span, "an if condition must be a bool, got " + cond.type_name());
  }
  Value result;
  if (cond.as_bool()) {
    auto scope = std::make_shared<Env>(env, ctx.task);
    if (exec_block(ctx, e.then_block, scope, &result) != Flow::Normal) {
      ctx.fail(e.span, "return, break or continue inside an if that is used as a value");
    }
  } else if (e.else_block) {
    auto scope = std::make_shared<Env>(env, ctx.task);
    if (exec_block(ctx, *e.else_block, scope, &result) != Flow::Normal) {
      ctx.fail(e.span, "return, break or continue inside an if that is used as a value");
    }
  } else if (e.else_if) {
    return eval_expr(ctx, *e.else_if, env);
  }
  return result;
}

bool eval_condition(ExecContext& ctx, const Expr& e, const EnvPtr& env, const char* what) {
  const Value v = eval_expr(ctx, e, env);
  if (!v.is_bool()) {
    ctx.fail(e.span, std::string(what) + " must be a bool, got " + v.type_name());
  }
  return v.as_bool();
}

}  // namespace

// ------------------------------------------------------------------ expressions

Value eval_expr(ExecContext& ctx, const Expr& expr, const EnvPtr& env) {
  if (StackGuard::near_limit()) {
    ctx.fail(expr.span, "stack overflow: expression or recursion too deep");
  }
  switch (expr.kind) {
    case ExprKind::Int:
      return static_cast<const IntLit&>(expr).value;
    case ExprKind::Float:
      return static_cast<const FloatLit&>(expr).value;
    case ExprKind::Bool:
      return static_cast<const BoolLit&>(expr).value;
    case ExprKind::None:
      return Value();
    case ExprKind::String:
      return eval_string(ctx, static_cast<const StringLit&>(expr), env);
    case ExprKind::Name: {
      const auto& n = static_cast<const NameRef&>(expr);
      if (const Value* v = env->lookup(n.name)) return *v;
      // Not in scope: a plugin of that name (`adam(lr: 1e-3)`) loads on first use.
      Value plugin;
      try {
        plugin = ctx.interp.impl().plugin_function(symbol_name(n.name));
      } catch (Error& e) {
        ctx.locate(e, expr.span);
        throw;
      }
      if (!plugin.is_none()) return plugin;
      unknown_name(ctx, n.name, *env, expr.span);
    }
    case ExprKind::List: {
      List items;
      for (const ExprPtr& item : static_cast<const ListLit&>(expr).items) {
        items.push_back(eval_expr(ctx, *item, env));
      }
      return items;
    }
    case ExprKind::Comprehension:
      return eval_comprehension(ctx, static_cast<const Comprehension&>(expr), env);
    case ExprKind::Record:
      return eval_record(ctx, static_cast<const RecordLit&>(expr), env);
    case ExprKind::Call:
      return eval_call_with(ctx, static_cast<const Call&>(expr), env, nullptr);
    case ExprKind::Index:
      return eval_index(ctx, static_cast<const Index&>(expr), env);
    case ExprKind::Field:
      return eval_field(ctx, static_cast<const Field&>(expr), env);
    case ExprKind::Unary: {
      const auto& u = static_cast<const Unary&>(expr);
      const Value v = eval_expr(ctx, *u.operand, env);
      if (u.op == UnaryOp::Not) {
        if (!v.is_bool()) ctx.fail(u.operand->span, "'not' needs a bool, got " + v.type_name());
        return !v.as_bool();
      }
      if (u.op == UnaryOp::Plus) {
        if (!v.is_number() && !v.is_object()) {
          ctx.fail(expr.span, "unary + needs a number, got " + v.type_name());
        }
        return v;
      }
      return negate(ctx, v, expr.span);
    }
    case ExprKind::Binary: {
      const auto& b = static_cast<const Binary&>(expr);
      const Value lhs = eval_expr(ctx, *b.lhs, env);
      const Value rhs = eval_expr(ctx, *b.rhs, env);
      return binary_op(ctx, b.op, lhs, rhs, expr.span);
    }
    case ExprKind::Logical: {
      const auto& l = static_cast<const Logical&>(expr);
      const char* what = l.is_and ? "an operand of 'and'" : "an operand of 'or'";
      const bool left = eval_condition(ctx, *l.lhs, env, what);
      if (l.is_and != left) return left;  // short-circuit
      return eval_condition(ctx, *l.rhs, env, what);
    }
    case ExprKind::Range:
      return eval_range(ctx, static_cast<const ast::Range&>(expr), env);
    case ExprKind::Pipe: {
      const auto& p = static_cast<const Pipe&>(expr);
      const Value lhs = eval_expr(ctx, *p.lhs, env);
      if (p.rhs->kind == ExprKind::Call) {
        return eval_call_with(ctx, static_cast<const Call&>(*p.rhs), env, &lhs);
      }
      const Value fn = eval_expr(ctx, *p.rhs, env);
      return call_value(ctx, fn, std::vector<Value>{lhs}, p.rhs->span);
    }
    case ExprKind::Then:
      return eval_then(ctx, static_cast<const Then&>(expr), env);
    case ExprKind::If:
      return eval_if(ctx, static_cast<const If&>(expr), env);
    case ExprKind::Lambda: {
      const auto& l = static_cast<const Lambda&>(expr);
      ctx.interp.impl().track_capture(env);
      return std::make_shared<Closure>(*l.decl, env, "<lambda>");
    }
    case ExprKind::Train:
      return eval_train(ctx, static_cast<const Train&>(expr), env);
  }
  ctx.fail(expr.span, "internal error: unknown expression kind");
}

// ------------------------------------------------------------------ statements

void bind_pattern(ExecContext& ctx, const Pattern& pattern, const Value& value, const EnvPtr& env) {
  if (!pattern.is_list) {
    env->define(pattern.name, value);
    return;
  }
  if (!value.is_list()) {
    ctx.fail(pattern.span, "cannot destructure " + a_type(value) + " as a list");
  }
  const List& items = value.as_list();
  if (items.size() != pattern.elements.size()) {
    ctx.fail(pattern.span, "expected a list of " + std::to_string(pattern.elements.size()) +
                               " values, got " + std::to_string(items.size()));
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    bind_pattern(ctx, pattern.elements[i], items[i], env);
  }
}

std::vector<Value> iterate(ExecContext& ctx, const Value& value, const Span& span) {
  Items items = items_of(ctx, value, span);
  require_list_memory(ctx, items.size, span);
  std::vector<Value> out;
  out.reserve(items.size);
  for (std::size_t i = 0; i < items.size; ++i) out.push_back(items.at(i));
  return out;
}

namespace {

Flow exec_for(ExecContext& ctx, const ForStmt& s, const EnvPtr& env) {
  const Value source = eval_expr(ctx, *s.iterable, env);
  Items items = items_of(ctx, source, s.iterable->span);
  for (std::size_t i = 0; i < items.size; ++i) {
    if (take_interrupt()) ctx.fail(s.span, "interrupted");
    // A fresh scope per iteration: closures capture that iteration's variables.
    auto scope = std::make_shared<Env>(env, ctx.task);
    bind_targets(ctx, s.targets, items.at(i), scope, s.span);
    const Flow flow = exec_block(ctx, s.body, scope, nullptr);
    if (flow == Flow::Break) break;
    if (flow == Flow::Return) return flow;
  }
  return Flow::Normal;
}

Flow exec_while(ExecContext& ctx, const WhileStmt& s, const EnvPtr& env) {
  while (eval_condition(ctx, *s.condition, env, "a while condition")) {
    if (take_interrupt()) ctx.fail(s.span, "interrupted");
    auto scope = std::make_shared<Env>(env, ctx.task);
    const Flow flow = exec_block(ctx, s.body, scope, nullptr);
    if (flow == Flow::Break) break;
    if (flow == Flow::Return) return flow;
  }
  return Flow::Normal;
}

void exec_assign(ExecContext& ctx, const AssignStmt& s, const EnvPtr& env) {
  Env* owner = env->owner_of(s.name);
  const std::string& name = symbol_name(s.name);
  if (!owner) {
    // Inside a model body, `name = expr` defines an endpoint.
    if (ctx.endpoint_scope == env.get() && s.op == AssignOp::Set) {
      env->define(s.name, eval_expr(ctx, *s.value, env));
      return;
    }
    std::vector<Symbol> symbols;
    env->visible_names(symbols);
    std::vector<std::string> names;
    for (Symbol sym : symbols) names.push_back(symbol_name(sym));
    ctx.fail(s.name_span, "assignment to undeclared name '" + name + "' (declare it with let)" +
                              did_you_mean(name, names));
  }
  if (owner->task() != ctx.task) {
    ctx.fail(s.name_span, "cannot assign to '" + name +
                              "' inside a parallel comprehension: its tasks run at the same "
                              "time; return values instead");
  }
  if (owner == ctx.interp.impl().builtins.get()) {
    ctx.fail(s.name_span, "cannot assign to builtin '" + name + "' (shadow it with let)");
  }
  Value value = eval_expr(ctx, *s.value, env);
  Value* slot = owner->local(s.name);
  static const BinaryOp ops[] = {BinaryOp::Add, BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul,
                                 BinaryOp::Div};
  if (s.op != AssignOp::Set) {
    value = binary_op(ctx, ops[static_cast<int>(s.op)], *slot, value, s.span);
  }
  *slot = std::move(value);
}

// An if used as a statement may contain return/break/continue: run it so the control
// flow reaches the enclosing loop or function (an if used as a value may not).
Flow exec_if_stmt(ExecContext& ctx, const If& e, const EnvPtr& env, Value* value) {
  for (const If* branch = &e;;) {
    if (eval_condition(ctx, *branch->condition, env, "an if condition")) {
      auto scope = std::make_shared<Env>(env, ctx.task);
      return exec_block(ctx, branch->then_block, scope, value);
    }
    if (branch->else_block) {
      auto scope = std::make_shared<Env>(env, ctx.task);
      return exec_block(ctx, *branch->else_block, scope, value);
    }
    if (!branch->else_if) break;
    branch = static_cast<const If*>(branch->else_if.get());
  }
  if (value) *value = Value();
  return Flow::Normal;
}

Flow exec_stmt_unguarded(ExecContext& ctx, const Stmt& stmt, const EnvPtr& env, Value* value) {
  switch (stmt.kind) {
    case StmtKind::Expr: {
      const Expr& expr = *static_cast<const ExprStmt&>(stmt).expr;
      if (expr.kind == ExprKind::If)
        return exec_if_stmt(ctx, static_cast<const If&>(expr), env, value);
      Value v = eval_expr(ctx, expr, env);
      if (value) *value = std::move(v);
      return Flow::Normal;
    }
    case StmtKind::Let: {
      const auto& s = static_cast<const LetStmt&>(stmt);
      bind_pattern(ctx, s.pattern, eval_expr(ctx, *s.value, env), env);
      return Flow::Normal;
    }
    case StmtKind::Assign:
      exec_assign(ctx, static_cast<const AssignStmt&>(stmt), env);
      break;
    case StmtKind::Fn: {
      const auto& s = static_cast<const FnStmt&>(stmt);
      ctx.interp.impl().track_capture(env);
      env->define(s.decl->name, std::make_shared<Closure>(*s.decl, env, symbol_name(s.decl->name)));
      break;
    }
    case StmtKind::Model: {
      const auto& s = static_cast<const ModelStmt&>(stmt);
      ctx.interp.impl().track_capture(env);
      env->define(s.decl->name, eval_model_decl(ctx, *s.decl, env));
      break;
    }
    case StmtKind::Import:
      ctx.interp.impl().modules->import(ctx, static_cast<const ImportStmt&>(stmt), env);
      break;
    case StmtKind::FromImport:
      ctx.interp.impl().modules->from_import(ctx, static_cast<const FromImportStmt&>(stmt), env);
      break;
    case StmtKind::For:
      return exec_for(ctx, static_cast<const ForStmt&>(stmt), env);
    case StmtKind::While:
      return exec_while(ctx, static_cast<const WhileStmt&>(stmt), env);
    case StmtKind::Return: {
      const auto& s = static_cast<const ReturnStmt&>(stmt);
      ctx.return_value = s.value ? eval_expr(ctx, *s.value, env) : Value();
      return Flow::Return;
    }
    case StmtKind::Break:
      return Flow::Break;
    case StmtKind::Continue:
      return Flow::Continue;
  }
  if (value) *value = Value();
  return Flow::Normal;
}

}  // namespace

// The last place a failure of a library below the evaluator (an allocation too large for
// this machine, a std::length_error) can still be given a location: the statement.
// Function calls convert their own (eval/functions.cpp); this catches the constructs
// (train, parallel, ...) that run native work outside a call.
Flow exec_stmt(ExecContext& ctx, const Stmt& stmt, const EnvPtr& env, Value* value) {
  try {
    return exec_stmt_unguarded(ctx, stmt, env, value);
  } catch (const Error&) {
    throw;
  } catch (const ErrorList&) {
    throw;
  } catch (const StackExhausted&) {
    throw;
  } catch (const std::bad_alloc&) {
    ctx.fail(stmt.span, "out of memory: this statement asked for more memory than the machine has");
  } catch (const std::exception& e) {
    ctx.fail(stmt.span, e.what());
  }
}

Flow exec_block(ExecContext& ctx, const Block& block, const EnvPtr& env, Value* value) {
  if (value) *value = Value();
  for (const StmtPtr& stmt : block.stmts) {
    const Flow flow = exec_stmt(ctx, *stmt, env, value);
    if (flow != Flow::Normal) return flow;
  }
  return Flow::Normal;
}

}  // namespace ael::eval
