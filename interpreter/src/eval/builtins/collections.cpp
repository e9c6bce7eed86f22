// List and record builtins. Lists and records are immutable: functions return new ones.
#include <algorithm>
#include <numeric>

#include "eval/builtins/builtins.hpp"
#include "eval/evaluator.hpp"
#include "eval/functions.hpp"
#include "eval/operators.hpp"
#include "eval/sequence.hpp"
#include "util/interrupt.hpp"

namespace ael::eval {
namespace {

std::vector<Value> items(const Args& a, std::size_t slot) {
  return iterate(context_of(a), a[slot], Span{});
}

Value call_fn(const Args& a, const Value& fn, std::vector<Value> args) {
  auto& bound = dynamic_cast<const BoundArgs&>(a);
  return call_value(bound.context(), fn, std::move(args), bound.call_span());
}

bool predicate(const Args& a, const Value& fn, const Value& item) {
  const Value r = call_fn(a, fn, {item});
  if (!r.is_bool()) a.fail(0, "the function must return a bool, got " + r.type_name());
  return r.as_bool();
}

Value sum_of(const Args& a, const std::vector<Value>& xs, Value start) {
  ExecContext& ctx = context_of(a);
  Value total = std::move(start);
  for (const Value& x : xs) total = binary_op(ctx, BinaryOp::Add, total, x, Span{});
  return total;
}

// Datasets and graph nodes reduce themselves (Object::math).
std::optional<Value> reduce_object(const Args& a, const char* fn) {
  if (!a[0].is_object()) return std::nullopt;
  return a[0].as_object()->math(fn);
}

// `sum(h, axis: "features")`: graph nodes reduce along one axis ("all", "batch",
// "features"); the object receives "sum:features".
Value reduce_axis(const Args& a, std::size_t axis_slot, const char* fn) {
  const std::string& axis = a.string(axis_slot);
  if (a[0].is_object()) {
    if (auto r = a[0].as_object()->math(std::string(fn) + ":" + axis)) return *r;
  }
  a.fail(axis_slot, std::string("axis applies to model nodes, not to a ") + a[0].type_name());
}

}  // namespace

void register_collection_builtins(BuiltinTable& t) {
  t.add(
      "list", sig({"items"}), [](Args& a) { return Value(items(a, 0)); },
      "The items of a range, string, record or dataset as a list.");

  t.add(
      "range", sig({"start", {"stop", Value()}, {"step", 1}}),
      [](Args& a) {
        // range(n) counts 0..n; range(a, b, s) like the a..b step s syntax.
        const bool one = a[1].is_none();
        const std::int64_t start = one ? 0 : a.integer(0);
        const std::int64_t stop = one ? a.integer(0) : a.integer(1);
        const std::int64_t step = a.integer(2);
        if (step == 0) a.fail(2, "range step cannot be zero");
        std::int64_t n =
            step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / -step;
        return Value(std::make_shared<RangeValue>(static_cast<double>(start),
                                                  static_cast<double>(step),
                                                  n > 0 ? static_cast<std::size_t>(n) : 0, true));
      },
      "Integers from start (default 0) up to but excluding stop.");

  t.add(
      "append", sig({"items", "item"}),
      [](Args& a) {
        List out = a.list(0);
        out.push_back(a[1]);
        return Value(std::move(out));
      },
      "A new list with `item` added at the end.");

  t.add(
      "reverse", sig({"items"}),
      [](Args& a) {
        std::vector<Value> out = items(a, 0);
        std::reverse(out.begin(), out.end());
        return Value(std::move(out));
      },
      "The items in reverse order.");

  t.add(
      "sort", sig({"items", {"key", Value()}, {"reverse", false}}),
      [](Args& a) {
        ExecContext& ctx = context_of(a);
        std::vector<Value> xs = items(a, 0);
        std::vector<Value> keys = xs;
        if (!a[1].is_none()) {
          for (Value& k : keys) k = call_fn(a, a[1], {k});
        }
        std::vector<std::size_t> order(xs.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
          return less_than(ctx, keys[i], keys[j], Span{});
        });
        if (a.boolean(2)) std::reverse(order.begin(), order.end());
        List out;
        for (std::size_t i : order) out.push_back(xs[i]);
        return Value(std::move(out));
      },
      "The items sorted (stable), optionally by key(item).");

