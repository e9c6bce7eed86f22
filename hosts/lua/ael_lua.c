/* The Lua module `ael` for the stock lua5.4 interpreter, built on the C API (ael/ael.h).
 *
 *   local ael = require "ael"
 *   local a = ael.open{seed = 1, threads = 1}
 *   a:set("samples", ael.matrix{{0.1, 0.2}, {0.3, 0.4}})   -- rows are samples
 *   a:register("report", "epoch, loss", function(epoch, loss) print(epoch, loss) end)
 *   a:run_file("fit.ael")
 *   local model = a:get("model");  print(model.loss, #model.history)
 *
 * Written in C against Debian's plain C Lua (pkg-config lua5.4) and linked against no
 * Lua library: the module uses the interpreter that loads it. A Lua error longjmps, so
 * it is raised only from this file's own frames, never while libael (C++) is on the
 * stack: libael reports through ael_Status, and host functions run under lua_pcall.
 *
 * Conversions (copied both ways): nil and ael.none <-> none, booleans, integers, floats,
 * strings; a table with keys 1..n <-> list, a table with string keys <-> record (an empty
 * table is an empty list). Datasets, models, functions and the rest are ael.Value
 * userdata: tostring() is the REPL's repr, v.name reads a field, m[i] is row i of a
 * dataset (a table), f(...) calls a function value, ael.totable(m) copies a dataset into
 * a table of rows. Inside lists, none comes back as ael.none (nil would end the list).
 *
 * Errors: every failing call raises a Lua error whose message is the compiler-style
 * text (file:line:column, source line, caret); a:diagnostics() returns the last
 * failure's diagnostics as tables {severity, file, line, column, message, rendered}. */
#include <lauxlib.h>
#include <lua.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ael/ael.h"

#define STATE_META "ael.Interpreter"
#define VALUE_META "ael.Value"

/* A nesting limit for conversions: a self-referencing table must not recurse forever. */
#define MAX_DEPTH 200

typedef struct HostFunction {
  lua_State* L; /* the Lua state of the interpreter's owner */
  int ref;      /* registry reference to the Lua function */
  char* name;
  struct HostFunction* next;
} HostFunction;

typedef struct {
  ael_State* A;
  lua_State* L;
  int write_ref; /* LUA_NOREF: stdout */
  HostFunction* functions;
} State;

/* Its one user value is the State it came from (nil for ael.matrix and for values
 * passed to host functions): a function value stays callable, and keeps its
 * interpreter alive. */
typedef struct {
  ael_Value* value;
} Value;

/* libael may run host functions and print from worker threads; one Lua state must
 * see one thread at a time. Recursive: a host function may call back into AEL. */
static pthread_mutex_t lua_lock;
static pthread_once_t lua_lock_once = PTHREAD_ONCE_INIT;

static void init_lua_lock(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&lua_lock, &attr);
  pthread_mutexattr_destroy(&attr);
}

static int none_key; /* address used as the ael.none sentinel's registry key */

/* ------------------------------------------------------------------ helpers */

static State* check_state(lua_State* L, int index) {
  State* s = (State*)luaL_checkudata(L, index, STATE_META);
  if (!s->A) luaL_error(L, "ael: this interpreter is closed");
  return s;
}

static void push_none(lua_State* L) { lua_rawgetp(L, LUA_REGISTRYINDEX, &none_key); }

static int is_none_sentinel(lua_State* L, int index) {
  int same;
  push_none(L);
  same = lua_rawequal(L, index < 0 ? index - 1 : index, -1);
  lua_pop(L, 1);
  return same;
}

/* Raises the error text of a failed call. Nothing of libael is on the stack here. */
static int raise_status(lua_State* L, const State* s, ael_Status status) {
  const char* text = s && s->A ? ael_error_text(s->A) : "";
  if (status == AEL_ERR_INTERRUPTED)
    return luaL_error(L, "ael: interrupted%s%s", *text ? "\n" : "", text);
  return luaL_error(L, "%s", *text ? text : "ael: the call failed");
}

/* ------------------------------------------------------------------ Lua -> AEL */

static ael_Value* to_ael(lua_State* L, int index, int depth, char* error, size_t error_size);

static int table_is_list(lua_State* L, int index, lua_Integer* n) {
  lua_Integer count = 0;
  int strings = 0, others = 0;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    if (lua_type(L, -2) == LUA_TSTRING) {
      ++strings;
    } else if (lua_isinteger(L, -2)) {
      ++count;
    } else {
      ++others;
    }
    lua_pop(L, 1);
  }
  *n = count;
  if (others || (strings && count)) return -1;
  if (strings) return 0;
  /* Integer keys must be exactly 1..n. */
  return (lua_Integer)lua_rawlen(L, index) == count ? 1 : -1;
}

