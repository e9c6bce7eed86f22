#include "plugins/lua/lua_state.hpp"

#include <cstdlib>
#include <cstring>

#include "ael/diagnostic.hpp"
#include "util/interrupt.hpp"

extern "C" {
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
}

namespace ael::plugins::lua {
namespace {

// Lua's allocator contract (realloc-like) with a cap: a plugin that builds an absurd
// table gets "not enough memory" as a Lua error, not the process killed.
void* capped_alloc(void* ud, void* ptr, std::size_t old_size, std::size_t new_size) {
  auto* budget = static_cast<LuaState::MemoryBudget*>(ud);
  const std::size_t old_block = ptr ? old_size : 0;
  if (new_size == 0) {
    std::free(ptr);
    budget->used -= old_block;
    return nullptr;
  }
  if (new_size > old_block && budget->used - old_block + new_size > budget->limit) return nullptr;
  void* block = std::realloc(ptr, new_size);
  if (block) budget->used = budget->used - old_block + new_size;
  return block;
}

// Every 10k instructions: Ctrl-C ends a Lua loop that never returns.
void interrupt_hook(lua_State* L, lua_Debug*) {
  if (take_interrupt()) luaL_error(L, "interrupted");
}

int refuse_random(lua_State* L) {
  return luaL_error(L,
                    "math.random is not available in AEL plugins: use the rng AEL passes "
                    "to initialize() (rng:uniform(), rng:normal(), rng:integer(n)), so runs "
                    "are reproducible");
}

int open_sandbox(lua_State* L, void*) {
  static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},        {LUA_TABLIBNAME, luaopen_table},
                                  {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
                                  {LUA_UTF8LIBNAME, luaopen_utf8},  {LUA_OSLIBNAME, luaopen_os}};
  for (const luaL_Reg& lib : libs) {
    luaL_requiref(L, lib.name, lib.func, 1);
    lua_pop(L, 1);
  }
  for (const char* name : {"dofile", "loadfile", "require", "collectgarbage"}) {
    lua_pushnil(L);
    lua_setglobal(L, name);
  }
  // os keeps only the clock.
  lua_getglobal(L, LUA_OSLIBNAME);
  for (const char* name :
       {"execute", "exit", "getenv", "remove", "rename", "tmpname", "setlocale"}) {
    lua_pushnil(L);
    lua_setfield(L, -2, name);
  }
  lua_pop(L, 1);
  lua_getglobal(L, LUA_MATHLIBNAME);
  lua_pushcfunction(L, refuse_random);
  lua_setfield(L, -2, "random");
  lua_pushcfunction(L, refuse_random);
  lua_setfield(L, -2, "randomseed");
  lua_pop(L, 1);
  return 0;
}

int traceback_handler(lua_State* L) {
  const char* message = lua_tostring(L, 1);
  luaL_traceback(L, L, message ? message : "(an error object that is not a string)", 1);
  return 1;
}

struct Trampoline {
  LuaState::Body fn;
  void* data;
};

int run_body(lua_State* L) {
  auto* t = static_cast<Trampoline*>(lua_touserdata(L, 1));
  lua_remove(L, 1);
  return t->fn(L, t->data);
}

// The registry key of the plugin table (an address: no clash with luaL_ref's integers).
const char plugin_table_key = 0;

struct LoadChunk {
  const char* path;  // also the chunk name ("@path"), so errors say file:line
};

int load_and_run(lua_State* L, void* data) {
  auto* c = static_cast<LoadChunk*>(data);
  if (luaL_loadfilex(L, c->path, "t") != LUA_OK) return lua_error(L);
  lua_call(L, 0, 1);
  if (lua_type(L, -1) != LUA_TTABLE)
    return luaL_error(L, "%s must return its plugin table (return { name = ..., ... })", c->path);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &plugin_table_key);
  return 0;
}

}  // namespace

LuaState::LuaState(std::string chunk_path, std::size_t memory_limit)
    : path_(std::move(chunk_path)) {
  budget_.limit = memory_limit;
  L_ = lua_newstate(capped_alloc, &budget_);
  if (!L_) throw Error("cannot create a Lua state for " + path_ + ": out of memory");
  lua_sethook(L_, interrupt_hook, LUA_MASKCOUNT, 10000);
  try {
    protected_call(open_sandbox, nullptr, "setting up Lua");
  } catch (...) {
    lua_close(L_);
    throw;
  }
}

LuaState::~LuaState() {
  if (L_) lua_close(L_);
}

int LuaState::protected_call(Body fn, void* data, const char* what) {
  Trampoline t{fn, data};
  const int base = lua_gettop(L_);
  if (!lua_checkstack(L_, 4)) throw Error(path_ + ": the Lua stack is full");
  lua_pushcfunction(L_, traceback_handler);  // light C functions: no allocation
  lua_pushcfunction(L_, run_body);
  lua_pushlightuserdata(L_, &t);
  const int status = lua_pcall(L_, 1, LUA_MULTRET, base + 1);
  if (status != LUA_OK) {
    std::string message =
        status == LUA_ERRMEM ? "not enough memory (the Lua plugin's limit)" : string_at(L_, -1);
    lua_settop(L_, base);
    throw Error(std::string(what) + ": " + message);
  }
  lua_remove(L_, base + 1);  // the handler
  return lua_gettop(L_) - base;
}

void LuaState::load_plugin_table() {
  LoadChunk chunk{path_.c_str()};
  protected_call(load_and_run, &chunk, "loading the Lua plugin");
}

void LuaState::push_plugin_table() const { lua::push_plugin_table(L_); }

void push_plugin_table(lua_State* L) { lua_rawgetp(L, LUA_REGISTRYINDEX, &plugin_table_key); }

StackRestore::StackRestore(lua_State* L) : L_(L), top_(lua_gettop(L)) {}
StackRestore::~StackRestore() { lua_settop(L_, top_); }

int raw_field(lua_State* L, int index, const char* key) {
  index = lua_absindex(L, index);
  const std::size_t key_length = std::strlen(key);
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    if (lua_type(L, -2) == LUA_TSTRING) {
      std::size_t n = 0;
      const char* k = lua_tolstring(L, -2, &n);
      if (n == key_length && std::memcmp(k, key, n) == 0) {
        lua_remove(L, -2);  // keep the value
        return lua_type(L, -1);
      }
    }
    lua_pop(L, 1);
  }
  lua_pushnil(L);
  return LUA_TNIL;
}

std::string string_at(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TSTRING) return {};
  std::size_t n = 0;
  const char* s = lua_tolstring(L, index, &n);
  return std::string(s, n);
}

}  // namespace ael::plugins::lua
