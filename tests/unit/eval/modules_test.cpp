// Imports: the script's folder, EngineConfig::module_path, AEL_PATH, the stdlib; caching,
// exports, cycles and the missing-module error.
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "eval_helpers.hpp"
#include "test_support.hpp"

namespace ael::test {
namespace {

class Modules : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir("modules");
    write_text(
        dir_ + "/geometry.ael",
        "let _hidden = 1\nlet unit = 1.0\nfn area(w, h) = w * h\nprint(\"loading geometry\")\n");
    std::filesystem::create_directories(dir_ + "/pkg");
  }
  void TearDown() override { unsetenv("AEL_PATH"); }

  std::string script(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    write_text(path, text);
    return path;
  }

  std::string dir_;
};

TEST_F(Modules, ImportFromTheScriptsFolderRunsOnce) {
  const std::string main = script("main.ael",
                                  "import geometry\nimport geometry as g\n"
                                  "from geometry import area, unit\n"
                                  "print(geometry.area(2, 3), g.unit, area(1, 4))\n");
  Session s;
  Result r = s.interp().run_file(main);
  ASSERT_TRUE(r.ok) << Session::render(r);
  EXPECT_EQ(s.take_output(), "loading geometry\n6 1.0 4\n");
}

TEST_F(Modules, UnderscoreNamesAreNotExported) {
  const std::string main = script("hidden.ael", "import geometry\nprint(geometry._hidden)\n");
  Session s;
  Result r = s.interp().run_file(main);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.diagnostics[0].message, "module has no '_hidden'");
}

TEST_F(Modules, NestedPathsBindNamespaces) {
  write_text(dir_ + "/pkg/tools.ael", "fn twice(x) = 2 * x\n");
  const std::string main = script("nested.ael", "import pkg.tools\nprint(pkg.tools.twice(4))\n");
  Session s;
  Result r = s.interp().run_file(main);
  ASSERT_TRUE(r.ok) << Session::render(r);
  EXPECT_EQ(s.take_output(), "8\n");
}

TEST_F(Modules, SearchPathFromConfigAndAelPath) {
  const std::string lib = dir_ + "/lib";
  std::filesystem::create_directories(lib);
  write_text(lib + "/extra.ael", "let answer = 42\n");
  const std::string lib2 = dir_ + "/lib2";
  std::filesystem::create_directories(lib2);
  write_text(lib2 + "/envmod.ael", "let where = \"env\"\n");

  EngineConfig config;
  config.module_path = {lib};
  Session s(config);
  EXPECT_EQ(s.eval("import extra\nextra.answer").repr(), "42");

  setenv("AEL_PATH", ("/nonexistent:" + lib2).c_str(), 1);
  Session t;
  EXPECT_EQ(t.eval("import envmod\nenvmod.where").repr(), "\"env\"");
}

TEST_F(Modules, MissingModuleListsWhereItLooked) {
  setenv("AEL_PATH", "/nowhere/a:/nowhere/b", 1);
  Session s;
  Result r = s.interp().run_string("import nosuchmod", "t.ael");
  ASSERT_FALSE(r.ok);
  const Diagnostic& d = r.diagnostics[0];
  EXPECT_EQ(d.message, "no module named 'nosuchmod'");
  EXPECT_EQ(d.location.line, 1);
  EXPECT_EQ(d.location.column, 8);
}

TEST_F(Modules, MissingModuleAtRunTimeNamesTheSearchedFolders) {
  // A module that disappears between the check and the import is reported by the loader,
  // with a note listing every folder it searched.
  setenv("AEL_PATH", "/nowhere/a", 1);
  write_text(dir_ + "/vanishing.ael", "let v = 1\n");
  const std::string main = script("late.ael", "remove_module()\nimport vanishing\n");
  Session s;
  const std::string doomed = dir_ + "/vanishing.ael";
  s.interp().define("remove_module", {}, [doomed](Args&) {
    std::remove(doomed.c_str());
    return Value();
  });
  Result r = s.interp().run_file(main);
  ASSERT_FALSE(r.ok);
  const Diagnostic& d = r.diagnostics[0];
  EXPECT_EQ(d.message, "no module named 'vanishing'");
  EXPECT_EQ(d.location.line, 2);
  ASSERT_EQ(d.notes.size(), 1u) << d.render();
  EXPECT_EQ(d.notes[0].message, "looked for 'vanishing.ael' in:\n    " + dir_ + "\n    /nowhere/a");
}

TEST_F(Modules, StdlibModulesResolveAndMisspellingsAreSuggested) {
  Session s;
  EXPECT_EQ(s.eval("import std.stats\nstd.stats.mean([1, 2, 3])").repr(), "2.0");
  EXPECT_EQ(error_of("import std.stat"), "no module named 'std.stat'; did you mean 'std.stats'?");
  EXPECT_EQ(error_of("import std"),
            "'std' is a package; import one of its modules, e.g. 'import std.data'");
}

TEST_F(Modules, ImportCycleIsAnError) {
  script("cyc_a.ael", "import cyc_b\nlet a = 1\n");
  script("cyc_b.ael", "import cyc_a\nlet b = 2\n");
  const std::string main = script("cyc_main.ael", "import cyc_a\n");
  Session s;
  Result r = s.interp().run_file(main);
  ASSERT_FALSE(r.ok);
  bool found = false;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.message.find("import cycle: ") == 0) found = true;
  }
  EXPECT_TRUE(found) << Session::render(r);
}

TEST_F(Modules, ErrorsInsideAModuleNameTheImport) {
  script("broken.ael", "let x = 1 / 0\n");
  const std::string main = script("uses_broken.ael", "import broken\n");
  Session s;
  Result r = s.interp().run_file(main);
  ASSERT_FALSE(r.ok);
  ASSERT_GE(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[0].message, "division by zero");
  EXPECT_EQ(r.diagnostics.back().message, "in module 'broken' imported here");
  EXPECT_EQ(r.diagnostics.back().severity, Severity::Note);
}

TEST_F(Modules, UnknownMemberOfAnImportedModuleIsCheckedStatically) {
  const std::string main =
      script("member.ael", "print(\"ran\")\nimport geometry\ngeometry.aera(1, 2)\n");
  Session s;
  Result r = s.interp().run_file(main);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.diagnostics[0].message, "module has no 'aera'; did you mean 'area'?");
  EXPECT_EQ(s.take_output(), "");
}

}  // namespace
}  // namespace ael::test
