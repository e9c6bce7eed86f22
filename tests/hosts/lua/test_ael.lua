-- The Lua module `ael` (hosts/lua) from the stock lua5.4, as a Lua user meets it.
-- Run by ctest with LUA_CPATH=<build>/lua/?.so; exits nonzero on the first failed case.
local ael = require "ael"

local failures, count = 0, 0
local function case(name, fn)
  count = count + 1
  local ok, err = pcall(fn)
  if ok then
    print("ok   " .. name)
  else
    failures = failures + 1
    print("FAIL " .. name .. ": " .. tostring(err))
  end
end

local function eq(a, b, what)
  if a ~= b then error((what or "value") .. ": expected " .. tostring(b) .. ", got " .. tostring(a), 2) end
end

local function raises(fn, pattern)
  local ok, err = pcall(fn)
  if ok then error("expected an error matching '" .. pattern .. "'", 2) end
  if not tostring(err):find(pattern, 1, true) then
    error("error '" .. tostring(err) .. "' does not contain '" .. pattern .. "'", 2)
  end
  return err
end

local MODEL = [[
model Tiny(x: 2) {
  code = x |> dense(1)
  out  = code |> dense(2)
}
fn fit(epochs) = train Tiny on samples {
  loss      = mse(out, x)
  optimizer = adam(lr: 0.05)
  epochs    = epochs
  batch     = 16
  seed      = 1
  on_epoch  = fn(r) => report(r.epoch, r.loss)
}
]]

local function line_samples(n)
  local rows = {}
  for i = 1, n do
    local t = -1 + 2 * (i - 1) / (n - 1)
    rows[i] = {t, 0.5 * t}
  end
  return rows
end

