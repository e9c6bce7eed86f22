// ael/callback.hpp — the run callback plugin family (part of the public SDK).
//
// A callback plugin watches a run: a script calls it by name and passes the result as a
// run event handler, `on_epoch = stop_when(loss: 1e-3)`; the host calls on_event with the
// event's record (epoch, loss, generation, ... as the event provides) and stops the run
// when it returns true. Runs may go on in parallel: on_event must be safe to call from
// several threads (the Lua adapter serialises its calls).
#pragma once

#include "ael/export.h"

#include "ael/plugin.hpp"
#include "ael/value.hpp"

namespace ael {

class AEL_API EventCallback : public PluginObject {
 public:
  static constexpr PluginFamily family = PluginFamily::Callback;
  ~EventCallback() override;

  /// True: stop the run after this step or generation.
  virtual bool on_event(const Record& event) = 0;
};

}  // namespace ael
