#include "plugins/lua/lua_plugin.hpp"

#include <cmath>
#include <limits>
#include <mutex>
#include <new>
#include <type_traits>
#include <vector>

#include "ael/callback.hpp"
#include "ael/data_source.hpp"
#include "ael/diagnostic.hpp"
#include "ael/optimizer.hpp"
#include "ael/plugin.hpp"
#include "ael/random.hpp"
#include "plugins/lua/lua_state.hpp"
#include "plugins/plugin_handle.hpp"

extern "C" {
#include <lauxlib.h>
#include <lua.h>
}

namespace ael::plugins::lua {
namespace {

static_assert(std::is_trivially_copyable_v<Rng>, "the Lua rng userdata holds an ael::Rng by value");

// ------------------------------------------------------------------ manifest

[[noreturn]] void bad_plugin(const std::string& path, const std::string& message) {
  throw Error("Lua plugin " + path + ": " + message);
}

std::string required_string(lua_State* L, int table, const char* key, const std::string& where) {
  StackRestore keep(L);
  if (raw_field(L, table, key) != LUA_TSTRING)
    bad_plugin(where, std::string("'") + key + "' must be a string");
  return string_at(L, -1);
}

std::string optional_string(lua_State* L, int table, const char* key) {
  StackRestore keep(L);
  raw_field(L, table, key);
  return string_at(L, -1);
}

std::vector<double> number_list(lua_State* L, int index, const std::string& where) {
  if (lua_type(L, index) != LUA_TTABLE) bad_plugin(where, "expected a list of numbers");
  std::vector<double> out;
  const lua_Unsigned n = lua_rawlen(L, index);
  for (lua_Unsigned i = 1; i <= n; ++i) {
    StackRestore keep(L);
    lua_rawgeti(L, index, static_cast<lua_Integer>(i));
    int ok = 0;
    const double v = lua_tonumberx(L, -1, &ok);
    if (!ok || lua_type(L, -1) != LUA_TNUMBER)
      bad_plugin(where, "element " + std::to_string(i) + " is not a number");
    out.push_back(v);
  }
  return out;
}

// The spec's type from its name, its default read from the table (absent: required).
OptionSpec option_of_type(lua_State* L, int spec, const std::string& name, const std::string& type,
                          const std::string& doc, const std::string& where) {
  StackRestore keep(L);
  const int has_default = raw_field(L, spec, "default") != LUA_TNIL;
  const int value = lua_gettop(L);
  auto need = [&](int lua_type_wanted, const char* what) {
    if (has_default && lua_type(L, value) != lua_type_wanted)
      bad_plugin(where, "the default must be " + std::string(what));
  };
  OptionSpec out;
  if (type == "number") {
    need(LUA_TNUMBER, "a number");
    out = OptionSpec::number(name, has_default ? lua_tonumber(L, value) : 0.0, doc);
  } else if (type == "integer") {
    if (has_default && !lua_isinteger(L, value))
      bad_plugin(where, "the default must be an integer");
    out = OptionSpec::integer(name, has_default ? lua_tointeger(L, value) : 0, doc);
  } else if (type == "bool") {
    need(LUA_TBOOLEAN, "true or false");
    out = OptionSpec::boolean(name, has_default && lua_toboolean(L, value), doc);
  } else if (type == "string") {
    need(LUA_TSTRING, "a string");
    out = OptionSpec::string(name, string_at(L, value), doc);
  } else if (type == "choice") {
    need(LUA_TSTRING, "one of the choices");
    std::vector<std::string> choices;
    StackRestore inner(L);
    if (raw_field(L, spec, "choices") != LUA_TTABLE)
      bad_plugin(where, "a choice needs 'choices', a list of names");
    const lua_Unsigned n = lua_rawlen(L, -1);
    for (lua_Unsigned i = 1; i <= n; ++i) {
      lua_rawgeti(L, -1, static_cast<lua_Integer>(i));
      if (lua_type(L, -1) != LUA_TSTRING) bad_plugin(where, "choices must be strings");
      choices.push_back(string_at(L, -1));
      lua_pop(L, 1);
    }
    out = OptionSpec::choice(name, choices,
                             has_default       ? string_at(L, value)
                             : choices.empty() ? ""
                                               : choices[0],
                             doc);
  } else if (type == "numbers") {
    out = OptionSpec::numbers(
        name, has_default ? number_list(L, value, where) : std::vector<double>{}, doc);
  } else {
    bad_plugin(where,
               "unknown type '" + type + "' (number, integer, bool, string, choice, numbers)");
  }
  if (!has_default) out.required();
  return out;
}

void apply_bounds(lua_State* L, int spec, OptionSpec& out, const std::string& where) {
  struct Bound {
    const char* key;
    OptionSpec& (OptionSpec::*set)(double);
  };
  for (const Bound& b :
       {Bound{"min", &OptionSpec::at_least}, Bound{"max", &OptionSpec::at_most},
        Bound{"above", &OptionSpec::greater_than}, Bound{"below", &OptionSpec::less_than}}) {
    StackRestore keep(L);
    const int type = raw_field(L, spec, b.key);
    if (type == LUA_TNIL) continue;
    if (type != LUA_TNUMBER) bad_plugin(where, std::string("'") + b.key + "' must be a number");
    (out.*b.set)(lua_tonumber(L, -1));
  }
}

OptionSchema read_options(lua_State* L, int table, const std::string& path) {
  OptionSchema schema;
  StackRestore keep(L);
  const int type = raw_field(L, table, "options");
  if (type == LUA_TNIL) return schema;
  if (type != LUA_TTABLE) bad_plugin(path, "'options' must be a list of option tables");
  const int list = lua_gettop(L);
  const lua_Unsigned n = lua_rawlen(L, list);
  for (lua_Unsigned i = 1; i <= n; ++i) {
    StackRestore each(L);
    const std::string where = path + " option " + std::to_string(i);
    if (lua_rawgeti(L, list, static_cast<lua_Integer>(i)) != LUA_TTABLE)
      bad_plugin(where, "must be a table");
    const int spec = lua_gettop(L);
    const std::string name = required_string(L, spec, "name", where);
    const std::string type_name = required_string(L, spec, "type", where + " ('" + name + "')");
    OptionSpec out = option_of_type(L, spec, name, type_name, optional_string(L, spec, "doc"),
                                    where + " ('" + name + "')");
    apply_bounds(L, spec, out, where + " ('" + name + "')");
    schema.add(std::move(out));
  }
  return schema;
}

PluginFamily read_family(lua_State* L, int table, const std::string& path) {
  const std::string family = required_string(L, table, "family", path);
  if (family == "population optimizer") return PluginFamily::PopulationOptimizer;
  if (family == "data source") return PluginFamily::DataSource;
  if (family == "callback") return PluginFamily::Callback;
  for (const char* other : {"gradient optimizer", "loss", "symbolic regressor"}) {
    if (family == other) {
      bad_plugin(
          path, "the family '" + family +
                    "' cannot be written in Lua yet (population optimizer, data source, callback)");
    }
  }
  bad_plugin(path,
             "unknown family '" + family + "' (population optimizer, data source or callback)");
}

PluginManifest read_manifest(LuaState& state) {
  lua_State* L = state.get();
  StackRestore keep(L);
  state.push_plugin_table();
  const int table = lua_gettop(L);
  PluginManifest m;
  m.name = required_string(L, table, "name", state.path());
  m.family = read_family(L, table, state.path());
  m.version = optional_string(L, table, "version");
  m.description = optional_string(L, table, "description");
  m.options = read_options(L, table, state.path());
  StackRestore create(L);
  if (raw_field(L, table, "create") != LUA_TFUNCTION)
    bad_plugin(state.path(), "'create' must be a function(options) returning the object");
  return m;
}

// ------------------------------------------------------------------ rng userdata

const char* const kRngMeta = "ael.rng";

Rng& check_rng(lua_State* L) { return *static_cast<Rng*>(luaL_checkudata(L, 1, kRngMeta)); }

int rng_uniform(lua_State* L) {
  Rng& rng = check_rng(L);
  const double a = luaL_optnumber(L, 2, 0.0), b = luaL_optnumber(L, 3, 1.0);
  lua_pushnumber(L, rng.uniform(a, b));
  return 1;
}

int rng_normal(lua_State* L) {
  Rng& rng = check_rng(L);
  const double mean = luaL_optnumber(L, 2, 0.0), sd = luaL_optnumber(L, 3, 1.0);
  lua_pushnumber(L, mean + sd * rng.normal());
  return 1;
}

int rng_integer(lua_State* L) {
  Rng& rng = check_rng(L);
  const lua_Integer n = luaL_checkinteger(L, 2);
  luaL_argcheck(L, n >= 1, 2, "rng:integer(n) needs n >= 1");
  lua_pushinteger(L, 1 + static_cast<lua_Integer>(rng.next_u64() % static_cast<std::uint64_t>(n)));
  return 1;
}

void push_rng(lua_State* L, const Rng& rng) {
  void* block = lua_newuserdatauv(L, sizeof(Rng), 0);
  new (block) Rng(rng);
  if (luaL_newmetatable(L, kRngMeta)) {
    static const luaL_Reg methods[] = {{"uniform", rng_uniform},
                                       {"normal", rng_normal},
                                       {"integer", rng_integer},
                                       {nullptr, nullptr}};
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
  }
  lua_setmetatable(L, -2);
}

// ------------------------------------------------------------------ protected bodies
// Each runs inside LuaState::protected_call: plain data in, no C++ object with a
// destructor in the frame (a Lua error longjmps out of it).

void push_option_value(lua_State* L, const OptionValue& v) {
  if (const bool* b = std::get_if<bool>(&v)) {
    lua_pushboolean(L, *b);
  } else if (const std::int64_t* i = std::get_if<std::int64_t>(&v)) {
    lua_pushinteger(L, static_cast<lua_Integer>(*i));
  } else if (const double* d = std::get_if<double>(&v)) {
    lua_pushnumber(L, *d);
  } else if (const std::string* s = std::get_if<std::string>(&v)) {
    lua_pushlstring(L, s->data(), s->size());
  } else {
    const auto& list = std::get<std::vector<double>>(v);
    lua_createtable(L, static_cast<int>(list.size()), 0);
    for (std::size_t i = 0; i < list.size(); ++i) {
      lua_pushnumber(L, list[i]);
      lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
  }
}

const char optimizer_key = 0;  // registry key of the object create() returned

struct Matrix {
  const double* data;
  std::int64_t rows, cols;
};

void push_columns(lua_State* L, const Matrix& m) {
  luaL_checkstack(L, 4, "genomes");
  lua_createtable(L, static_cast<int>(m.cols), 0);
  for (std::int64_t c = 0; c < m.cols; ++c) {
    lua_createtable(L, static_cast<int>(m.rows), 0);
    for (std::int64_t r = 0; r < m.rows; ++r) {
      lua_pushnumber(L, m.data[c * m.rows + r]);
      lua_rawseti(L, -2, r + 1);
    }
    lua_rawseti(L, -2, c + 1);
  }
}

struct MethodCall {
  const char* method;
  int kind;  // 0: no arguments, 1: genomes + rng, 2: losses, 3: an event record, 4: rng
  Matrix genomes;
  const Rng* rng;
  const double* losses;
  std::int64_t n_losses;
  const Record* event;
};

// Scalars and lists of numbers; other fields (models, functions) have no Lua form here.
void push_event(lua_State* L, const Record& event) {
  lua_createtable(L, 0, static_cast<int>(event.size()));
  for (const auto& [name, value] : event.fields()) {
    if (value.is_int()) {
      lua_pushinteger(L, static_cast<lua_Integer>(value.as_int()));
    } else if (value.is_float()) {
      lua_pushnumber(L, value.as_number());
    } else if (value.is_bool()) {
      lua_pushboolean(L, value.as_bool());
    } else if (value.is_string()) {
      lua_pushlstring(L, value.as_string().data(), value.as_string().size());
    } else if (value.is_list()) {
      const List& items = value.as_list();
      lua_createtable(L, static_cast<int>(items.size()), 0);
      lua_Integer i = 0;
      for (const Value& item : items) {
        if (!item.is_number()) continue;
        lua_pushnumber(L, item.as_number());
        lua_rawseti(L, -2, ++i);
      }
    } else {
      continue;
    }
    lua_setfield(L, -2, name.c_str());
  }
}

int method_body(lua_State* L, void* data) {
  auto* call = static_cast<MethodCall*>(data);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &optimizer_key);
  const int self = lua_gettop(L);
  if (lua_getfield(L, self, call->method) != LUA_TFUNCTION)
    return luaL_error(L, "the object create() returned has no method '%s'", call->method);
  lua_pushvalue(L, self);
  int nargs = 1;
  if (call->kind == 1) {
    push_columns(L, call->genomes);
    push_rng(L, *call->rng);
    nargs += 2;
  } else if (call->kind == 2) {
    lua_createtable(L, static_cast<int>(call->n_losses), 0);
    for (std::int64_t i = 0; i < call->n_losses; ++i) {
      lua_pushnumber(L, call->losses[i]);
      lua_rawseti(L, -2, i + 1);
    }
    nargs += 1;
  } else if (call->kind == 3) {
    push_event(L, *call->event);
    nargs += 1;
  } else if (call->kind == 4) {
    push_rng(L, *call->rng);
    nargs += 1;
  }
  lua_call(L, nargs, 1);
  return 1;
}

// ------------------------------------------------------------------ Lua objects

struct CreateArgs {
  const Options* options;
  const char* path;
};

int create_with_options(lua_State* L, void* data) {
  auto* args = static_cast<CreateArgs*>(data);
  push_plugin_table(L);
  lua_getfield(L, -1, "create");
  const std::vector<Options::Entry>& entries = args->options->entries();
  lua_createtable(L, 0, static_cast<int>(entries.size()));
  for (const Options::Entry& e : entries) {
    push_option_value(L, e.value);
    lua_setfield(L, -2, e.name.c_str());
  }
  lua_call(L, 1, 1);
  if (lua_type(L, -1) != LUA_TTABLE)
    return luaL_error(L, "%s: create() must return a table (the object)", args->path);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &optimizer_key);
  return 0;
}

// What every family's adapter shares: a Lua state of its own holding the plugin file and
// the object create(options) returned, and protected method calls on that object.
class LuaObject {
 public:
  LuaObject(const std::string& path, const Options& options)
      : state_(std::make_unique<LuaState>(path)) {
    state_->load_plugin_table();
    StackRestore keep(state_->get());
    CreateArgs args{&options, state_->path().c_str()};
    state_->protected_call(create_with_options, &args, "create()");
  }

