#include <string>
#include <vector>

#include "check/checker.hpp"

namespace ael::check {

const std::vector<std::string>& train_setting_names() {
  static const std::vector<std::string> names = {
      "loss",      "optimizer",  "epochs",     "batches",          "batch",
      "seed",      "shuffle",    "validation", "validation_loss",  "metrics",
      "log",       "log_every",  "checkpoint", "checkpoint_every", "resume",
      "precision", "early_stop", "on_epoch",   "time_limit",       "target_loss",
      "progress",  "keep_best",  "encoding",   "generations",      "evaluations",
      "threads"};
  return names;
}

}  // namespace ael::check
