#include "bindings/optimizer_chain.hpp"

#include "bindings/plugin_value.hpp"

namespace ael::bindings {

std::string OptimizerChain::repr() const {
  std::string s;
  for (const Value& stage : stages_) s += (s.empty() ? "" : " then ") + stage.repr();
  return s;
}

std::optional<Value> OptimizerChain::field(std::string_view name) const {
  if (name == "stages") return Value(List(stages_));
  return std::nullopt;
}

std::vector<std::string> OptimizerChain::field_names() const { return {"stages"}; }

std::optional<std::vector<Value>> optimizer_stages(const Value& v) {
  if (const PluginValue* p = as_plugin(v)) {
    if (!is_optimizer_family(p->family())) return std::nullopt;
    return std::vector<Value>{v};
  }
  if (auto chain = v.object_as<OptimizerChain>()) return chain->stages();
  return std::nullopt;
}

}  // namespace ael::bindings
