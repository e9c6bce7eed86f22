#include "cli/repl.hpp"

#include <signal.h>

#include <editline/readline.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "ael/ael.hpp"

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
    "  :time EXPR     evaluate and print how long it took\n"
    "  :save FILE     write this session's successful entries as a script\n"
    "  :explain M     a compiled model's graph, one node per line with its shape\n"
    "  :graph M       the graph in Graphviz DOT; :graph M > FILE writes it (dot -Tpng)\n"
    "  :gradcheck M, DATA   backward against finite differences on two samples\n"
    "Tab completes names: globals, builtins, plugins and keywords.\n"
    "Ctrl-C stops a running computation, or clears the entry being typed; history\n"
    "(the last 1000 entries) is kept in ~/.ael_history.\n";

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
      stifle_history(kHistoryEntries);
      catch_interrupts();
      install_completion();
    }
    std::string entry;
    int entry_line = 1;  // the input line the entry started on (piped input's diagnostics)
    for (;;) {
      std::string line;
      const Read got = read_line(entry.empty() ? "ael> " : "...> ", line);
      if (got == Read::End) break;
      if (got == Read::Interrupted) {  // Ctrl-C at a prompt drops the entry, keeps the session
        entry.clear();
        continue;
      }
      if (entry.empty() && trim(line).empty()) continue;
      if (entry.empty() && trim(line)[0] == ':') {
        remember(trim(line));
        if (!command(trim(line))) break;
        continue;
      }
      if (entry.empty()) entry_line = line_number_;
      entry += line;
      entry += "\n";
      if (interp_.is_incomplete(entry)) continue;
      remember(entry);
      evaluate(entry, entry_line);
      entry.clear();
    }
    if (!entry.empty()) evaluate(entry, entry_line);  // input ended inside an entry
    if (options_.interactive && !history_.empty()) write_history(history_.c_str());
    return failures_ > 0 && !options_.interactive ? 1 : 0;
  }

 private:
  enum class Read { Line, End, Interrupted };
  static constexpr int kHistoryEntries = 1000;

  // No SA_RESTART: Ctrl-C must end libedit's read() at a prompt (readline() then
  // returns null with the interrupt pending) as well as stop running work.
  static void catch_interrupts() {
    struct sigaction action {};
    action.sa_handler = [](int) { request_interrupt(); };
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    sigaction(SIGINT, &action, nullptr);
  }

  Read read_line(const char* prompt, std::string& out) {
    ++line_number_;
    if (!options_.interactive) return std::getline(std::cin, out) ? Read::Line : Read::End;
    clear_interrupt();
    char* raw = readline(prompt);
    if (!raw) {
      std::cout << "\n";
      std::cout.flush();
      return take_interrupt() ? Read::Interrupted : Read::End;
    }
    out = raw;
    std::free(raw);
    return Read::Line;
  }

  // A whole entry is one history item, so Up recalls a multi-line entry at once.
  void remember(const std::string& entry) {
    if (!options_.interactive) return;
    std::string item = entry;
    while (!item.empty() && item.back() == '\n') item.pop_back();
    if (!trim(item).empty()) add_history(item.c_str());
  }

  void report(const Result& r) {
    const bool color = options_.interactive && std::getenv("NO_COLOR") == nullptr;
    for (const Diagnostic& d : r.diagnostics) std::cerr << d.render(color);
    if (!r.ok) ++failures_;
  }

  void evaluate(const std::string& entry, int first_line) {
    // Piped input is a file: its lines are numbered. A terminal entry is its own text.
    Result r = options_.interactive ? interp_.eval_repl(entry)
                                    : interp_.eval_repl(entry, "<stdin>", first_line);
    report(r);
    if (r.ok) entries_.push_back(entry);
    if (r.ok && !r.value.is_none()) std::cout << r.value.repr() << "\n";
    std::cout.flush();
  }

  // Tab completion (libedit's readline interface): names that start with the word typed.
  // Option names inside a call are not completed.
  void install_completion() {
    active_ = this;
    rl_attempted_completion_function = [](const char* text, int, int) -> char** {
      rl_attempted_completion_over = 1;  // never fall back to file names
      return rl_completion_matches(text, [](const char* prefix, int state) -> char* {
        static std::vector<std::string> matches;
        static std::size_t next = 0;
        if (state == 0) {
          matches = active_ ? active_->completions(prefix) : std::vector<std::string>{};
          next = 0;
        }
        return next < matches.size() ? strdup(matches[next++].c_str()) : nullptr;
      });
    };
  }

  std::vector<std::string> completions(std::string_view prefix) {
    static const std::vector<std::string> kKeywords = keywords();
    std::vector<std::string> names = interp_.global_names();
    for (std::string& n : interp_.help_names()) names.push_back(std::move(n));
    names.insert(names.end(), kKeywords.begin(), kKeywords.end());
    std::vector<std::string> out;
    for (std::string& n : names)
      if (n.compare(0, prefix.size(), prefix) == 0) out.push_back(std::move(n));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // Replaces `path` whole or not at all (temp file + rename).
  static bool write_atomically(const std::string& path, const std::string& text) {
    const std::string temp = path + ".ael-tmp-" + std::to_string(getpid());
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out << text;
      out.flush();
      if (!out) {
        std::remove(temp.c_str());
        return false;
      }
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
      std::remove(temp.c_str());
      return false;
    }
    return true;
  }

  // :save writes the session's successful entries.
  bool save_session(const std::string& path) {
    std::string text = std::string("# Saved from an AEL ") + version() + " REPL session.\n";
    for (const std::string& e : entries_) text += e;
    return write_atomically(path, text);
  }

  // An inspection command's expression: evaluated, not kept for :save. Its value, or none
  // after reporting the error.
  std::optional<Value> inspect(const std::string& expression) {
    Result r = interp_.eval_repl(expression + "\n");
    report(r);
    if (!r.ok) return std::nullopt;
    return r.value;
  }

  void print_inspection(const std::string& expression) {
    if (std::optional<Value> v = inspect(expression)) std::cout << v->str() << "\n";
  }

  // :graph M prints the DOT text; :graph M > FILE writes it.
  void graph_command(const std::string& arg) {
    const auto arrow = arg.rfind('>');
    const std::string model = trim(arg.substr(0, arrow));
    const std::string file = arrow == std::string::npos ? "" : trim(arg.substr(arrow + 1));
    const std::optional<Value> dot = inspect("to_dot(" + model + ")");
    if (!dot) return;
    if (file.empty()) {
      std::cout << dot->str();
    } else if (write_atomically(file, dot->str())) {
      std::cout << "wrote " << file << " (render it: dot -Tpng " << file << " -o graph.png)\n";
    } else {
      std::cerr << "could not write " << file << ": " << std::strerror(errno) << "\n";
      ++failures_;
    }
  }

  // :explain lists a compiled model's graph; anything else is a mistake worth naming.
  void explain_command(const std::string& arg) {
    const std::optional<Value> type = inspect("type(" + arg + ")");
    if (!type) return;
    if (type->str() != "compiled model") {
      std::cerr << ":explain needs a compiled model (trained, init()ed or loaded), got "
                << type->str() << (type->str() == "model" ? ": train it, or use init(M)" : "")
                << "\n";
      ++failures_;
      return;
    }
    print_inspection("describe(" + arg + ")");
  }

  bool usage_if_empty(const std::string& arg, const char* usage) {
    if (!arg.empty()) return false;
    std::cerr << "usage: " << usage << "\n";
    ++failures_;
    return true;
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
    } else if (name == ":time") {
      if (arg.empty()) {
        std::cerr << "usage: :time EXPRESSION\n";
        ++failures_;
      } else {
        const auto start = std::chrono::steady_clock::now();
        evaluate(arg + "\n", line_number_);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::cout << "(" << took.count() << " s)\n";
      }
    } else if (name == ":save") {
      if (arg.empty()) {
        std::cerr << "usage: :save FILE\n";
        ++failures_;
      } else if (save_session(arg)) {
        std::cout << "saved " << entries_.size() << " entries to " << arg << "\n";
      } else {
        std::cerr << "could not write " << arg << ": " << std::strerror(errno) << "\n";
        ++failures_;
      }
    } else if (name == ":explain") {
      if (!usage_if_empty(arg, ":explain MODEL")) explain_command(arg);
    } else if (name == ":graph") {
      if (!usage_if_empty(arg, ":graph MODEL [> FILE]")) graph_command(arg);
    } else if (name == ":gradcheck") {
      if (!usage_if_empty(arg, ":gradcheck MODEL, DATA"))
        print_inspection("gradcheck(" + arg + ").summary");
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
  std::vector<std::string> entries_;         ///< successful entries, for :save
  static inline Session* active_ = nullptr;  ///< the session tab completion asks
  int failures_ = 0;
  int line_number_ = 0;
};

}  // namespace

int run_repl(const ReplOptions& options) { return Session(options).run(); }

}  // namespace ael::cli
