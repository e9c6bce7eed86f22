#include "cli/repl.hpp"

#include <editline/readline.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace ael::cli {
namespace {

const char* kHelp =
    "Enter AEL statements or expressions; the values of expressions are printed.\n"
    "An entry continues over several lines while brackets are open.\n"
    "  :help          this text\n"
    "  :quit, :q      leave (also Ctrl-D)\n"
    "  :load FILE     run a script file in this session\n"
    "  :type EXPR     the type of an expression\n"
    "  :globals       the names defined in this session\n"
    "Ctrl-C stops a running computation; history is kept in ~/.ael_history.\n";

std::string history_file() {
  const char* home = std::getenv("HOME");
  return home ? std::string(home) + "/.ael_history" : std::string();
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

class Session {
 public:
  explicit Session(const ReplOptions& o) : options_(o), interp_(o.config) {}

  int run() {
    if (options_.interactive) {
      std::cout << "AEL " << version() << " — :help for help, :quit to leave\n";
      history_ = history_file();
      if (!history_.empty()) read_history(history_.c_str());
      std::signal(SIGINT, [](int) { request_interrupt(); });
    }
    std::string entry;
    for (;;) {
      std::string line;
      if (!read_line(entry.empty() ? "ael> " : "...> ", line)) break;
      if (entry.empty() && trim(line).empty()) continue;
      if (entry.empty() && !trim(line).empty() && trim(line)[0] == ':') {
        if (!command(trim(line))) break;
        continue;
      }
      entry += line;
      entry += "\n";
      if (interp_.is_incomplete(entry)) continue;
      evaluate(entry);
      entry.clear();
    }
    if (!entry.empty()) evaluate(entry);  // input ended inside an entry: report it
    if (options_.interactive && !history_.empty()) write_history(history_.c_str());
    return failures_ > 0 && !options_.interactive ? 1 : 0;
  }

 private:
  bool read_line(const char* prompt, std::string& out) {
    if (!options_.interactive) return static_cast<bool>(std::getline(std::cin, out));
    char* raw = readline(prompt);
    if (!raw) {
      std::cout << "\n";
      return false;
    }
    out = raw;
    if (!trim(out).empty()) add_history(raw);
    std::free(raw);
    return true;
  }

  void report(const Result& r) {
    const bool color = options_.interactive && std::getenv("NO_COLOR") == nullptr;
    for (const Diagnostic& d : r.diagnostics) std::cerr << d.render(color);
    if (!r.ok) ++failures_;
  }

  void evaluate(const std::string& entry) {
    Result r = interp_.eval_repl(entry);
    report(r);
    if (r.ok && !r.value.is_none()) std::cout << r.value.repr() << "\n";
    std::cout.flush();
  }

  // Returns false to end the session.
  bool command(const std::string& line) {
    const auto space = line.find_first_of(" \t");
    const std::string name = line.substr(0, space);
    const std::string arg = space == std::string::npos ? "" : trim(line.substr(space));
    if (name == ":quit" || name == ":q" || name == ":exit") return false;
    if (name == ":help" || name == ":h") {
      std::cout << kHelp;
    } else if (name == ":load") {
      if (arg.empty()) {
        std::cerr << "usage: :load FILE\n";
        ++failures_;
      } else {
        report(interp_.run_file(arg));
      }
    } else if (name == ":type" || name == ":t") {
      if (arg.empty()) {
        std::cerr << "usage: :type EXPRESSION\n";
        ++failures_;
      } else {
        Result r = interp_.type_of(arg);
        report(r);
        if (r.ok) std::cout << r.value.str() << "\n";
      }
    } else if (name == ":globals") {
      for (const std::string& g : interp_.global_names()) std::cout << g << "\n";
    } else {
      std::cerr << "unknown command '" << name << "' (:help lists them)\n";
      ++failures_;
    }
    std::cout.flush();
    return true;
  }

  const ReplOptions& options_;
  Interpreter interp_;
  std::string history_;
  int failures_ = 0;
};

}  // namespace

int run_repl(const ReplOptions& options) { return Session(options).run(); }

}  // namespace ael::cli