  lua_State* L() const { return state_->get(); }
  const std::string& path() const { return state_->path(); }

  /// Calls the method; its one result is left on the stack (restore the stack after).
  void call(MethodCall& call) {
    state_->protected_call(method_body, &call, (std::string(call.method) + "()").c_str());
  }
  /// Pushes the object's field (never raises).
  int push_field(const char* name) const {
    lua_rawgetp(L(), LUA_REGISTRYINDEX, &optimizer_key);
    const int type = raw_field(L(), -1, name);
    lua_remove(L(), -2);
    return type;
  }

 private:
  std::unique_ptr<LuaState> state_;
};

MethodCall method(const char* name, int kind) {
  return MethodCall{name, kind, {nullptr, 0, 0}, nullptr, nullptr, 0, nullptr};
}

// ------------------------------------------------------------------ population optimizer

class LuaPopulationOptimizer final : public PopulationOptimizer {
 public:
  LuaPopulationOptimizer(const std::string& path, const Options& options) : lua_(path, options) {
    StackRestore keep(lua_.L());
    lua_.push_field("population");
    if (!lua_isinteger(lua_.L(), -1) || lua_tointeger(lua_.L(), -1) < 1) {
      throw Error(path +
                  ": the optimizer create() returns needs 'population', an integer >= 1 "
                  "(genomes per ask())");
    }
    population_ = static_cast<Eigen::Index>(lua_tointeger(lua_.L(), -1));
  }

