-- A data source written in Lua: points on a noisy 2-D spiral (a 1-D manifold), for
-- autoencoders with a 1-unit code. In a script: `let d = spiral(n: 1000, seed: 1)`.
-- The rng is AEL's, seeded from the `seed` option: same seed, same points.
return {
  name = "spiral",
  family = "data source",
  version = "1.0.0",
  description = "points on a noisy Archimedean spiral in 2-D, written in Lua",
  options = {
    {name = "n", type = "integer", default = 1000, min = 1, doc = "number of points"},
    {name = "turns", type = "number", default = 1.5, above = 0, doc = "turns of the spiral"},
    {name = "noise", type = "number", default = 0.01, min = 0, doc = "gaussian noise (sd)"},
    {name = "seed", type = "integer", default = 0, doc = "seed of the points and the noise"},
  },
  create = function(options)
    return {
      generate = function(self, rng)
        local rows, span = {}, 2 * math.pi * options.turns
        for i = 1, options.n do
          local t = span * rng:uniform()
          local r = t / span
          rows[i] = {r * math.cos(t) + rng:normal(0, options.noise),
                     r * math.sin(t) + rng:normal(0, options.noise)}
        end
        return {columns = {"x", "y"}, rows = rows}
      end,
    }
  end,
}
