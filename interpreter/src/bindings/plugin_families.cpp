#include "bindings/plugin_families.hpp"

#include <functional>
#include <string>
#include <vector>

#include "ael/callback.hpp"
#include "ael/data_source.hpp"
#include "ael/random.hpp"
#include "bindings/dataset_value.hpp"
#include "eval/functions.hpp"
#include "plugins/plugin_call.hpp"
#include "util/memory_budget.hpp"

namespace ael::bindings {
namespace {

std::uint64_t name_key(const std::string& name) {
  return std::hash<std::string>{}(name)&0x7fffffffffffffffULL;
}

}  // namespace

Value generate_from_source(const std::shared_ptr<const plugins::PluginHandle>& handle,
                           const Options& options, std::uint64_t default_seed) {
  const OptionValue* seed_option = options.find("seed");
  const std::uint64_t seed = seed_option && std::holds_alternative<std::int64_t>(*seed_option)
                                 ? static_cast<std::uint64_t>(std::get<std::int64_t>(*seed_option))
                                 : default_seed;
  std::shared_ptr<DataSource> source = handle->create<DataSource>(options);
  Rng rng = Rng::stream(seed, {name_key(handle->name())});
  std::vector<std::string> names;
  Eigen::MatrixXd rows =
      plugins::guarded_call(*source, "generate", [&] { return source->generate(rng, names); });
  if (rows.rows() == 0 || rows.cols() == 0)
    throw Error("data source '" + handle->name() + "' generated no data");
  // The dataset keeps samples as columns.
  return make_dataset(data::Dataset(rows.transpose(), std::move(names)));
}

Value callback_function(const std::shared_ptr<const plugins::PluginHandle>& handle,
                        const Options& options) {
  std::shared_ptr<EventCallback> callback = handle->create<EventCallback>(options);
  Signature signature;
  Param event;
  event.name = "event";
  event.doc = "the run event record (epoch, loss, generation, ...)";
  signature.params.push_back(std::move(event));
  NativeFn fn = [callback](Args& a) -> Value {
    const Record& record = a.record(0);
    return Value(
        plugins::guarded_call(*callback, "on_event", [&] { return callback->on_event(record); }));
  };
  return Value(std::make_shared<eval::NativeFunction>(
      handle->name(), std::move(signature), std::move(fn), handle->manifest().description));
}

}  // namespace ael::bindings
