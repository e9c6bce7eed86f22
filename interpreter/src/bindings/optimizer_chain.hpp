// `de(generations: 50) then adam(lr: 1e-3, epochs: 5)`: optimizers run one after another.
//
// `a then b` makes an OptimizerChain: a flat list of optimizer plugin values (a chain
// `then` a chain concatenates). Nothing runs until a train block uses it as its
// optimizer; train/chain.hpp runs the stages, each starting from the best parameters of
// the stage before.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ael/value.hpp"

namespace ael::bindings {

class OptimizerChain : public Object {
 public:
  explicit OptimizerChain(std::vector<Value> stages) : stages_(std::move(stages)) {}

  std::string type_name() const override { return "optimizer chain"; }
  std::string repr() const override;
  std::optional<Value> field(std::string_view name) const override;
  std::vector<std::string> field_names() const override;

  /// The stages in order, each a PluginValue of an optimizer family.
  const std::vector<Value>& stages() const { return stages_; }

 private:
  std::vector<Value> stages_;
};

/// The stages `v` stands for as an optimizer: one for an optimizer plugin value, the
/// chain's for a chain; std::nullopt for anything else (another family, a number, ...).
std::optional<std::vector<Value>> optimizer_stages(const Value& v);

}  // namespace ael::bindings
