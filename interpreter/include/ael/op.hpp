// ael/op.hpp — differentiable ops: the op registry and the kernel interface (public SDK).
//
// Every node of an AEL graph names an op. An OpDef carries everything the graph needs to
// know about it: how many inputs it takes, which attributes it accepts, how to infer its
// output shape, and factories for its float and double kernels. A Kernel computes the
// forward value and accumulates input gradients in backward. Loss plugins (MMD, KL, ...)
// compile against this header alone and register their ops into the same registry:
//
//   template <class S>
//   class Twice : public ael::Kernel<S> {
//    public:
//     explicit Twice(const ael::NodeInfo&) {}
//     void forward(ael::KernelContext<S>& c) override { c.output() = 2 * c.input(0); }
//     void backward(ael::KernelContext<S>& c) override {
//       if (c.needs_grad(0)) c.input_grad(0) += 2 * c.output_grad();
//     }
//   };
//   ael::OpDef def;
//   def.name = "twice";
//   def.shape = [](const std::vector<ael::Shape>& in, const ael::Attrs&) { return in[0]; };
//   ael::set_kernels<Twice>(def);
//   registry.add(std::move(def));
//
// Hot-path rules for kernels: read attributes in the constructor (never by name in
// forward/backward), allocate nothing in forward/backward (ask for scratch memory through
// workspace_size), and *accumulate* into input gradients (a node may feed several others).
#pragma once

#include "ael/export.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "ael/diagnostic.hpp"
#include "ael/random.hpp"
#include "ael/tensor.hpp"  // Eigen, with GCC 12's spurious intrinsics warnings silenced

namespace ael {

/// Index of a node in a graph (nodes are in topological order).
using NodeId = std::int32_t;

namespace graph {
template <class S>
class Graph;
}

// ---------------------------------------------------------------------------------------
// Attributes

/// An attribute value: integer (also used for booleans), real, string or a list of reals.
using AttrValue = std::variant<std::int64_t, double, std::string, std::vector<double>>;

/// Named attribute values of one node, in insertion order.
class AEL_API Attrs {
 public:
  Attrs() = default;
  Attrs(std::initializer_list<std::pair<std::string, AttrValue>> items);

  /// Adds or replaces a value.
  Attrs& set(const std::string& name, AttrValue value);
  bool has(std::string_view name) const { return find(name) != nullptr; }
  const AttrValue* find(std::string_view name) const;

  // Typed reads; they throw ael::Error naming the attribute when it is missing or has the
  // wrong type. number() accepts integers; flag() reads an integer as a boolean.
  double number(std::string_view name) const;
  std::int64_t integer(std::string_view name) const;
  bool flag(std::string_view name) const { return integer(name) != 0; }
  const std::string& string(std::string_view name) const;
  const std::vector<double>& numbers(std::string_view name) const;

  const std::vector<std::pair<std::string, AttrValue>>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

  /// Same names with equal values, in any order.
  friend bool operator==(const Attrs& a, const Attrs& b);
  friend bool operator!=(const Attrs& a, const Attrs& b) { return !(a == b); }

 private:
  std::vector<std::pair<std::string, AttrValue>> items_;
};

/// "int", "real", "string", "list".
AEL_API const char* attr_type_name(const AttrValue& value);
/// How an attribute value prints in messages and in `:explain`.
AEL_API std::string attr_repr(const AttrValue& value);

/// One attribute an op accepts. The default's type is the attribute's type (an integer
/// given where a real is expected is accepted). The builder fills in defaults, so a saved
/// graph spells every attribute out.
struct AEL_API AttrSpec {
  std::string name;
  AttrValue default_value = std::int64_t{0};
  bool required = false;
  std::string doc;
};

// ---------------------------------------------------------------------------------------
// Kernels

/// What the host tells a run: training or evaluation, and the keys of the random streams.
/// Stochastic nodes draw from Rng::stream(seed, {node, step}), so a forward pass is a pure
/// function of (params, inputs, seed, step): repeating it repeats the noise.
struct AEL_API RunContext {
  bool training = true;
  std::uint64_t seed = 0;
  std::uint64_t step = 0;
};

/// A node's storage as the graph planned it: value and (when the node needs one) gradient,
/// both column-major rows x cols.
template <class S>
struct AEL_API Slot {
  S* value = nullptr;
  S* grad = nullptr;  ///< nullptr: no gradient flows into this node
  Index rows = 0;
  Index cols = 0;
};

/// A kernel's view of its node during one forward or backward call.
template <class S>
class AEL_API KernelContext {
 public:
  int arity() const { return arity_; }
  ConstMatrixMap<S> input(int i) const {
    const Slot<S>& s = slots_[inputs_[i]];
    return ConstMatrixMap<S>(s.value, s.rows, s.cols);
  }
  MatrixMap<S> output() const {
    const Slot<S>& s = slots_[self_];
    return MatrixMap<S>(s.value, s.rows, s.cols);
  }
  /// dLoss/dOutput (backward only).
  ConstMatrixMap<S> output_grad() const {
    const Slot<S>& s = slots_[self_];
    return ConstMatrixMap<S>(s.grad, s.rows, s.cols);
  }
  /// Whether input i wants a gradient; input_grad(i) is only valid when it does.
  bool needs_grad(int i) const { return slots_[inputs_[i]].grad != nullptr; }
  /// dLoss/dInput i: add to it, never assign (other consumers add theirs).
  MatrixMap<S> input_grad(int i) const {
    const Slot<S>& s = slots_[inputs_[i]];
    return MatrixMap<S>(s.grad, s.rows, s.cols);
  }
  /// Raw input pointers, for kernels that view inputs with strides.
  const S* input_data(int i) const { return slots_[inputs_[i]].value; }
  S* input_grad_data(int i) const { return slots_[inputs_[i]].grad; }
  Index input_rows(int i) const { return slots_[inputs_[i]].rows; }
  Index input_cols(int i) const { return slots_[inputs_[i]].cols; }

