// The `push` loss plugin: SOSAE's push regulariser (op push) and the contractive term of
// a sigmoid encoder layer (op contractive).
#include <ael/loss.hpp>
#include <ael/op.hpp>
#include <ael/plugin.hpp>
#include <memory>

#include "contractive_op.hpp"
#include "push_op.hpp"

namespace {

class PushPlugin final : public ael::LossPlugin {
 public:
  std::vector<ael::LossFunction> functions() const override {
    ael::LossFunction push;
    push.name = "push";
    push.inputs = {"h"};
    push.options = {
        ael::OptionSpec::number("alpha", 0.0, "positional growth: weight (1 + alpha)^k of dim k")
            .at_least(0)
            .required(),
        ael::OptionSpec::numbers("dims", {},
                                 "axes of a multi-axis code, first fastest (empty: a vector)")
            .at_least(1),
    };
    push.doc = "SOSAE push loss sum_k (1 + alpha)^k |h_k|, mean over the batch";

    ael::LossFunction contractive;
    contractive.name = "contractive";
    contractive.inputs = {"h", "W"};
    contractive.doc = "||J_f(x)||_F^2 of a sigmoid layer h = sigmoid(W x + b), mean over the batch";
    return {push, contractive};
  }
  void register_ops(ael::OpRegistry& registry) override {
    ael_push::register_push_op(registry);
    ael_push::register_contractive_op(registry);
  }
};

ael::PluginManifest manifest() {
  ael::PluginManifest m;
  m.name = "push";
  m.version = "1.0.0";
  m.description = "SOSAE push loss and the contractive (Jacobian) penalty of a sigmoid layer";
  return m;
}

std::unique_ptr<ael::LossPlugin> create(const ael::Options&) {
  return std::make_unique<PushPlugin>();
}

}  // namespace

AEL_PLUGIN(manifest, create)
