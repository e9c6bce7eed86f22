// ael/op.hpp: the kernel base class and the op registry.
#include <algorithm>

#include "ael/closest_name.hpp"
#include "ael/op.hpp"

namespace ael {
namespace {

void check_complete(const OpDef& def) {
  const std::string what = "op '" + def.name + "': ";
  if (def.name.empty()) throw Error("an op needs a name");
  if (!def.shape) throw Error(what + "no shape function");
  if (def.min_arity < 0 || (def.max_arity >= 0 && def.max_arity < def.min_arity))
    throw Error(what + "bad arity range");
  // Ops without inputs are the graph's leaves (inputs, params, constants): the graph
  // itself provides their values, so they have no kernels.
  if (def.max_arity != 0 && (!def.make_float || !def.make_double))
    throw Error(what + "needs both float and double kernel factories (see set_kernels)");
}

}  // namespace

template <class S>
Kernel<S>::~Kernel() = default;

template <class S>
Index Kernel<S>::workspace_size(Index) const {
  return 0;
}

template class Kernel<float>;
template class Kernel<double>;

OpRegistry::OpRegistry() = default;
OpRegistry::~OpRegistry() = default;

void OpRegistry::add(OpDef def) {
  check_complete(def);
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& op : ops_) {
    if (op->name == def.name) throw Error("op '" + def.name + "' is already registered");
  }
  ops_.push_back(std::make_shared<const OpDef>(std::move(def)));
}

bool OpRegistry::remove(std::string_view name) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it =
      std::find_if(ops_.begin(), ops_.end(), [&](const auto& op) { return op->name == name; });
  if (it == ops_.end()) return false;
  ops_.erase(it);
  return true;
}

std::shared_ptr<const OpDef> OpRegistry::find(std::string_view name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& op : ops_) {
    if (op->name == name) return op;
  }
  return nullptr;
}

std::shared_ptr<const OpDef> OpRegistry::get(std::string_view name) const {
  if (auto op = find(name)) return op;
  throw Error("unknown op '" + std::string(name) + "'" + did_you_mean(name, names()));
}

std::vector<std::string> OpRegistry::names() const {
  std::vector<std::string> out;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& op : ops_) out.push_back(op->name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ael