  /// Scratch memory of the size the kernel asked for (kept from forward to backward).
  S* workspace() const { return workspace_; }
  /// The batch size B the graph is planned for.
  Index batch() const { return batch_; }
  bool training() const { return run_->training; }
  std::uint64_t step() const { return run_->step; }
  /// This node's random stream for this step (only for ops flagged stochastic).
  Rng& rng() { return rng_; }
  NodeId node() const { return self_; }

 private:
  friend class graph::Graph<S>;
  const Slot<S>* slots_ = nullptr;
  const NodeId* inputs_ = nullptr;
  int arity_ = 0;
  NodeId self_ = 0;
  S* workspace_ = nullptr;
  Index batch_ = 0;
  const RunContext* run_ = nullptr;
  Rng rng_;
};

/// Forward and backward of one node. Created once per node when a graph is compiled.
template <class S>
class AEL_API Kernel {
 public:
  virtual ~Kernel();
  /// Scalars of scratch memory needed for batch size `batch` (must not decrease as batch
  /// grows). Planned with the other buffers, so forward/backward never allocate.
  virtual Index workspace_size(Index batch) const;
  virtual void forward(KernelContext<S>& ctx) = 0;
  /// Called only when some input needs a gradient; check needs_grad(i) per input.
  virtual void backward(KernelContext<S>& ctx) = 0;
};

extern template class Kernel<float>;
extern template class Kernel<double>;

/// What a kernel factory knows about its node.
struct AEL_API NodeInfo {
  const std::string& op;
  const Attrs& attrs;
  const std::vector<Shape>& inputs;
  Shape output;
};

template <class S>
using KernelFactory = std::function<std::unique_ptr<Kernel<S>>(const NodeInfo&)>;

/// Infers the output shape from the input shapes and (complete, defaults filled) attrs.
/// Throws graph::ShapeError with a message that starts with the op name.
using ShapeFn = std::function<Shape(const std::vector<Shape>& inputs, const Attrs& attrs)>;

// ---------------------------------------------------------------------------------------
// Op definitions and the registry

struct AEL_API OpDef {
  std::string name;
  int min_arity = 1;
  int max_arity = 1;  ///< -1: any number of inputs >= min_arity
  std::vector<AttrSpec> attrs;
  ShapeFn shape;
  KernelFactory<float> make_float;
  KernelFactory<double> make_double;
  bool stochastic = false;     ///< draws random numbers (gets an Rng per node and step)
  bool training_only = false;  ///< behaves differently at evaluation (e.g. noise: identity)
  bool differentiable = true;  ///< false: no gradient flows through (stop_gradient)
  std::string doc;
  /// Keeps whatever the kernels' code lives in alive (a plugin library) while a graph
  /// built from this op exists.
  std::shared_ptr<const void> owner;

  const AttrSpec* find_attr(std::string_view attr) const;
  template <class S>
  const KernelFactory<S>& factory() const {
    if constexpr (std::is_same_v<S, float>) {
      return make_float;
    } else {
      return make_double;
    }
  }
};

/// Sets both kernel factories of `def` from one kernel class template K<S>, constructed
/// from a NodeInfo.
template <template <class> class K>
void set_kernels(OpDef& def) {
  def.make_float = [](const NodeInfo& n) -> std::unique_ptr<Kernel<float>> {
    return std::make_unique<K<float>>(n);
  };
  def.make_double = [](const NodeInfo& n) -> std::unique_ptr<Kernel<double>> {
    return std::make_unique<K<double>>(n);
  };
}

/// Ops by name. Adding and looking up are thread-safe; an OpDef returned by find() stays
/// valid until it is removed.
class AEL_API OpRegistry {
 public:
  OpRegistry();
  ~OpRegistry();
  OpRegistry(const OpRegistry&) = delete;
  OpRegistry& operator=(const OpRegistry&) = delete;

  /// Registers an op. Throws ael::Error if the name is taken or the definition is
  /// incomplete (no shape function, no kernels, bad arity).
  void add(OpDef def);
  /// Removes an op (a plugin being unloaded); graphs already compiled keep working.
  bool remove(std::string_view name);
  /// nullptr when there is no such op.
  std::shared_ptr<const OpDef> find(std::string_view name) const;
  /// Like find, but throws ael::Error("unknown op 'x'; did you mean 'y'?").
  std::shared_ptr<const OpDef> get(std::string_view name) const;
  /// Names in sorted order.
  std::vector<std::string> names() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<const OpDef>> ops_;
};

/// The process-wide registry: AEL's built-in ops plus whatever plugins register.
AEL_API OpRegistry& op_registry();

}  // namespace ael
