#include <string>
#include <utility>
#include <vector>

#include "ael/closest_name.hpp"
#include "check/checker.hpp"

namespace ael::check {

const std::vector<std::string>& train_setting_names() {
  static const std::vector<std::string> names = {
      "loss",        "optimizer", "epochs",     "batches",          "batch",
      "seed",        "shuffle",   "validation", "validation_loss",  "metrics",
      "log",         "log_every", "checkpoint", "checkpoint_every", "resume",
      "init_from",   "precision", "early_stop", "on_epoch",         "time_limit",
      "target_loss", "progress",  "keep_best",  "encoding",         "generations",
      "evaluations", "on_stage",  "threads",    "on_step",          "on_generation"};
  return names;
}

std::string train_setting_hint(const std::string& key) {
  // Names other frameworks use for the same thing: too far from AEL's for an edit
  // distance, too common to leave without an answer.
  static const std::vector<std::pair<std::vector<std::string>, std::string>> aliases = {
      {{"batch_size", "batchsize", "minibatch", "mini_batch", "bs"}, "; did you mean 'batch'?"},
      {{"n_epochs", "num_epochs", "max_epochs", "nepochs", "epoch"}, "; did you mean 'epochs'?"},
      {{"lr", "lrate", "learning_rate", "learningrate", "step_size", "eta"},
       "; the learning rate is an option of the optimizer: optimizer = adam(lr: 1e-3)"},
      {{"patience", "early_stopping", "earlystop"}, "; did you mean 'early_stop'?"},
      {{"val", "valid", "val_data", "validation_data", "test"}, "; did you mean 'validation'?"},
      {{"random_state", "random_seed", "rng"}, "; did you mean 'seed'?"},
      {{"timeout", "max_time", "seconds"}, "; did you mean 'time_limit'?"},
      {{"opt", "optim", "solver"}, "; did you mean 'optimizer'?"},
      {{"callback", "callbacks", "on_step_end", "on_epoch_end"}, "; did you mean 'on_epoch'?"},
  };
  for (const auto& [names, hint] : aliases) {
    for (const std::string& name : names)
      if (name == key) return hint;
  }
  return did_you_mean(key, train_setting_names());
}

}  // namespace ael::check
