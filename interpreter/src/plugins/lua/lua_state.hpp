// A sandboxed Lua state for plugins written in Lua, and the one safe way to call into it.
//
// AEL links Debian's C build of Lua, whose errors longjmp. libael is also loaded into the
// stock lua5.4 (hosts/lua), whose exported C Lua would take the place of any Lua libael
// linked, so the C++ build could not be relied on anyway. The rule that makes this safe:
// a Lua API call that can raise runs only inside protected_call(), in a function whose
// frame holds plain data (pointers, numbers) and no C++ object with a destructor. Outside
// it, C++ code uses only the non-raising API (lua_rawgeti, lua_next, lua_to*, lua_type,
// lua_settop, ...), so a longjmp never skips a C++ frame.
//
// The sandbox: base, string, table, math, utf8 and os.clock/os.time/os.date. No io,
// package, require, dofile, loadfile, debug or os.exit; math.random is replaced by an
// error pointing at the seeded rng AEL hands the plugin. Memory is capped, and Ctrl-C
// (ael::request_interrupt) stops a runaway loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

struct lua_State;

namespace ael::plugins::lua {

class LuaState {
 public:
  /// A fresh sandboxed state; `chunk_path` names the plugin file in messages.
  explicit LuaState(std::string chunk_path, std::size_t memory_limit = std::size_t(1) << 30);
  ~LuaState();
  LuaState(const LuaState&) = delete;
  LuaState& operator=(const LuaState&) = delete;

  lua_State* get() const { return L_; }
  const std::string& path() const { return path_; }

  /// Runs `fn(L, data)` under lua_pcall, with a traceback on error; `fn` leaves its
  /// results on the stack (how many it returns). Throws ael::Error with the Lua message
  /// ("file.lua:12: attempt to index a nil value" and the traceback) when it fails.
  using Body = int (*)(lua_State* L, void* data);
  int protected_call(Body fn, void* data, const char* what);

  /// Loads and runs the plugin file and keeps what it returns (the plugin table).
  void load_plugin_table();
  /// Pushes the plugin table (never raises).
  void push_plugin_table() const;

  struct MemoryBudget {
    std::size_t used = 0, limit = 0;
  };

 private:
  lua_State* L_ = nullptr;
  std::string path_;
  MemoryBudget budget_;
};

/// Restores the stack top on scope exit (lua_settop never raises).
class StackRestore {
 public:
  explicit StackRestore(lua_State* L);
  ~StackRestore();
  StackRestore(const StackRestore&) = delete;
  StackRestore& operator=(const StackRestore&) = delete;

 private:
  lua_State* L_;
  int top_;
};

/// Pushes the plugin table of the state `L` belongs to (never raises; usable in bodies).
void push_plugin_table(lua_State* L);

/// Pushes t[key] for a table at `index` without raising (a raw scan; plugin tables are
/// small). Returns the value's Lua type (LUA_TNIL when absent).
int raw_field(lua_State* L, int index, const char* key);
/// The string at `index`, or "" when it is not a string (no conversion, no raise).
std::string string_at(lua_State* L, int index);

}  // namespace ael::plugins::lua