static ael_Value* list_to_ael(lua_State* L, int index, lua_Integer n, int depth, char* error,
                              size_t error_size) {
  ael_Value** items = (ael_Value**)calloc(n ? (size_t)n : 1, sizeof(ael_Value*));
  ael_Value* list = NULL;
  lua_Integer i, made = 0;
  if (!items) return NULL;
  for (i = 1; i <= n; ++i) {
    lua_rawgeti(L, index, i);
    items[i - 1] = to_ael(L, lua_gettop(L), depth + 1, error, error_size);
    lua_pop(L, 1);
    if (!items[i - 1]) break;
    ++made;
  }
  if (made == n) list = ael_new_list((const ael_Value* const*)items, (size_t)n);
  for (i = 0; i < made; ++i) ael_value_free(items[i]);
  free(items);
  return list;
}

static ael_Value* record_to_ael(lua_State* L, int index, int depth, char* error,
                                size_t error_size) {
  size_t count = 0, made = 0, i;
  const char** keys;
  ael_Value** values;
  ael_Value* record = NULL;
  int failed = 0;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    ++count;
    lua_pop(L, 1);
  }
  keys = (const char**)calloc(count, sizeof(char*));
  values = (ael_Value**)calloc(count, sizeof(ael_Value*));
  if (!keys || !values) failed = 1;
  lua_pushnil(L);
  while (!failed && lua_next(L, index) != 0) {
    keys[made] = lua_tostring(L, -2); /* string keys only (checked); anchored by the table */
    values[made] = to_ael(L, lua_gettop(L), depth + 1, error, error_size);
    lua_pop(L, 1);
    if (!values[made]) {
      lua_pop(L, 1);
      failed = 1;
      break;
    }
    ++made;
  }
  if (!failed) {
    record = ael_new_record(keys, (const ael_Value* const*)values, count);
    if (!record) snprintf(error, error_size, "a record key is not an identifier");
  }
  for (i = 0; i < made; ++i) ael_value_free(values[i]);
  free(keys);
  free(values);
  return record;
}

/* NULL with `error` filled when the value cannot be converted. */
static ael_Value* to_ael(lua_State* L, int index, int depth, char* error, size_t error_size) {
  /* Each level keeps a key and a value on the Lua stack: make room, never assume it. */
  if (depth > MAX_DEPTH || !lua_checkstack(L, 4)) {
    snprintf(error, error_size, "tables nested deeper than %d (a cycle?)", MAX_DEPTH);
    return NULL;
  }
  switch (lua_type(L, index)) {
    case LUA_TNIL:
      return ael_new_none();
    case LUA_TBOOLEAN:
      return ael_new_bool(lua_toboolean(L, index));
    case LUA_TNUMBER:
      if (lua_isinteger(L, index)) return ael_new_int((int64_t)lua_tointeger(L, index));
      return ael_new_float((double)lua_tonumber(L, index));
    case LUA_TSTRING: {
      size_t n = 0;
      const char* text = lua_tolstring(L, index, &n);
      return ael_new_string(text, n);
    }
    case LUA_TTABLE: {
      lua_Integer n = 0;
      const int shape = table_is_list(L, index, &n);
      if (shape < 0) {
        snprintf(error, error_size,
                 "a table must be a list (keys 1..n) or a record (string keys), not a mix");
        return NULL;
      }
      return shape ? list_to_ael(L, index, n, depth, error, error_size)
                   : record_to_ael(L, index, depth, error, error_size);
    }
    case LUA_TLIGHTUSERDATA:
      if (is_none_sentinel(L, index)) return ael_new_none();
      break;
    case LUA_TUSERDATA: {
      Value* v = (Value*)luaL_testudata(L, index, VALUE_META);
      if (v) return ael_value_copy(v->value);
      break;
    }
    default:
      break;
  }
  snprintf(error, error_size, "ael cannot take a Lua %s", luaL_typename(L, index));
  return NULL;
}

/* Converts or raises; the result is owned by the caller. */
static ael_Value* check_ael(lua_State* L, int index) {
  char error[256] = "out of memory";
  ael_Value* v = to_ael(L, lua_absindex(L, index), 0, error, sizeof error);
  if (!v) luaL_error(L, "ael: %s", error);
  return v;
}

/* ------------------------------------------------------------------ AEL -> Lua */

/* `state` is the stack index of the owning State userdata, or 0. */
static void push_value_userdata(lua_State* L, ael_Value* owned, int state) {
  Value* v = (Value*)lua_newuserdatauv(L, sizeof(Value), 1);
  v->value = owned;
  luaL_setmetatable(L, VALUE_META);
  if (state) {
    lua_pushvalue(L, state);
    lua_setiuservalue(L, -2, 1);
  }
}