  Eigen::Index population_size() const override { return population_; }

  void initialize(const Eigen::Ref<const Eigen::MatrixXd>& initial, std::uint64_t seed) override {
    const Eigen::MatrixXd genomes = initial;  // contiguous
    dim_ = genomes.rows();
    const Rng rng = Rng::stream(seed, {0x4C7561 /* "Lua" */});
    MethodCall call = method("initialize", 1);
    call.genomes = {genomes.data(), genomes.rows(), genomes.cols()};
    call.rng = &rng;
    StackRestore keep(lua_.L());
    lua_.call(call);
    generation_ = 0;
    best_loss_ = std::numeric_limits<double>::infinity();
    best_.resize(0);
    asked_.resize(0, 0);
  }

  void ask(Eigen::MatrixXd& candidates) override {
    if (asked_.cols() == 0) {
      MethodCall call = method("ask", 0);
      StackRestore keep(lua_.L());
      lua_.call(call);
      asked_ = read_genomes(lua_gettop(lua_.L()));
    }
    candidates = asked_;
  }

  void tell(const Eigen::Ref<const Eigen::VectorXd>& losses) override {
    if (asked_.cols() == 0) throw Error("tell() before ask()");
    if (losses.size() != asked_.cols()) {
      throw Error("tell() got " + std::to_string(losses.size()) + " losses for " +
                  std::to_string(asked_.cols()) + " genomes");
    }
    const Eigen::VectorXd copy = losses;
    MethodCall call = method("tell", 2);
    call.losses = copy.data();
    call.n_losses = copy.size();
    {
      StackRestore keep(lua_.L());
      lua_.call(call);
    }
    Eigen::Index at = 0;
    const double min = copy.minCoeff(&at);
    if (min < best_loss_) {
      best_loss_ = min;
      best_ = asked_.col(at);
    }
    asked_.resize(0, 0);
    ++generation_;
  }

