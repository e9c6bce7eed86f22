// ael/op.hpp: the kernel base class and the op registry.
#include <algorithm>

#include "ael/op.hpp"

namespace ael {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

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
  std::string best;
  std::size_t best_distance = 3;  // suggest only close names
  for (const auto& candidate : names()) {
    const std::size_t d = edit_distance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  std::string message = "unknown op '" + std::string(name) + "'";
  if (!best.empty()) message += "; did you mean '" + best + "'?";
  throw Error(message);
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