static void push_lua(lua_State* L, const ael_Value* v, int state, int in_list, int depth);

static void push_list(lua_State* L, const ael_Value* v, int state, int depth) {
  size_t n = 0, i;
  ael_value_length(v, &n);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; ++i) {
    ael_Value* item = NULL;
    ael_list_get(v, i, &item);
    push_lua(L, item, state, 1, depth + 1);
    ael_value_free(item);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static void push_record(lua_State* L, const ael_Value* v, int state, int depth) {
  size_t n = 0, i;
  ael_value_length(v, &n);
  lua_createtable(L, 0, (int)n);
  for (i = 0; i < n; ++i) {
    const char* key = NULL;
    ael_Value* item = NULL;
    ael_record_entry(v, i, &key, &item);
    push_lua(L, item, state, 0, depth + 1);
    lua_setfield(L, -2, key);
    ael_value_free(item);
  }
}

static void push_lua(lua_State* L, const ael_Value* v, int state, int in_list, int depth) {
  luaL_checkstack(L, 4, "ael: value nested too deeply");
  switch (ael_value_kind(v)) {
    case AEL_NONE:
      if (in_list) {
        push_none(L);
      } else {
        lua_pushnil(L);
      }
      return;
    case AEL_BOOL: {
      int b = 0;
      ael_value_bool(v, &b);
      lua_pushboolean(L, b);
      return;
    }
    case AEL_INT: {
      int64_t i = 0;
      ael_value_int(v, &i);
      lua_pushinteger(L, (lua_Integer)i);
      return;
    }
    case AEL_FLOAT: {
      double d = 0;
      ael_value_number(v, &d);
      lua_pushnumber(L, (lua_Number)d);
      return;
    }
    case AEL_STRING: {
      const char* s = NULL;
      size_t n = 0;
      ael_value_string(v, &s, &n);
      lua_pushlstring(L, s, n);
      return;
    }
    case AEL_LIST:
      push_list(L, v, state, depth);
      return;
    case AEL_RECORD:
      push_record(L, v, state, depth);
      return;
    default:
      push_value_userdata(L, ael_value_copy(v), state);
      return;
  }
}

/* ------------------------------------------------------------------ output, signals */

typedef struct {
  State* state;
  const char* text;
  size_t length;
} WriteCall;

static int write_protected(lua_State* L) {
  WriteCall* call = (WriteCall*)lua_touserdata(L, 1);
  lua_rawgeti(L, LUA_REGISTRYINDEX, call->state->write_ref);
  lua_pushlstring(L, call->text, call->length);
  lua_call(L, 1, 0);
  return 0;
}

static const char* pcall_message(lua_State* L);

static void write_output(void* user, const char* text, size_t length) {
  State* s = (State*)user;
  lua_State* L = s->L;
  if (s->write_ref == LUA_NOREF) {
    fwrite(text, 1, length, stdout);
    return;
  }
  pthread_mutex_lock(&lua_lock);
  if (lua_checkstack(L, 3)) {
    WriteCall call;
    call.state = s;
    call.text = text;
    call.length = length;
    lua_pushcfunction(L, write_protected);
    lua_pushlightuserdata(L, &call);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
      fprintf(stderr, "ael: the write function failed: %s\n", pcall_message(L));
      lua_pop(L, 1);
    }
  }
  pthread_mutex_unlock(&lua_lock);
}

static void on_sigint(int sig) {
  (void)sig;
  ael_interrupt();
}

/* Ctrl-C during a run interrupts AEL (lua.c's own handler only acts between Lua
 * instructions, which do not run while AEL trains). */
typedef struct {
  struct sigaction previous;
  int active;
} SigintScope;

static void sigint_begin(SigintScope* scope) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  scope->active = sigaction(SIGINT, &sa, &scope->previous) == 0;
}

static void sigint_end(SigintScope* scope) {
  if (scope->active) sigaction(SIGINT, &scope->previous, NULL);
}

/* Runs one libael call with `L` as the state callbacks use. */
#define AEL_RUN(s, L, call)     \
  do {                          \
    SigintScope scope_;         \
    lua_State* saved_ = (s)->L; \
    (s)->L = (L);               \
    sigint_begin(&scope_);      \
    status = (call);            \
    sigint_end(&scope_);        \
    (s)->L = saved_;            \
  } while (0)

/* ------------------------------------------------------------------ host functions */

static ael_Status call_host_locked(ael_State* A, HostFunction* fn, const ael_Value* const* args,
                                   size_t nargs, ael_Value** result);

/* Called by libael (possibly from a worker thread while the owner waits in a run; the
 * owner's Lua state is idle then; lua_lock keeps workers from using it at once). */
