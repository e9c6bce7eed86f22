-- A (1+1)-ES (Rechenberg's 1/5th success rule), written in Lua: an AEL population
-- optimizer plugin. Put this folder on the plugin path and call it from a script:
--
--   ael run --plugin-path examples/lua_plugin examples/lua_plugin/train.ael
--
-- AEL validates `one_plus_one(sigma: ..., lambda: ...)` against `options` below, hands
-- initialize() the starting genome(s) and its seeded rng, then alternates ask() (the
-- genomes to evaluate) and tell() (their losses, lower is better).
--
-- Each generation is evaluated on a fresh batch ("limited evaluation"), so the parent is
-- asked again beside its offspring: parent and children are compared on the same batch,
-- and a lucky batch cannot freeze the search.
return {
  name = "one_plus_one",
  family = "population optimizer",
  version = "1.0.0",
  description = "(1+lambda)-ES with the 1/5th success rule, written in Lua",
  options = {
    {name = "sigma", type = "number", default = 0.05, above = 0, doc = "initial mutation step"},
    {name = "lambda", type = "integer", default = 1, min = 1, doc = "offspring per generation"},
    {name = "adapt", type = "number", default = 1.5, above = 1,
     doc = "step factor after a success (a failure divides by its 4th root)"},
  },

  create = function(options)
    local es = {population = options.lambda + 1}   -- the parent, then lambda children

    function es:initialize(genomes, rng)
      self.rng, self.parent = rng, genomes[1]
      self.sigma, self.asked = options.sigma, nil
    end

    function es:ask()
      if not self.asked then
        local asked = {self.parent}
        for k = 1, options.lambda do
          local child = {}
          for i, x in ipairs(self.parent) do child[i] = x + self.sigma * self.rng:normal() end
          asked[k + 1] = child
        end
        self.asked = asked
      end
      return self.asked
    end

    function es:tell(losses)
      local best = 2
      for k = 3, #losses do if losses[k] < losses[best] then best = k end end
      if losses[best] < losses[1] then
        self.parent = self.asked[best]
        self.sigma = self.sigma * options.adapt
      else
        self.sigma = self.sigma / options.adapt ^ 0.25
      end
      self.asked = nil
    end

    return es
  end,
}