  t.add(
      "sum", sig({"items", {"start", 0}, {"axis", Value()}}),
      [](Args& a) {
        if (!a.is_none(2)) return reduce_axis(a, 2, "sum");
        if (auto r = reduce_object(a, "sum")) return *r;
        return sum_of(a, items(a, 0), a[1]);
      },
      "The sum of the items (of a list, or of all entries of a dataset or graph node).");

  t.add(
      "mean", sig({"items", {"axis", Value()}}),
      [](Args& a) {
        if (!a.is_none(1)) return reduce_axis(a, 1, "mean");
        if (auto r = reduce_object(a, "mean")) return *r;
        std::vector<Value> xs = items(a, 0);
        if (xs.empty()) a.fail(0, "mean() of an empty list");
        Value total = sum_of(a, xs, Value(0));
        return binary_op(context_of(a), BinaryOp::Div, total, Value(xs.size()), Span{});
      },
      "The arithmetic mean of the items.");

  t.add(
      "map", sig({"fn", "items"}),
      [](Args& a) {
        List out;
        for (const Value& x : items(a, 1)) out.push_back(call_fn(a, a[0], {x}));
        return Value(std::move(out));
      },
      "fn(item) for every item.");

  t.add(
      "try", sig({"fn"}, true),
      [](Args& a) {
        // An element of a sweep that fails should not take the others with it:
        // `parallel [try(train_one, lr) for lr in grid]` keeps every result.
        std::vector<Value> rest = a.rest();
        try {
          Value v = call_fn(a, a[0], std::move(rest));
          return Value(Record{{"ok", Value(true)}, {"value", std::move(v)}});
        } catch (const Error& e) {
          if (interrupt_honoured()) throw;  // Ctrl-C stops the run, it is not f failing
          const Diagnostic& d = e.diagnostic();
          return Value(Record{{"ok", Value(false)},
                              {"error", Value(d.message)},
                              {"line", Value(static_cast<std::int64_t>(d.location.line))}});
        }
      },
      "fn(args...) as {ok: true, value} or, when it fails, {ok: false, error, line}: one "
      "failing element of a sweep keeps the others.");

  t.add(
      "filter", sig({"fn", "items"}),
      [](Args& a) {
        List out;
        for (const Value& x : items(a, 1)) {
          if (predicate(a, a[0], x)) out.push_back(x);
        }
        return Value(std::move(out));
      },
      "The items for which fn(item) is true.");

  t.add(
      "reduce", sig({"fn", "items", "initial"}),
      [](Args& a) {
        Value acc = a[2];
        for (const Value& x : items(a, 1)) acc = call_fn(a, a[0], {acc, x});
        return acc;
      },
      "Folds the items from the left: fn(fn(initial, x0), x1)...");

  t.add(
      "any", sig({"items"}),
      [](Args& a) {
        for (const Value& x : items(a, 0)) {
          if (x.truthy()) return Value(true);
        }
        return Value(false);
      },
      "True when some item is true.");

  t.add(
      "all", sig({"items"}),
      [](Args& a) {
        for (const Value& x : items(a, 0)) {
          if (!x.truthy()) return Value(false);
        }
        return Value(true);
      },
      "True when every item is true.");

  t.add(
      "contains", sig({"collection", "item"}),
      [](Args& a) {
        if (a[0].is_string()) {
          return Value(a[0].as_string().find(a.string(1)) != std::string::npos);
        }
        if (a[0].is_record()) return Value(a[0].as_record().find(a.string(1)) != nullptr);
        for (const Value& x : items(a, 0)) {
          if (x == a[1]) return Value(true);
        }
        return Value(false);
      },
      "True when the list has the item, the string the substring, the record the field.");

