#include <algorithm>
#include <cmath>

#include "ael/diagnostic.hpp"
#include "bindings/dataset_value.hpp"
#include "graph/layers.hpp"
#include "model/builtins.hpp"
#include "model/trace.hpp"

namespace ael::model {

using eval::sig;

namespace {

// Per-sample execution (`execute`): the next `size` entries of each sample's parameter
// column, as an offset; errors when the rows are too short.
Index take_per_sample(const Args& a, Trace& t, Index size) {
  PerSampleParams& ps = *t.per_sample;
  const Index at = ps.offset;
  ps.offset += size;
  if (ps.offset > ps.rows) {
    a.fail(a.size(), "the per-sample parameter rows have " + std::to_string(ps.rows) +
                         " entries, fewer than this model's parameters");
  }
  return at;
}

void no_per_sample(const Args& a, const NodeValue& x, const char* layer) {
  if (x.trace().per_sample) {
    a.fail(0, std::string(layer) +
                  " cannot take per-sample parameters (execute supports dense and scale)");
  }
}

const NodeValue& node_arg(const Args& a, std::size_t slot, const char* what = "a model node") {
  const NodeValue* n = as_node(a[slot]);
  if (!n) {
    a.fail(slot, std::string("expected ") + what + " (an input or endpoint inside a model), got " +
                     a[slot].type_name());
  }
  return *n;
}

graph::InitSpec init_arg(const Args& a, std::size_t slot) {
  if (a[slot].is_number()) return graph::InitSpec::constant(a[slot].as_number());
  const std::string& k = a.string(slot);
  if (k == "glorot" || k == "glorot_uniform") return graph::InitSpec::glorot_uniform();
  if (k == "glorot_normal") return graph::InitSpec::glorot_normal();
  if (k == "he" || k == "he_uniform") return graph::InitSpec::he_uniform();
  if (k == "he_normal") return graph::InitSpec::he_normal();
  if (k == "zeros") return graph::InitSpec::zeros();
  if (k == "normal") return graph::InitSpec::normal(0, 1);
  if (k == "torch") return graph::InitSpec::torch();
  a.fail(slot, "unknown initialiser '" + k +
                   "' (glorot, glorot_normal, he, he_normal, normal, zeros, torch, or a number)");
}

Value unary(const Args& a, const std::string& op, Attrs attrs = {}) {
  const NodeValue& x = node_arg(a, 0);
  return make_node(x.trace_ptr(), x.trace().builder.add(op, {x.id()}, std::move(attrs)));
}

Value pair(const Args& a, const std::string& op, Attrs attrs = {}) {
  const NodeValue& x = node_arg(a, 0);
  const NodeValue& y = node_arg(a, 1);
  if (x.trace_ptr() != y.trace_ptr()) a.fail(1, "the two nodes belong to different models");
  return make_node(x.trace_ptr(), x.trace().builder.add(op, {x.id(), y.id()}, std::move(attrs)));
}

// Losses on datasets: the same formulas as the graph's loss ops, as numbers (reporting a
// reconstruction error after training).
double dataset_loss(const Args& a, const std::string& op) {
  const data::Dataset* p = bindings::as_dataset(a[0]);
  const data::Dataset* y = bindings::as_dataset(a[1]);
  if (!y) a.fail(1, "expected a dataset like the first argument, got " + a[1].type_name());
  if (p->features() != y->features() || p->samples() != y->samples()) {
    a.fail(1, "shapes differ: " + std::to_string(p->samples()) + " x " +
                  std::to_string(p->features()) + " and " + std::to_string(y->samples()) + " x " +
                  std::to_string(y->features()));
  }
  // Plain loops: Eigen's vectorised log/abs reductions trip GCC 12's false AVX-512
  // -Wuninitialized warnings.
  const Eigen::MatrixXd& pm = p->matrix();
  const Eigen::MatrixXd& ym = y->matrix();
  double total = 0;
  for (Index j = 0; j < pm.cols(); ++j) {
    for (Index i = 0; i < pm.rows(); ++i) {
      const double d = pm(i, j) - ym(i, j);
      if (op == "mse") {
        total += d * d;
      } else if (op == "mae") {
        total += std::abs(d);
      } else {
        const double q = std::min(std::max(pm(i, j), 1e-12), 1 - 1e-12);
        total -= ym(i, j) * std::log(q) + (1 - ym(i, j)) * std::log(1 - q);
      }
    }
  }
  return total / static_cast<double>(pm.size());
}

void add_pair_loss(eval::BuiltinTable& t, const std::string& name, const std::string& op,
                   const std::string& doc) {
  t.add(
      name, sig({"prediction", "target"}),
      [name, op](Args& a) -> Value {
        if (bindings::as_dataset(a[0]) && name != "bce_logits") return Value(dataset_loss(a, name));
        return pair(a, op);
      },
      doc);
}

void register_activation_layers(eval::BuiltinTable& t) {
  t.add(
      "leaky_relu", sig({"x", {"alpha", 0.01}}),
      [](Args& a) -> Value {
        if (a[0].is_number()) {
          const double x = a.number(0);
          return Value(x > 0 ? x : a.number(1) * x);
        }
        return unary(a, "leaky_relu", {{"alpha", a.number(1)}});
      },
      "max(x, 0) + alpha * min(x, 0).");
  t.add(
      "softmax", sig({"x", {"groups", 1}}),
      [](Args& a) {
        return unary(a, "softmax", {{"groups", a.integer(1)}});
      },
      "Softmax over the features (or over each of `groups` equal blocks).");
  t.add(
      "log_softmax", sig({"x", {"groups", 1}}),
      [](Args& a) {
        return unary(a, "log_softmax", {{"groups", a.integer(1)}});
      },
      "Log of softmax, computed stably.");
  t.add(
      "top_k", sig({"x", "k"}),
      [](Args& a) {
        return unary(a, "top_k", {{"k", a.integer(1)}});
      },
      "Keeps the k largest features of each sample and zeroes the rest (k-sparse "
      "autoencoders); the gradient flows through the kept ones.");
  t.add(
      "stop_gradient", sig({"x"}), [](Args& a) { return unary(a, "stop_gradient"); },
      "x in the forward pass; no gradient flows back through it.");
  t.add(
      "noise", sig({"x", {"sigma", 1.0}, {"kind", "normal"}}),
      [](Args& a) {
        return unary(a, "noise", {{"kind", a.string(2)}, {"sigma", a.number(1)}});
      },
      "x + sigma * eps (normal or uniform, fresh every step) while training; x at evaluation.");
  t.add(
      "noise_like", sig({"x", {"sigma", 1.0}, {"kind", "normal"}}),
      [](Args& a) {
        return unary(a, "noise_like", {{"kind", a.string(2)}, {"sigma", a.number(1)}});
      },
      "sigma * eps shaped like x while training (the reparameterisation trick); 0 at evaluation.");
}

void register_structure_layers(eval::BuiltinTable& t) {
  t.add(
      "dense",
      sig({"x", "out", {"bias", true}, {"init", "glorot"}, {"trainable", true}, {"name", Value()}}),
      [](Args& a) {
        const NodeValue& x = node_arg(a, 0);
        const std::int64_t out = a.integer(1);
        if (out < 1) a.fail(1, "a dense layer needs at least 1 output, got " + std::to_string(out));
        if (x.trace().per_sample) {
          const Index in = x.shape().rows;
          Attrs at{{"w_offset", static_cast<std::int64_t>(take_per_sample(a, x.trace(), out * in))},
                   {"out", out},
                   {"in", static_cast<std::int64_t>(in)},
                   {"has_bias", std::int64_t{a.boolean(2) ? 1 : 0}}};
          if (a.boolean(2))
            at.set("b_offset", static_cast<std::int64_t>(take_per_sample(a, x.trace(), out)));
          const NodeId p = x.trace().per_sample->params;
          return make_node(x.trace_ptr(),
                           x.trace().builder.add("dense_per_sample", {x.id(), p}, std::move(at)));
        }
        graph::DenseOptions o;
        o.bias = a.boolean(2);
        o.weight = init_arg(a, 3);
        o.trainable = a.boolean(4);
        const std::string name = a.is_none(5) ? x.trace().layer_name("dense") : a.string(5);
        return make_node(x.trace_ptr(),
                         graph::dense_layer(x.trace().builder, x.id(), out, name, o));
      },
      "W x + b with a learnable W (out x in) and b; trainable: false makes fixed weights.");
  t.add(
      "scale", sig({"x", {"init", 1.0}, {"trainable", true}}),
      [](Args& a) {
        const NodeValue& x = node_arg(a, 0);
        graph::GraphBuilder& b = x.trace().builder;
        if (x.trace().per_sample) {
          const Index at = take_per_sample(a, x.trace(), x.shape().rows);
          return make_node(x.trace_ptr(),
                           b.add("scale_per_sample", {x.id(), x.trace().per_sample->params},
                                 {{"s_offset", static_cast<std::int64_t>(at)}}));
        }
        const NodeId s = b.param(x.trace().layer_name("scale") + ".s", x.shape().rows, 1,
                                 graph::InitSpec::constant(a.number(1)), a.boolean(2));
        return make_node(x.trace_ptr(), b.add("scale", {x.id(), s}));
      },
      "A learnable factor per feature: s * x.");
  t.add(
      "concat", sig({"x"}, true),
      [](Args& a) {
        // One name for one idea: nodes inside a model, datasets (by samples) outside.
        if (bindings::as_dataset(a[0])) {
          std::vector<data::Dataset> parts = {*bindings::as_dataset(a[0])};
          for (const Value& v : a.rest()) {
            if (!bindings::as_dataset(v))
              a.fail(0, "concat() of datasets takes datasets, got " + v.type_name());
            parts.push_back(*bindings::as_dataset(v));
          }
          try {
            return bindings::make_dataset(data::Dataset::concat_samples(parts));
          } catch (const Error& e) {
            a.fail(0, e.diagnostic().message);
          }
        }
        const NodeValue& x = node_arg(a, 0);
        std::vector<NodeId> ids = {x.id()};
        for (std::size_t i = 0; i < a.rest().size(); ++i) {
          const NodeValue* n = as_node(a.rest()[i]);
          if (!n || n->trace_ptr() != x.trace_ptr()) a.fail(0, "concat takes nodes of one model");
          ids.push_back(n->id());
        }
        return make_node(x.trace_ptr(), x.trace().builder.add("concat", ids));
      },
      "Inside a model, stacks nodes' features: concat(a, b, ...); on datasets, their samples "
      "one after another.");
  t.add(
      "matmul", sig({"a", "b"}), [](Args& a) { return pair(a, "matmul"); },
      "Matrix product a @ b.");
  t.add(
      "lstm", sig({"x", "hidden", {"steps", 1}, {"state", Value()}, {"name", Value()}}),
      [](Args& a) {
        const NodeValue& x = node_arg(a, 0);
        no_per_sample(a, x, "lstm");
        const std::int64_t steps = a.integer(2);
        if (steps < 1 || x.shape().rows % steps != 0) {
          a.fail(2, "the input's " + std::to_string(x.shape().rows) +
                        " features do not split into " + std::to_string(steps) + " steps");
        }
        std::optional<std::pair<NodeId, NodeId>> state;
        if (!a.is_none(3)) {
          const List& l = a.list(3);
          const NodeValue* h = l.size() == 2 ? as_node(l[0]) : nullptr;
          const NodeValue* c = l.size() == 2 ? as_node(l[1]) : nullptr;
          if (!h || !c) a.fail(3, "state is [h, c], two nodes");
          state = std::make_pair(h->id(), c->id());
        }
        const std::string name = a.is_none(4) ? x.trace().layer_name("lstm") : a.string(4);
        const graph::LstmNodes n = graph::lstm_layer(
            x.trace().builder, x.id(), x.shape().rows / steps, a.integer(1), name, state);
        return Value(Record{{"h", make_node(x.trace_ptr(), n.h)},
                            {"c", make_node(x.trace_ptr(), n.c)},
                            {"seq", make_node(x.trace_ptr(), n.all_h)}});
      },
      "An LSTM over x (steps x features per step); returns {h, c, seq}.");
  t.add(
      "time_dense", sig({"seq", "steps", "out", {"bias", true}, {"name", Value()}}),
      [](Args& a) {
        const NodeValue& x = node_arg(a, 0);
        no_per_sample(a, x, "time_dense");
        graph::DenseOptions o;
        o.bias = a.boolean(3);
        const std::string name = a.is_none(4) ? x.trace().layer_name("time_dense") : a.string(4);
        return make_node(x.trace_ptr(),
                         graph::time_distributed_dense(x.trace().builder, x.id(), a.integer(1),
                                                       a.integer(2), name, o));
      },
      "The same dense layer applied to every step of a sequence.");
}

void register_loss_builtins(eval::BuiltinTable& t) {
  add_pair_loss(t, "mse", "mse", "Mean squared error over all values (nodes or datasets).");
  add_pair_loss(t, "mae", "mae", "Mean absolute error over all values (nodes or datasets).");
  add_pair_loss(t, "bce", "bce", "Binary cross-entropy of probabilities against 0/1 targets.");
  add_pair_loss(t, "bce_logits", "bce_with_logits", "Binary cross-entropy on logits (stable).");
  t.add(
      "cross_entropy", sig({"logits", "onehot", {"groups", 1}}),
      [](Args& a) {
        return pair(a, "cross_entropy", {{"groups", a.integer(2)}});
      },
      "Softmax cross-entropy of logits against one-hot targets, mean over samples.");
  t.add(
      "normal", sig({"dim"}),
      [](Args& a) {
        return Value(Record{{"prior", Value("normal")}, {"dim", Value(a.integer(0))}});
      },
      "The standard normal prior N(0, I) of `dim` dimensions, for mmd(z, normal(d)).");
  t.add(
      "uniform", sig({"dim", {"lo", -1.0}, {"hi", 1.0}}),
      [](Args& a) {
        return Value(Record{{"prior", Value("uniform")},
                            {"dim", Value(a.integer(0))},
                            {"lo", Value(a.number(1))},
                            {"hi", Value(a.number(2))}});
      },
      "The uniform prior on the box [lo, hi]^dim, for mmd(z, uniform(d)).");
  t.add(
      "l1", sig({"x"}), [](Args& a) { return unary(a, "l1"); },
      "Sum of |x| per sample (mean over the batch).");
  t.add(
      "l2", sig({"x"}), [](Args& a) { return unary(a, "l2"); },
      "Sum of x^2 per sample (mean over the batch).");
}

}  // namespace

void register_layer_builtins(eval::BuiltinTable& table) {
  register_activation_layers(table);
  register_structure_layers(table);
  register_loss_builtins(table);
}

}  // namespace ael::model