case("plain values round trip", function()
  local a = ael.open{seed = 1, threads = 1}
  a:set("v", 42); eq(a:get("v"), 42); eq(math.type(a:get("v")), "integer")
  a:set("v", 2.5); eq(a:get("v"), 2.5)
  a:set("v", "héllo"); eq(a:get("v"), "héllo")
  a:set("v", true); eq(a:get("v"), true)
  a:set("v", nil); eq(a:get("v"), nil)
  a:set("l", {1, "two", {3}}); local l = a:get("l")
  eq(#l, 3); eq(l[2], "two"); eq(l[3][1], 3)
  a:set("r", {name = "x", n = 2}); local r = a:get("r")
  eq(r.name, "x"); eq(r.n, 2)
  eq(a:eval("r.n + 1"), 3)
end)

case("none inside a list keeps its place", function()
  local a = ael.open{}
  local l = a:eval("[1, none, 3]")
  eq(#l, 3); eq(l[2], ael.none)
  a:set("back", l); eq(a:eval("back[1] == none"), true)
end)

case("tables that are neither list nor record are refused", function()
  local a = ael.open{}
  raises(function() a:set("m", {1, 2, x = 3}) end, "not a mix")
  raises(function() a:set("f", function() end) end, "cannot take a Lua function")
  local t = {}; t[1] = t
  raises(function() a:set("cycle", t) end, "nested deeper")
end)

case("unknown options are named", function()
  raises(function() ael.open{sed = 1} end, "unknown option 'sed'")
  raises(function() ael.open{seed = 1.5} end, "'seed' must be an integer")
end)

case("matrices: rows are samples", function()
  local a = ael.open{}
  a:set("m", ael.matrix{{1, 2, 3}, {4, 5, 6}})
  local shape = a:eval("[m.rows, m.cols]"); eq(shape[1], 2); eq(shape[2], 3)
  local m = a:get("m")
  eq(ael.type(m), "dataset"); eq(#m, 2); eq(m[2][3], 6.0); eq(m.cols, 3)
  local t = ael.totable(a:eval("m * 2")); eq(t[1][2], 4.0); eq(t[2][1], 8.0)
  raises(function() ael.matrix{{1, 2}, {3}} end, "row 2 has 1 values")
  raises(function() ael.matrix{{1, "x"}} end, "not a number")
  raises(function() return m[3] end, "row 3")
end)

case("script errors carry text and diagnostics", function()
  local a = ael.open{}
  local err = raises(function() a:run_string("let a = 1\nlet b = a +* 2", "bad.ael") end, "bad.ael:2:")
  assert(tostring(err):find("^", 1, true), "caret missing")
  local d = a:diagnostics()[1]
  eq(d.severity, "error"); eq(d.file, "bad.ael"); eq(d.line, 2); assert(d.column > 0)
  raises(function() a:run_file("no_such_file.ael") end, "no_such_file.ael")
  raises(function() a:get("nope") end, "nope")
  eq(a:eval("40 + 2"), 42) -- usable afterwards
end)

case("host functions: arguments, names, errors at the call", function()
  local a = ael.open{threads = 2}
  a:register("scaled", "x, k?", function(x, k) return x * (k or 2) end)
  eq(a:eval("scaled(3)"), 6); eq(a:eval("scaled(3, k: 5)"), 15)
  a:register("boom", "x", function(x) error("no " .. x, 0) end)
  raises(function() a:run_string("let a = 1\nlet b = boom(7)", "host.ael") end, "host.ael:2:")
  eq(a:diagnostics()[1].message:find("no 7", 1, true) ~= nil, true)
  raises(function() a:register("bad name", "x", print) end, "bad name")
  a:register("sq", "i", function(i) return i * i end)
  eq(a:eval("sum(parallel [sq(i) for i in range(100)])"), 328350)
end)

case("train a model defined in AEL and read its results", function()
  local function fit()
    local a = ael.open{seed = 1, threads = 1}
    local curve = {}
    a:register("report", "epoch, loss", function(_, loss) curve[#curve + 1] = loss; return false end)
    a:set("samples", ael.matrix(line_samples(200)))
    a:run_string(MODEL, "model.ael")
    return a, a:call("fit", 20), curve
  end
  local a, model, curve = fit()
  eq(#curve, 20)
  assert(curve[20] < curve[1] / 10, "the loss did not fall")
  eq(type(model.loss), "number"); eq(#model.history, 20)
  a:set("trained", model)
  local recon = ael.totable(a:eval("apply(trained, samples)"))
  eq(#recon, 200)
  assert(math.abs(recon[1][1] - (-1)) < 0.05, "reconstruction is off: " .. recon[1][1])
  local _, _, again = fit()
  for i = 1, 20 do eq(again[i], curve[i], "seeded loss " .. i) end
end)

case("function values are callable and keep their interpreter", function()
  local add
  do
    local a = ael.open{}
    a:run_string("fn add(a, b) = a + b")
    add = a:get("add")
  end
  collectgarbage(); collectgarbage()
  eq(ael.type(add), "function"); eq(add(2, 3), 5)
  raises(function() add(1) end, "add")
end)

case("a Lua plugin runs inside the stock lua5.4 too", function()
  -- libael's Lua and the lua5.4 executable's are the same C Lua: a plugin state and the
  -- host state live side by side.
  local a = ael.open{seed = 1, threads = 1, quick = true, plugin_path = "../../../examples/lua_plugin"}
  a:run_file("../../../examples/lua_plugin/train.ael")
  local ok, err = pcall(a.eval, a, "one_plus_one(sigmaa: 1)")
  assert(not ok and tostring(err):find("sigma", 1, true), tostring(err))
end)

case("output goes to the write function", function()
  local seen = {}
  local a = ael.open{write = function(s) seen[#seen + 1] = s end}
  a:run_string('print("hello", 1 + 1)')
  eq(table.concat(seen), "hello 2\n")
end)

case("ael.interrupt stops a run, which raises; the interpreter goes on", function()
  local a = ael.open{threads = 1}
  local calls = 0
  a:register("tick", "", function() calls = calls + 1; if calls == 50 then ael.interrupt() end; return calls end)
  raises(function() a:run_string("let n = 0\nwhile true { n = tick() }") end, "interrupted")
  eq(calls, 50)
  eq(a:eval("1 + 1"), 2)
end)

case("a closed interpreter refuses calls", function()
  local a = ael.open{}
  a:close()
  raises(function() a:eval("1") end, "closed")
end)

case("module path and quick", function()
  local dir = os.tmpname(); os.remove(dir)
  assert(os.execute("mkdir -p '" .. dir .. "'"))
  local f = assert(io.open(dir .. "/helpers.ael", "w")); f:write("fn triple(x) = 3 * x\n"); f:close()
  local a = ael.open{module_path = dir, quick = true}
  a:run_string("from helpers import triple\nlet t = triple(4)")
  eq(a:get("t"), 12); eq(a:eval("quick"), true)
  os.remove(dir .. "/helpers.ael"); os.remove(dir)
  eq(type(ael.version), "string")
end)

case("script arguments are typed after their defaults", function()
  local a = ael.open{arguments = {lr = 3e-4, epochs = 5, fast = true, name = "wide"}}
  a:run_string('let args = arguments({lr: 1e-3, epochs: 20, fast: false, name: "x"})')
  eq(a:eval("args.lr"), 3e-4); eq(a:eval("args.epochs"), 5)
  eq(a:eval("args.fast"), true); eq(a:eval("args.name"), "wide")
  raises(function()
    ael.open{arguments = {lrr = 1}}:run_string("let x = arguments({lr: 1})")
  end, "unknown script argument 'lrr'")
  raises(function() ael.open{arguments = {lr = {}}} end, "must be a number, boolean or string")
end)

print(string.format("%d of %d cases passed", count - failures, count))
os.exit(failures == 0 and 0 or 1)