static ael_Status call_host(ael_State* A, void* user, const ael_Value* const* args, size_t nargs,
                            ael_Value** result) {
  HostFunction* fn = (HostFunction*)user;
  ael_Status status;
  pthread_mutex_lock(&lua_lock);
  status = call_host_locked(A, fn, args, nargs, result);
  pthread_mutex_unlock(&lua_lock);
  return status;
}

/* One host call, run under lua_pcall: every Lua API call that can raise (conversions
 * allocate) happens inside it, so no Lua error can longjmp over libael's C++ frames. */
typedef struct {
  HostFunction* fn;
  const ael_Value* const* args;
  size_t nargs;
  ael_Value* result;
} HostCall;

static int host_call_protected(lua_State* L) {
  HostCall* call = (HostCall*)lua_touserdata(L, 1);
  char error[256] = "out of memory";
  size_t i;
  luaL_checkstack(L, (int)call->nargs + 4, "too many arguments for Lua");
  lua_rawgeti(L, LUA_REGISTRYINDEX, call->fn->ref);
  for (i = 0; i < call->nargs; ++i) push_lua(L, call->args[i], 0, 0, 0);
  lua_call(L, (int)call->nargs, 1);
  call->result = to_ael(L, lua_gettop(L), 0, error, sizeof error);
  if (!call->result) return luaL_error(L, "%s", error);
  return 0;
}

/* The message of a failed lua_pcall, without converting (which could raise again). */
static const char* pcall_message(lua_State* L) {
  return lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "a Lua error (not a string)";
}

static ael_Status call_host_locked(ael_State* A, HostFunction* fn, const ael_Value* const* args,
                                   size_t nargs, ael_Value** result) {
  lua_State* L = fn->L;
  HostCall call;
  call.fn = fn;
  call.args = args;
  call.nargs = nargs;
  call.result = NULL;
  if (!lua_checkstack(L, 2)) return ael_error(A, "the Lua stack is full");
  lua_pushcfunction(L, host_call_protected); /* a light C function: no allocation */
  lua_pushlightuserdata(L, &call);
  if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
    const ael_Status status = ael_error(A, pcall_message(L));
    lua_pop(L, 1);
    return status;
  }
  *result = call.result;
  return AEL_OK;
}

/* a:register(name, params, fn [, doc]) */
static int state_register(lua_State* L) {
  State* s = check_state(L, 1);
  const char* name = luaL_checkstring(L, 2);
  const char* params = luaL_checkstring(L, 3);
  const char* doc = luaL_optstring(L, 5, "");
  HostFunction* fn;
  ael_Status status;
  luaL_checktype(L, 4, LUA_TFUNCTION);
  fn = (HostFunction*)calloc(1, sizeof(HostFunction));
  if (!fn) return luaL_error(L, "ael: out of memory");
  fn->name = strdup(name);
  lua_pushvalue(L, 4);
  fn->ref = luaL_ref(L, LUA_REGISTRYINDEX);
  fn->L = L;
  status = ael_register(s->A, name, params, call_host, fn, doc);
  if (status != AEL_OK) {
    luaL_unref(L, LUA_REGISTRYINDEX, fn->ref);
    free(fn->name);
    free(fn);
    return raise_status(L, s, status);
  }
  fn->next = s->functions;
  s->functions = fn;
  return 0;
}

/* ------------------------------------------------------------------ the interpreter */

static const char* opt_string_field(lua_State* L, int table, const char* key) {
  const char* value = NULL;
  if (lua_getfield(L, table, key) == LUA_TSTRING) value = lua_tostring(L, -1);
  lua_pop(L, 1); /* the options table anchors the string */
  return value;
}

static lua_Integer opt_integer_field(lua_State* L, int table, const char* key, lua_Integer dflt) {
  lua_Integer value = dflt;
  const int type = lua_getfield(L, table, key);
  if (type != LUA_TNIL) {
    if (!lua_isinteger(L, -1)) luaL_error(L, "ael.open: '%s' must be an integer", key);
    value = lua_tointeger(L, -1);
  }
  lua_pop(L, 1);
  return value;
}

static const char* const option_names[] = {"seed",        "threads", "quick",     "plugin_path",
                                           "module_path", "write",   "arguments", NULL};

static void check_option_names(lua_State* L, int table) {
  lua_pushnil(L);
  while (lua_next(L, table) != 0) {
    int i, known = 0;
    const char* key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
    for (i = 0; key && option_names[i]; ++i) known |= strcmp(key, option_names[i]) == 0;
    if (!known) {
      luaL_error(L,
                 "ael.open: unknown option '%s' (seed, threads, quick, plugin_path, "
                 "module_path, write, arguments)",
                 key ? key : luaL_typename(L, -2));
    }
    lua_pop(L, 1);
  }
}