  std::int64_t generation() const override { return generation_; }
  Eigen::VectorXd best() const override { return best_; }
  double best_loss() const override { return best_loss_; }

  OptimizerState save_state() const override {
    throw Error(lua_.path() +
                ": a Lua optimizer's state cannot be saved (checkpoints are not "
                "supported for Lua plugins)");
  }
  void load_state(const OptimizerState&) override {
    throw Error(lua_.path() +
                ": a Lua optimizer's state cannot be restored (checkpoints are "
                "not supported for Lua plugins)");
  }

 private:
  Eigen::MatrixXd read_genomes(int index) const;

  LuaObject lua_;
  Eigen::Index population_ = 1;
  Eigen::Index dim_ = 0;
  Eigen::MatrixXd asked_;
  Eigen::VectorXd best_;
  double best_loss_ = std::numeric_limits<double>::infinity();
  std::int64_t generation_ = 0;
};

// A list of `dim` numbers at `index` into `out` (non-raising reads); false if it is not.
bool read_numbers(lua_State* L, int index, Eigen::Index dim, double* out) {
  if (lua_type(L, index) != LUA_TTABLE || static_cast<Eigen::Index>(lua_rawlen(L, index)) != dim)
    return false;
  for (Eigen::Index r = 0; r < dim; ++r) {
    const bool number = lua_rawgeti(L, index, r + 1) == LUA_TNUMBER;
    out[r] = lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (!number) return false;
  }
  return true;
}

Eigen::MatrixXd LuaPopulationOptimizer::read_genomes(int index) const {
  lua_State* L = lua_.L();
  const std::string where = lua_.path() + ": ask()";
  if (lua_type(L, index) != LUA_TTABLE) throw Error(where + " must return a list of genomes");
  const auto n = static_cast<Eigen::Index>(lua_rawlen(L, index));
  if (n < 1) throw Error(where + " returned no genomes");
  Eigen::MatrixXd out(dim_, n);
  for (Eigen::Index c = 0; c < n; ++c) {
    StackRestore keep(L);
    lua_rawgeti(L, index, c + 1);
    if (!read_numbers(L, -1, dim_, out.col(c).data())) {
      throw Error(where + ": genome " + std::to_string(c + 1) + " must be a list of " +
                  std::to_string(dim_) + " numbers");
    }
  }
  return out;
}

// ------------------------------------------------------------------ data source

class LuaDataSource final : public DataSource {
 public:
  LuaDataSource(const std::string& path, const Options& options) : lua_(path, options) {}

