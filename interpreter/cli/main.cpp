// `ael`: the command-line client. A thin layer over the public API (ael/ael.hpp).
//
//   ael run FILE [--seed N] [--quick] [--threads N] [--plugin-path DIR]... [-- name=value...]
//   ael check FILE
//   ael repl            (also plain `ael` on a terminal)
//   ael plugins [NAME]
//
// Exit codes: 0 success, 1 script errors (syntax, checks, runtime), 2 usage errors,
// 130 interrupted by Ctrl-C (after training wrote its last checkpoint and log).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "ael/ael.hpp"
#include "cli/doc_command.hpp"
#include "cli/plugins_command.hpp"
#include "cli/repl.hpp"

namespace {

constexpr int kScriptError = 1;
constexpr int kUsageError = 2;
constexpr int kInterrupted = 130;  // 128 + SIGINT, what shells report for Ctrl-C

bool want_color() { return isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr; }

void print_diagnostics(const ael::Result& r) {
  const bool color = want_color();
  for (const ael::Diagnostic& d : r.diagnostics) std::cerr << d.render(color);
}

void on_sigint(int) { ael::request_interrupt(); }

struct RunOptions {
  std::string file;
  std::uint64_t seed = 0;
  bool quick = false;
  int threads = 0;
  std::vector<std::string> plugin_path;
  std::vector<std::string> arguments;  ///< name=value, read by the script's arguments()
};

ael::EngineConfig make_config(const RunOptions& o) {
  ael::EngineConfig config;
  config.seed = o.seed;
  const char* quick_env = std::getenv("AEL_QUICK");
  config.quick = o.quick || (quick_env && std::string(quick_env) != "0" && *quick_env);
  config.threads = o.threads;
  config.plugin_path = o.plugin_path;
  // Each was checked by the command line's validator.
  for (const std::string& text : o.arguments)
    config.arguments.push_back(ael::parse_script_argument(text));
  config.progress = isatty(STDERR_FILENO);
  return config;
}

// `-` and /dev/stdin name standard input (`generate.sh | ael run -`); its imports are
// looked up from the working folder.
bool names_stdin(const std::string& file) { return file == "-" || file == "/dev/stdin"; }

// A script on stdin is read whole before anything runs, as a file is; the bound keeps an
// endless pipe (`yes | ael run -`) from eating the memory.
constexpr std::size_t kMaxStdinScript = std::size_t{256} << 20;

bool read_stdin_script(std::string& text) {
  char buffer[1 << 16];
  for (;;) {
    std::cin.read(buffer, sizeof buffer);
    text.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
    if (text.size() > kMaxStdinScript) {
      std::cerr << "ael: the script on standard input is larger than 256 MB\n";
      return false;
    }
    if (!std::cin) return std::cin.eof();
  }
}

int run_script(const RunOptions& o, bool check_only) {
  const bool from_stdin = names_stdin(o.file);
  std::string text;
  std::error_code ec;
  if (from_stdin) {
    if (!read_stdin_script(text)) return kUsageError;
  } else if (!std::filesystem::is_regular_file(o.file, ec)) {
    std::cerr << "ael: cannot open script '" << o.file << "'\n";
    return kUsageError;
  }
  ael::Interpreter interp(make_config(o));
  std::signal(SIGINT, on_sigint);
  const ael::Result r =
      from_stdin
          ? (check_only ? interp.check_string(text, "<stdin>") : interp.run_string(text, "<stdin>"))
          : (check_only ? interp.check_file(o.file) : interp.run_file(o.file));
  print_diagnostics(r);
  if (r.interrupted) return kInterrupted;
  return r.ok ? 0 : kScriptError;
}

void add_engine_options(CLI::App* cmd, RunOptions& o) {
  cmd->add_option("--seed", o.seed, "Base seed of every random stream (default 0)");
  cmd->add_flag("--quick", o.quick, "Quick mode: scripts shrink their budgets (also AEL_QUICK=1)");
  cmd->add_option("--threads", o.threads, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--plugin-path", o.plugin_path, "Extra folder to search for plugins (repeatable)")
      ->allow_extra_args(false);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"AEL: an experiment language for autoencoder research"};
  app.set_version_flag("--version", std::string("ael ") + ael::version());
  app.require_subcommand(0, 1);

  RunOptions run_opts;
  CLI::App* run = app.add_subcommand("run", "Run a script");
  run->add_option("file", run_opts.file, "Script to run (- reads standard input)")->required();
  run->add_option("arguments", run_opts.arguments,
                  "Script arguments after --: name=value ..., read by arguments({...})")
      ->check(
          [](const std::string& text) {
            try {
              ael::parse_script_argument(text);
              return std::string();
            } catch (const ael::Error& e) {
              return e.diagnostic().message;
            }
          },
          "name=value");
  add_engine_options(run, run_opts);

  RunOptions check_opts;
  CLI::App* check = app.add_subcommand("check", "Parse and check a script without running it");
  check->add_option("file", check_opts.file, "Script to check (- reads standard input)")
      ->required();
  add_engine_options(check, check_opts);

  RunOptions repl_opts;
  CLI::App* repl = app.add_subcommand("repl", "Interactive session");
  add_engine_options(repl, repl_opts);

  RunOptions plugin_opts;
  std::string plugin_name;
  CLI::App* plugins = app.add_subcommand("plugins", "List plugins, or show one plugin's options");
  plugins->add_option("name", plugin_name, "Plugin to describe");
  plugins
      ->add_option("--plugin-path", plugin_opts.plugin_path, "Extra folder to search (repeatable)")
      ->allow_extra_args(false);

  RunOptions doc_opts;
  std::string doc_name;
  CLI::App* doc = app.add_subcommand(
      "doc", "Show a builtin's or plugin's help; without a name, the whole reference (Markdown)");
  doc->add_option("name", doc_name, "Builtin or plugin");
  doc->add_option("--plugin-path", doc_opts.plugin_path, "Extra folder to search (repeatable)")
      ->allow_extra_args(false);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kUsageError;
  }

  if (*run) return run_script(run_opts, false);
  if (*check) return run_script(check_opts, true);
  if (*plugins) return ael::cli::plugins_command(plugin_opts.plugin_path, plugin_name);
  if (*doc) return ael::cli::doc_command(doc_opts.plugin_path, doc_name);
  ael::cli::ReplOptions ro;
  ro.config = make_config(*repl ? repl_opts : RunOptions{});
  ro.interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  return ael::cli::run_repl(ro);
}