/* arguments = {lr = 3e-4, fast = true} -> a NULL-terminated array of "name=value" strings
 * (what `ael run s.ael -- lr=3e-4 fast=true` passes), read by the script's arguments({...}).
 * The strings live in a table pushed on the stack; the array is malloc'ed (caller frees). */
static const char** script_arguments(lua_State* L, int table) {
  const char** out;
  size_t n = 0, i = 0;
  if (lua_getfield(L, table, "arguments") == LUA_TNIL) {
    lua_pop(L, 1);
    lua_newtable(L); /* keeps the stack shape the same for the caller */
    return NULL;
  }
  luaL_checktype(L, -1, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, -2) != 0) {
    ++n;
    lua_pop(L, 1);
  }
  out = (const char**)malloc((n + 1) * sizeof *out);
  if (!out) luaL_error(L, "ael.open: out of memory");
  lua_newtable(L); /* anchors the strings; the arguments table stays below it */
  lua_pushnil(L);
  while (lua_next(L, -3) != 0) {
    char number[64];
    const char* value;
    if (lua_type(L, -2) != LUA_TSTRING) {
      free(out);
      luaL_error(L, "ael.open: argument names are strings");
    }
    if (lua_isboolean(L, -1)) {
      value = lua_toboolean(L, -1) ? "true" : "false";
    } else if (lua_isinteger(L, -1)) {
      snprintf(number, sizeof number, "%lld", (long long)lua_tointeger(L, -1));
      value = number;
    } else if (lua_type(L, -1) == LUA_TNUMBER) {
      snprintf(number, sizeof number, "%.17g", (double)lua_tonumber(L, -1));
      value = number;
    } else if (lua_type(L, -1) == LUA_TSTRING) {
      value = lua_tostring(L, -1);
    } else {
      free(out);
      luaL_error(L, "ael.open: argument '%s' must be a number, boolean or string",
                 lua_tostring(L, -2));
      return NULL;
    }
    out[i] = lua_pushfstring(L, "%s=%s", lua_tostring(L, -2), value);
    lua_rawseti(L, -4, (lua_Integer)(i + 1));
    ++i;
    lua_pop(L, 1);
  }
  out[i] = NULL;
  lua_remove(L, -2); /* the arguments table; the anchor table stays */
  return out;
}

/* ael.open{seed=, threads=, quick=, plugin_path=, module_path=, write=, arguments=} */
static int ael_lua_open(lua_State* L) {
  ael_Options o;
  State* s;
  ael_Status status;
  const char** arguments = NULL;
  const int has_options = !lua_isnoneornil(L, 1);
  if (ael_check_version() != AEL_OK) {
    return luaL_error(L, "ael: the module was built for libael %s, this is %s", "0.1",
                      ael_version_string());
  }
  ael_options_init(&o);
  if (has_options) {
    luaL_checktype(L, 1, LUA_TTABLE);
    check_option_names(L, 1);
    o.seed = (uint64_t)opt_integer_field(L, 1, "seed", 0);
    o.threads = (int)opt_integer_field(L, 1, "threads", 0);
    lua_getfield(L, 1, "quick");
    o.quick = lua_toboolean(L, -1);
    lua_pop(L, 1);
    o.plugin_path = opt_string_field(L, 1, "plugin_path");
    o.module_path = opt_string_field(L, 1, "module_path");
    arguments = script_arguments(L, 1);
    o.arguments = (const char* const*)arguments;
  }
  s = (State*)lua_newuserdatauv(L, sizeof(State), 0);
  memset(s, 0, sizeof *s);
  s->write_ref = LUA_NOREF;
  luaL_setmetatable(L, STATE_META);
  if (has_options && lua_getfield(L, 1, "write") != LUA_TNIL) {
    luaL_checktype(L, -1, LUA_TFUNCTION);
    s->write_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  } else if (has_options) {
    lua_pop(L, 1);
  }
  s->L = L;
  o.write = write_output;
  o.write_user = s;
  status = ael_open(&o, &s->A);
  free((void*)arguments);
  if (status != AEL_OK) return luaL_error(L, "ael.open failed (status %d)", (int)status);
  return 1;
}

static void release_state(lua_State* L, State* s) {
  HostFunction* fn = s->functions;
  if (s->A) ael_close(s->A);
  s->A = NULL;
  while (fn) {
    HostFunction* next = fn->next;
    luaL_unref(L, LUA_REGISTRYINDEX, fn->ref);
    free(fn->name);
    free(fn);
    fn = next;
  }
  s->functions = NULL;
  if (s->write_ref != LUA_NOREF) luaL_unref(L, LUA_REGISTRYINDEX, s->write_ref);
  s->write_ref = LUA_NOREF;
}