  // generate(self, rng) returns a list of rows, or {columns = {...}, rows = {...}}.
  Eigen::MatrixXd generate(Rng& rng, std::vector<std::string>& names) override {
    MethodCall call = method("generate", 4);
    call.rng = &rng;
    lua_State* L = lua_.L();
    StackRestore keep(L);
    lua_.call(call);
    const int result = lua_gettop(L);
    const std::string where = lua_.path() + ": generate()";
    if (lua_type(L, result) != LUA_TTABLE)
      throw Error(where + " must return a list of rows or {columns = ..., rows = ...}");
    int rows = result;
    if (raw_field(L, result, "rows") == LUA_TTABLE) {
      rows = lua_gettop(L);
      read_names(result, names, where);
    }
    return read_rows(rows, where);
  }

 private:
  void read_names(int table, std::vector<std::string>& names, const std::string& where) const {
    lua_State* L = lua_.L();
    StackRestore keep(L);
    if (raw_field(L, table, "columns") != LUA_TTABLE) return;
    const lua_Unsigned n = lua_rawlen(L, -1);
    for (lua_Unsigned i = 1; i <= n; ++i) {
      if (lua_rawgeti(L, -1, static_cast<lua_Integer>(i)) != LUA_TSTRING)
        throw Error(where + ": column names must be strings");
      names.push_back(string_at(L, -1));
      lua_pop(L, 1);
    }
  }

