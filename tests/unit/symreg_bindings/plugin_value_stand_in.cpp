// TEMPORARY stand-in for bindings/plugin_value.cpp, which the lead is writing: these
// tests build PluginValue objects by hand, and a PluginValue needs its out-of-line
// virtual functions (and so its vtable) to exist. Delete this file when
// interpreter/src/bindings/plugin_value.cpp lands in libael.
#include "bindings/plugin_value.hpp"

namespace ael::bindings {

std::string PluginValue::repr() const { return "<plugin " + name() + ">"; }

std::optional<Value> PluginValue::field(std::string_view field_name) const {
  if (field_name == "name") return Value(name());
  return std::nullopt;
}

std::vector<std::string> PluginValue::field_names() const { return {"name"}; }

}  // namespace ael::bindings