/* a:close(): frees the interpreter now (values taken from it stay readable). */
static int state_close(lua_State* L) {
  State* s = (State*)luaL_checkudata(L, 1, STATE_META);
  release_state(L, s);
  return 0;
}

static int state_gc(lua_State* L) {
  release_state(L, (State*)luaL_checkudata(L, 1, STATE_META));
  return 0;
}

static int state_run_file(lua_State* L) {
  State* s = check_state(L, 1);
  const char* path = luaL_checkstring(L, 2);
  ael_Status status;
  AEL_RUN(s, L, ael_run_file(s->A, path));
  return status == AEL_OK ? 0 : raise_status(L, s, status);
}

static int state_run_string(lua_State* L) {
  State* s = check_state(L, 1);
  const char* source = luaL_checkstring(L, 2);
  const char* name = luaL_optstring(L, 3, "<string>");
  ael_Status status;
  AEL_RUN(s, L, ael_run_string(s->A, source, name));
  return status == AEL_OK ? 0 : raise_status(L, s, status);
}

static int state_eval(lua_State* L) {
  State* s = check_state(L, 1);
  const char* source = luaL_checkstring(L, 2);
  const char* name = luaL_optstring(L, 3, "<eval>");
  ael_Value* out = NULL;
  ael_Status status;
  AEL_RUN(s, L, ael_eval(s->A, source, name, &out));
  if (status != AEL_OK) return raise_status(L, s, status);
  push_lua(L, out, 1, 0, 0);
  ael_value_free(out);
  return 1;
}

static int state_get(lua_State* L) {
  State* s = check_state(L, 1);
  ael_Value* out = NULL;
  const ael_Status status = ael_get_global(s->A, luaL_checkstring(L, 2), &out);
  if (status != AEL_OK) return raise_status(L, s, status);
  push_lua(L, out, 1, 0, 0);
  ael_value_free(out);
  return 1;
}

static int state_set(lua_State* L) {
  State* s = check_state(L, 1);
  const char* name = luaL_checkstring(L, 2);
  ael_Value* value;
  ael_Status status;
  lua_settop(L, 3);
  value = check_ael(L, 3);
  status = ael_set_global(s->A, name, value);
  ael_value_free(value);
  return status == AEL_OK ? 0 : raise_status(L, s, status);
}

/* Converts arguments first..top; frees what was made and raises on a bad one. */
static ael_Value** collect_args(lua_State* L, int first, size_t* count) {
  const int top = lua_gettop(L);
  const size_t n = top >= first ? (size_t)(top - first + 1) : 0;
  ael_Value** args = (ael_Value**)calloc(n ? n : 1, sizeof(ael_Value*));
  size_t i;
  char error[256] = "out of memory";
  if (!args) luaL_error(L, "ael: out of memory");
  for (i = 0; i < n; ++i) {
    args[i] = to_ael(L, first + (int)i, 0, error, sizeof error);
    if (!args[i]) {
      size_t j;
      for (j = 0; j < i; ++j) ael_value_free(args[j]);
      free(args);
      luaL_error(L, "ael: argument %d: %s", (int)i + 1, error);
    }
  }
  *count = n;
  return args;
}

static int finish_call(lua_State* L, State* s, ael_Status status, ael_Value** args, size_t n,
                       ael_Value* out) {
  size_t i;
  for (i = 0; i < n; ++i) ael_value_free(args[i]);
  free(args);
  if (status != AEL_OK) return raise_status(L, s, status);
  push_lua(L, out, 1, 0, 0);
  ael_value_free(out);
  return 1;
}

static int call_through(lua_State* L, State* s, const ael_Value* function, const char* name,
                        int first) {
  size_t n = 0;
  ael_Value** args = collect_args(L, first, &n);
  ael_Value* out = NULL;
  ael_Status status;
  if (function) {
    AEL_RUN(s, L, ael_call_value(s->A, function, (const ael_Value* const*)args, n, &out));
  } else {
    AEL_RUN(s, L, ael_call(s->A, name, (const ael_Value* const*)args, n, &out));
  }
  return finish_call(L, s, status, args, n, out);
}

/* a:call(name_or_function, ...) */
static int state_call(lua_State* L) {
  State* s = check_state(L, 1);
  Value* v = (Value*)luaL_testudata(L, 2, VALUE_META);
  if (v) return call_through(L, s, v->value, NULL, 3);
  return call_through(L, s, NULL, luaL_checkstring(L, 2), 3);
}