  t.add(
      "index_of", sig({"items", "item"}),
      [](Args& a) {
        const std::vector<Value> xs = items(a, 0);
        for (std::size_t i = 0; i < xs.size(); ++i) {
          if (xs[i] == a[1]) return Value(i);
        }
        return Value(std::int64_t{-1});
      },
      "Position of the first equal item, or -1.");

  t.add(
      "zip", sig({}, true),
      [](Args& a) {
        std::vector<std::vector<Value>> lists;
        std::size_t n = SIZE_MAX;
        for (std::size_t i = 0; i < a.rest().size(); ++i) {
          lists.push_back(iterate(context_of(a), a.rest()[i], Span{}));
          n = std::min(n, lists.back().size());
        }
        List out;
        if (lists.empty()) return Value(std::move(out));
        for (std::size_t i = 0; i < n; ++i) {
          List row;
          for (const auto& l : lists) row.push_back(l[i]);
          out.push_back(std::move(row));
        }
        return Value(std::move(out));
      },
      "Lists of corresponding items: zip([1, 2], [a, b]) is [[1, a], [2, b]].");

  t.add(
      "enumerate", sig({"items", {"start", 0}}),
      [](Args& a) {
        List out;
        std::int64_t i = a.integer(1);
        for (const Value& x : items(a, 0)) out.push_back(List{Value(i++), x});
        return Value(std::move(out));
      },
      "[index, item] pairs.");

  t.add(
      "flatten", sig({"lists"}),
      [](Args& a) {
        List out;
        for (const Value& x : items(a, 0)) {
          if (x.is_list())
            out.insert(out.end(), x.as_list().begin(), x.as_list().end());
          else
            out.push_back(x);
        }
        return Value(std::move(out));
      },
      "Concatenates a list of lists.");

  t.add(
      "keys", sig({"record"}),
      [](Args& a) {
        List out;
        for (const auto& f : a.record(0).fields()) out.push_back(f.first);
        return Value(std::move(out));
      },
      "Field names of a record.");

  t.add(
      "values", sig({"record"}),
      [](Args& a) {
        List out;
        for (const auto& f : a.record(0).fields()) out.push_back(f.second);
        return Value(std::move(out));
      },
      "Field values of a record.");

  t.add(
      "has", sig({"record", "field"}),
      [](Args& a) { return Value(a.record(0).find(a.string(1)) != nullptr); },
      "True when the record has the field.");

  t.add(
      "get", sig({"record", "field", {"default", Value()}}),
      [](Args& a) {
        const Value* v = a.record(0).find(a.string(1));
        return v ? *v : a[2];
      },
      "A record's field, or `default` when it is missing.");

  t.add(
      "merge", sig({}, true),
      [](Args& a) {
        Record out;
        for (std::size_t i = 0; i < a.rest().size(); ++i) {
          const Value& r = a.rest()[i];
          if (!r.is_record()) a.fail(a.size(), "merge() takes records, got " + r.type_name());
          for (const auto& [name, value] : r.as_record().fields()) out.set(name, value);
        }
        return Value(std::move(out));
      },
      "A record with the fields of all arguments (later ones win).");
  t.add(
      "record", sig({"pairs"}),
      [](Args& a) {
        Record out;
        for (const Value& p : a.list(0)) {
          if (!p.is_list() || p.as_list().size() != 2 || !p.as_list()[0].is_string())
            a.fail(0, "record() takes [name, value] pairs (name a string), got " + p.repr());
          const std::string& name = p.as_list()[0].as_string();
          if (out.find(name)) a.fail(0, "record(): duplicate field '" + name + "'");
          out.set(name, p.as_list()[1]);
        }
        return Value(std::move(out));
      },
      "A record from [name, value] pairs: record(zip(keys(r), values(r))) is r.");
}

}  // namespace ael::eval
