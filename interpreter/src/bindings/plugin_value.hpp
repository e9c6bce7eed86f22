// `adam(lr: 1e-3)`, `de(pop: 40)`, `gp(population: 500)`: a plugin chosen in a script.
//
// Calling a plugin's name in a script loads the plugin (first use), validates the
// arguments against its option schema (problems are diagnostics at the call's span) and
// yields a PluginValue. Nothing of the plugin runs yet: the construct that uses the value
// (`train`, `symreg`, a loss expression) creates the family object it needs with
// create<I>(), so one value can configure many runs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ael/options.hpp"
#include "ael/value.hpp"
#include "plugins/plugin_handle.hpp"

namespace ael::bindings {

class PluginValue : public Object {
 public:
  /// An option given as a schedule (`adam(lr: cosine(...))`): validated with its value at
  /// step 0, then set through GradientOptimizer::set_option as training goes.
  struct Scheduled {
    std::string option;
    Value schedule;
  };

  PluginValue(std::shared_ptr<const plugins::PluginHandle> handle, Options options,
              std::vector<Scheduled> scheduled = {}, Record budget = {})
      : handle_(std::move(handle)),
        options_(std::move(options)),
        scheduled_(std::move(scheduled)),
        budget_(std::move(budget)) {}

  std::string type_name() const override { return "plugin"; }
  std::string repr() const override;
  std::optional<Value> field(std::string_view name) const override;
  std::vector<std::string> field_names() const override;
  /// describe(): the family and call, then every option with the value the run will use,
  /// marking the defaults, and the scheduled options and own budget.
  std::string describe() const;

  const plugins::PluginHandle& handle() const { return *handle_; }
  const std::string& name() const { return handle_->name(); }
  PluginFamily family() const { return handle_->manifest().family; }
  const Options& options() const { return options_; }
  const std::vector<Scheduled>& scheduled() const { return scheduled_; }
  /// An optimizer's own budget (`de(generations: 50)`, `adam(epochs: 5)`): the keys of
  /// stage_budget_keys() given in the call; empty when the train block's budget applies.
  const Record& budget() const { return budget_; }

  /// A fresh object of family interface I configured with the options (throws ael::Error
  /// when the plugin is of another family).
  template <class I>
  std::shared_ptr<I> create() const {
    return handle_->create<I>(options_);
  }

 private:
  bool is_scheduled(const std::string& option) const;

  std::shared_ptr<const plugins::PluginHandle> handle_;
  Options options_;
  std::vector<Scheduled> scheduled_;
  Record budget_;
};

/// The budget settings an optimizer call may carry for its own stage of a chain
/// (`de(generations: 50) then adam(epochs: 5)`): the train block's budget keys. A plugin
/// option of the same name stays the plugin's.
const std::vector<std::string>& stage_budget_keys();
bool is_stage_budget_key(const std::string& name);

inline bool is_optimizer_family(PluginFamily f) {
  return f == PluginFamily::GradientOptimizer || f == PluginFamily::PopulationOptimizer;
}

/// The PluginValue in `v`, or nullptr when `v` is something else.
const PluginValue* as_plugin(const Value& v);

/// The script function behind a plugin's name (`adam`): calling it validates the named
/// arguments against the plugin's schema and returns a PluginValue. `handle` must be
/// loaded already.
Value plugin_function(std::shared_ptr<const plugins::PluginHandle> handle);

}  // namespace ael::bindings