static int state_diagnostics(lua_State* L) {
  State* s = check_state(L, 1);
  size_t i, n = ael_diagnostic_count(s->A);
  static const char* const severities[] = {"error", "warning", "note"};
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; ++i) {
    ael_Diagnostic d;
    if (ael_diagnostic(s->A, i, &d) != AEL_OK) continue;
    lua_createtable(L, 0, 8);
    lua_pushstring(L, severities[d.severity]);
    lua_setfield(L, -2, "severity");
    lua_pushstring(L, d.file);
    lua_setfield(L, -2, "file");
    lua_pushinteger(L, d.line);
    lua_setfield(L, -2, "line");
    lua_pushinteger(L, d.column);
    lua_setfield(L, -2, "column");
    lua_pushinteger(L, d.end_line);
    lua_setfield(L, -2, "end_line");
    lua_pushinteger(L, d.end_column);
    lua_setfield(L, -2, "end_column");
    lua_pushstring(L, d.message);
    lua_setfield(L, -2, "message");
    lua_pushstring(L, d.rendered);
    lua_setfield(L, -2, "rendered");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

static int state_tostring(lua_State* L) {
  State* s = (State*)luaL_checkudata(L, 1, STATE_META);
  lua_pushfstring(L, "ael.Interpreter (%s)", s->A ? "open" : "closed");
  return 1;
}

/* ------------------------------------------------------------------ values */

static Value* check_value(lua_State* L, int index) {
  return (Value*)luaL_checkudata(L, index, VALUE_META);
}

static int value_gc(lua_State* L) {
  Value* v = check_value(L, 1);
  ael_value_free(v->value);
  v->value = NULL;
  return 0;
}

static int value_tostring(lua_State* L) {
  lua_pushstring(L, ael_value_repr(check_value(L, 1)->value));
  return 1;
}

/* At least one cell: malloc(0) may return NULL, which would read as out of memory. */
static size_t buffer_cells(size_t rows, size_t cols) {
  const size_t n = rows * cols;
  return n ? n : 1;
}

/* Row `i` (1-based) of a dataset as a table of numbers. */
static int push_matrix_row(lua_State* L, const ael_Value* m, lua_Integer row) {
  size_t rows = 0, cols = 0, j;
  double* data;
  ael_matrix_shape(m, &rows, &cols);
  if (row < 1 || (size_t)row > rows) {
    return luaL_error(L, "ael: row %d of a dataset with %d rows", (int)row, (int)rows);
  }
  data = (double*)malloc(buffer_cells(rows, cols) * sizeof(double));
  if (!data) return luaL_error(L, "ael: out of memory");
  ael_matrix_copy(m, data, rows * cols);
  lua_createtable(L, (int)cols, 0);
  for (j = 0; j < cols; ++j) {
    lua_pushnumber(L, data[j * rows + (size_t)(row - 1)]);
    lua_rawseti(L, -2, (lua_Integer)j + 1);
  }
  free(data);
  return 1;
}

static int value_index(lua_State* L) {
  Value* v = check_value(L, 1);
  ael_Value* out = NULL;
  if (lua_isinteger(L, 2) && ael_value_kind(v->value) == AEL_MATRIX)
    return push_matrix_row(L, v->value, lua_tointeger(L, 2));
  if (ael_value_field(v->value, luaL_checkstring(L, 2), &out) != AEL_OK) {
    return luaL_error(L, "ael: %s has no field '%s'", ael_value_type_name(v->value),
                      lua_tostring(L, 2));
  }
  /* Fields share the value's interpreter (a model's function-valued field, say). */
  lua_getiuservalue(L, 1, 1);
  push_lua(L, out, lua_isnil(L, -1) ? 0 : lua_gettop(L), 0, 0);
  ael_value_free(out);
  return 1;
}

static int value_len(lua_State* L) {
  Value* v = check_value(L, 1);
  size_t rows = 0, cols = 0;
  if (ael_matrix_shape(v->value, &rows, &cols) != AEL_OK)
    return luaL_error(L, "ael: a %s has no length", ael_value_type_name(v->value));
  lua_pushinteger(L, (lua_Integer)rows);
  return 1;
}

static int value_call(lua_State* L) {
  Value* v = check_value(L, 1);
  State* s;
  if (ael_value_kind(v->value) != AEL_FUNCTION)
    return luaL_error(L, "ael: a %s is not callable", ael_value_type_name(v->value));
  if (lua_getiuservalue(L, 1, 1) != LUA_TUSERDATA)
    return luaL_error(L, "ael: this function came into a host callback; call it with a:call");
  s = check_state(L, -1);
  lua_insert(L, 1); /* state at 1 (results refer to it), the value at 2 keeps v alive */
  return call_through(L, s, v->value, NULL, 3);
}

/* ------------------------------------------------------------------ module functions */

/* ael.matrix{{r1c1, r1c2}, {r2c1, r2c2}, ...}: rows are samples. */
static int lua_matrix(lua_State* L) {
  lua_Integer rows, cols = 0, i, j;
  double* data;
  ael_Value* m;
  luaL_checktype(L, 1, LUA_TTABLE);
  rows = (lua_Integer)lua_rawlen(L, 1);
  for (i = 1; i <= rows; ++i) {
    lua_Integer n;
    if (lua_rawgeti(L, 1, i) != LUA_TTABLE)
      return luaL_error(L, "ael.matrix: row %d is not a table", (int)i);
    n = (lua_Integer)lua_rawlen(L, -1);
    lua_pop(L, 1);
    if (i == 1) cols = n;
    if (n != cols) {
      return luaL_error(L, "ael.matrix: row %d has %d values, row 1 has %d", (int)i, (int)n,
                        (int)cols);
    }
  }
  if (rows > 0 && (size_t)cols > ((size_t)-1 / sizeof(double)) / (size_t)rows)
    return luaL_error(L, "ael.matrix: too large");
  data = (double*)malloc(buffer_cells((size_t)rows, (size_t)cols) * sizeof(double));
  if (!data) return luaL_error(L, "ael.matrix: out of memory");
  for (i = 1; i <= rows; ++i) {
    lua_rawgeti(L, 1, i);
    for (j = 1; j <= cols; ++j) {
      int ok = 0;
      lua_rawgeti(L, -1, j);
      data[(j - 1) * rows + (i - 1)] = (double)lua_tonumberx(L, -1, &ok);
      lua_pop(L, 1);
      if (!ok) {
        free(data);
        return luaL_error(L, "ael.matrix: row %d, column %d is not a number", (int)i, (int)j);
      }
    }
    lua_pop(L, 1);
  }
  m = ael_new_matrix(data, (size_t)rows, (size_t)cols, NULL);
  free(data);
  if (!m) return luaL_error(L, "ael.matrix: out of memory");
  push_value_userdata(L, m, 0);
  return 1;
}

/* ael.totable(dataset) -> {{...}, ...}, rows of numbers. */
static int lua_totable(lua_State* L) {
  Value* v = check_value(L, 1);
  size_t rows = 0, cols = 0, i, j;
  double* data;
  if (ael_matrix_shape(v->value, &rows, &cols) != AEL_OK)
    return luaL_error(L, "ael.totable: a %s is not a dataset", ael_value_type_name(v->value));
  data = (double*)malloc(buffer_cells(rows, cols) * sizeof(double));
  if (!data) return luaL_error(L, "ael.totable: out of memory");
  ael_matrix_copy(v->value, data, rows * cols);
  lua_createtable(L, (int)rows, 0);
  for (i = 0; i < rows; ++i) {
    lua_createtable(L, (int)cols, 0);
    for (j = 0; j < cols; ++j) {
      lua_pushnumber(L, data[j * rows + i]);
      lua_rawseti(L, -2, (lua_Integer)j + 1);
    }
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  free(data);
  return 1;
}

static int lua_type_name(lua_State* L) {
  Value* v = (Value*)luaL_testudata(L, 1, VALUE_META);
  if (v) {
    lua_pushstring(L, ael_value_type_name(v->value));
  } else {
    lua_pushstring(L, luaL_typename(L, 1));
  }
  return 1;
}

static int lua_interrupt(lua_State* L) {
  (void)L;
  ael_interrupt();
  return 0;
}

static const luaL_Reg state_methods[] = {
    {"run_file", state_run_file}, {"run_string", state_run_string},
    {"eval", state_eval},         {"get", state_get},
    {"set", state_set},           {"call", state_call},
    {"register", state_register}, {"diagnostics", state_diagnostics},
    {"close", state_close},       {NULL, NULL}};

static const luaL_Reg module_functions[] = {{"open", ael_lua_open},       {"matrix", lua_matrix},
                                            {"totable", lua_totable},     {"type", lua_type_name},
                                            {"interrupt", lua_interrupt}, {NULL, NULL}};

AEL_API int luaopen_ael(lua_State* L) {
  luaL_checkversion(L);
  pthread_once(&lua_lock_once, init_lua_lock);
  if (luaL_newmetatable(L, STATE_META)) {
    luaL_newlib(L, state_methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, state_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, state_tostring);
    lua_setfield(L, -2, "__tostring");
  }
  lua_pop(L, 1);
  if (luaL_newmetatable(L, VALUE_META)) {
    lua_pushcfunction(L, value_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, value_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, value_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushcfunction(L, value_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, value_call);
    lua_setfield(L, -2, "__call");
  }
  lua_pop(L, 1);
  lua_pushlightuserdata(L, &none_key);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &none_key);

  luaL_newlib(L, module_functions);
  push_none(L);
  lua_setfield(L, -2, "none");
  lua_pushstring(L, ael_version_string());
  lua_setfield(L, -2, "version");
  return 1;
}