  Eigen::MatrixXd read_rows(int index, const std::string& where) const {
    lua_State* L = lua_.L();
    const auto n = static_cast<Eigen::Index>(lua_rawlen(L, index));
    if (n < 1) throw Error(where + " returned no rows");
    Eigen::Index dim = 0;
    {
      StackRestore keep(L);
      if (lua_rawgeti(L, index, 1) == LUA_TTABLE)
        dim = static_cast<Eigen::Index>(lua_rawlen(L, -1));
    }
    if (dim < 1) throw Error(where + ": row 1 must be a non-empty list of numbers");
    Eigen::MatrixXd out(dim, n);  // one sample per column while reading
    for (Eigen::Index c = 0; c < n; ++c) {
      StackRestore keep(L);
      lua_rawgeti(L, index, c + 1);
      if (!read_numbers(L, -1, dim, out.col(c).data())) {
        throw Error(where + ": row " + std::to_string(c + 1) + " must be a list of " +
                    std::to_string(dim) + " numbers (like row 1)");
      }
    }
    return out.transpose();
  }

  LuaObject lua_;
};

// ------------------------------------------------------------------ callback

class LuaCallback final : public EventCallback {
 public:
  LuaCallback(const std::string& path, const Options& options) : lua_(path, options) {}

  // on_event(self, event) returns true (or "stop") to stop the run.
  bool on_event(const Record& event) override {
    std::lock_guard<std::mutex> lock(mutex_);  // parallel runs may share the callback
    MethodCall call = method("on_event", 3);
    call.event = &event;
    lua_State* L = lua_.L();
    StackRestore keep(L);
    lua_.call(call);
    return lua_toboolean(L, -1) != 0;
  }

 private:
  std::mutex mutex_;
  LuaObject lua_;
};

}  // namespace

std::string plugin_name_of_lua_file(const std::string& filename) {
  const std::string suffix = ".lua";
  if (filename.size() <= suffix.size()) return {};
  if (filename.compare(filename.size() - suffix.size(), suffix.size(), suffix) != 0) return {};
  return filename.substr(0, filename.size() - suffix.size());
}

std::shared_ptr<PluginHandle> open_lua_plugin(const std::string& path,
                                              std::string_view expected_name) {
  LuaState state(path);
  state.load_plugin_table();
  PluginManifest manifest = read_manifest(state);
  if (!expected_name.empty() && manifest.name != expected_name) {
    throw Error("Lua plugin " + path + " declares the plugin '" + manifest.name + "', not '" +
                std::string(expected_name) + "' (the name must match the file name)");
  }
  const PluginFamily family = manifest.family;
  BuiltinFactory factory = [path, family](const Options& options) -> std::unique_ptr<PluginObject> {
    switch (family) {
      case PluginFamily::DataSource:
        return std::make_unique<LuaDataSource>(path, options);
      case PluginFamily::Callback:
        return std::make_unique<LuaCallback>(path, options);
      default:
        return std::make_unique<LuaPopulationOptimizer>(path, options);
    }
  };
  return PluginHandle::scripted(std::move(manifest), std::move(factory), path);
}

}  // namespace ael::plugins::lua
