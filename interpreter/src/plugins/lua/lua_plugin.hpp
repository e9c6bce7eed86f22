// Plugins written in Lua: a file `<name>.lua` in a plugin folder.
//
//   -- one_plus_one.lua
//   return {
//     name = "one_plus_one", family = "population optimizer", version = "1.0.0",
//     description = "(1+1)-ES with the 1/5th success rule",
//     options = {
//       {name = "sigma", type = "number", default = 0.1, above = 0, doc = "initial step"},
//     },
//     create = function(options)            -- options: validated, defaults filled in
//       return {
//         population = 1,                   -- genomes per ask()
//         initialize = function(self, genomes, rng) ... end,  -- genomes: {{...}, ...}
//         ask = function(self) return {{...}} end,             -- list of genomes
//         tell = function(self, losses) ... end,               -- one loss per genome
//       }
//     end,
//   }
//
// Option specs: name, type ("number", "integer", "bool", "string", "choice", "numbers"),
// default (absent: required), min / max (inclusive), above / below (exclusive), choices
// (for "choice"), doc. Scripts call the plugin like any other (`one_plus_one(sigma:
// 0.2)`), validated against the schema; `ael plugins` lists it with its file.
//
// The rng passed to initialize() is AEL's seeded stream for the run (rng:uniform([a,
// b]), rng:normal([mean, sd]), rng:integer(n) in 1..n): same seed, same run.
// math.random is disabled for that reason.
//
// Data sources (`generate(self, rng)` -> rows, or {columns = ..., rows = ...}) and run
// callbacks (`on_event(self, event)` -> true to stop) are written the same way (see
// docs/plugins.md); a file declaring another family is refused with an error saying so.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace ael::plugins {
class PluginHandle;
}

namespace ael::plugins::lua {

/// The plugin name of a file `<name>.lua`, or "" for another file.
std::string plugin_name_of_lua_file(const std::string& filename);

/// Reads the plugin file's manifest (running it in a sandbox) and returns a handle whose
/// objects each run in a Lua state of their own. Throws ael::Error naming the file (and
/// line, for a Lua error) when the file is not a sound plugin.
std::shared_ptr<PluginHandle> open_lua_plugin(const std::string& path,
                                              std::string_view expected_name = {});

}  // namespace ael::plugins::lua
