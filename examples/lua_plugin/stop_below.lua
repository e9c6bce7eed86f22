-- A run callback written in Lua: stops training once the loss is below a target, and
-- prints a line every `every` events. In a train block:
--   on_epoch = stop_below(loss: 1e-3, every: 10)
return {
  name = "stop_below",
  family = "callback",
  version = "1.0.0",
  description = "stop a run when the loss falls below a target, written in Lua",
  options = {
    {name = "loss", type = "number", default = 1e-3, above = 0, doc = "target loss"},
    {name = "every", type = "integer", default = 0, min = 0, doc = "print every N events (0: never)"},
  },
  create = function(options)
    return {
      on_event = function(self, event)
        local step = event.epoch or event.generation or 0
        if options.every > 0 and step % options.every == 0 then
          print(string.format("  [stop_below] %d: loss %.4g", step, event.loss))
        end
        return event.loss < options.loss
      end,
    }
  end,
}
