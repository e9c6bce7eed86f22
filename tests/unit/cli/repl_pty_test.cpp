// `ael repl` on a pseudo-terminal: prompts, line editing history kept between sessions,
// and Ctrl-C interrupting a running loop without leaving the REPL.
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "test_support.hpp"

namespace ael::test {
namespace {

// A child `ael repl` attached to a pty, with HOME pointing at `home`.
class PtyRepl {
 public:
  explicit PtyRepl(const std::string& home) {
    pid_ = forkpty(&fd_, nullptr, nullptr, nullptr);
    if (pid_ == 0) {
      setenv("HOME", home.c_str(), 1);
      setenv("TERM", "xterm", 1);
      unsetenv("NO_COLOR");
      execl(AEL_TEST_CLI, "ael", "repl", static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~PtyRepl() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }

  bool started() const { return pid_ > 0; }

  void send(const std::string& text) {
    // The prompt is drawn a moment before libedit switches the terminal mode (which
    // discards pending input): let it settle.
    usleep(100 * 1000);
    ASSERT_EQ(write(fd_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }

  /// Reads until `needle` appears in the output after the current mark, or times out.
  bool wait_for(const std::string& needle, double seconds = 10) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (output_.find(needle, mark_) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      char buf[4096];
      const ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) return false;
      output_.append(buf, static_cast<std::size_t>(n));
    }
    mark_ = output_.find(needle, mark_) + needle.size();
    return true;
  }

  /// Waits for the process to exit; returns its exit code (-1 on timeout or signal).
  int wait_exit(double seconds = 10) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      wait_for("\x01never\x01", 0.05);  // drain output so the child never blocks
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
    }
    return -1;
  }

  const std::string& output() const { return output_; }

 private:
  int fd_ = -1;
  pid_t pid_ = -1;
  std::string output_;
  std::size_t mark_ = 0;
};

TEST(ReplPty, PromptsValuesAndQuit) {
  const std::string home = temp_dir("repl-pty-home");
  PtyRepl r(home);
  ASSERT_TRUE(r.started());
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("let x = 41\n");
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("[x,\n");
  ASSERT_TRUE(r.wait_for("...> ")) << r.output();  // the continuation prompt
  r.send("x + 1]\n");
  ASSERT_TRUE(r.wait_for("[41, 42]")) << r.output();
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("1 / 0\n");
  ASSERT_TRUE(r.wait_for("division by zero")) << r.output();
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("x\n");
  ASSERT_TRUE(r.wait_for("41")) << r.output();
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send(":quit\n");
  EXPECT_EQ(r.wait_exit(), 0) << r.output();
}

TEST(ReplPty, TabCompletesGlobalsAndBuiltins) {
  const std::string home = temp_dir("repl-pty-complete");
  PtyRepl r(home);
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("let velocity_total = 7\n");
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("veloc\t + 1\n");  // completes to velocity_total
  // libedit redraws the line: the completed rest of the name is echoed after "veloc".
  ASSERT_TRUE(r.wait_for("ity_total")) << r.output();
  ASSERT_TRUE(r.wait_for("8")) << r.output();
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("sqr\t(16)\n");  // a builtin
  ASSERT_TRUE(r.wait_for("4.0")) << r.output();
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send(":quit\n");
  EXPECT_EQ(r.wait_exit(), 0) << r.output();
}

TEST(ReplPty, TimeAndSaveWriteTheSessionAsAScript) {
  const std::string home = temp_dir("repl-pty-save");
  PtyRepl r(home);
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("fn twice(a) = a * 2\n");
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("twice(nope)\n");  // fails: not saved
  ASSERT_TRUE(r.wait_for("unknown name")) << r.output();
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send(":time twice(21)\n");
  ASSERT_TRUE(r.wait_for(" s)")) << r.output();
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send(":save " + home + "/session.ael\n");
  ASSERT_TRUE(r.wait_for("saved 2 entries")) << r.output();
  r.send(":quit\n");
  EXPECT_EQ(r.wait_exit(), 0) << r.output();
  const std::string saved = read_text(home + "/session.ael");
  EXPECT_NE(saved.find("fn twice(a) = a * 2\ntwice(21)\n"), std::string::npos) << saved;
  EXPECT_EQ(saved.find("nope"), std::string::npos) << saved;
}

TEST(ReplPty, HistoryIsKeptBetweenSessions) {
  const std::string home = temp_dir("repl-pty-history");
  {
    PtyRepl first(home);
    ASSERT_TRUE(first.wait_for("ael> ")) << first.output();
    first.send("40 + 2\n");
    ASSERT_TRUE(first.wait_for("42")) << first.output();
    ASSERT_TRUE(first.wait_for("ael> ")) << first.output();
    first.send(":quit\n");
    ASSERT_EQ(first.wait_exit(), 0) << first.output();
  }
  const std::string history = read_text(home + "/.ael_history");
  EXPECT_NE(history.find("40\\040+\\0402"), std::string::npos)
      << history;  // libedit escapes spaces

  PtyRepl second(home);
  ASSERT_TRUE(second.wait_for("ael> ")) << second.output();
  second.send("\x1b[A\x1b[A");  // Up twice: past ":quit" to the previous session's entry
  ASSERT_TRUE(second.wait_for("40 + 2")) << second.output();
  second.send("\n");
  ASSERT_TRUE(second.wait_for("42")) << second.output();
  ASSERT_TRUE(second.wait_for("ael> ")) << second.output();
  second.send("\x04");  // Ctrl-D leaves too
  EXPECT_EQ(second.wait_exit(), 0) << second.output();
}

TEST(ReplPty, CtrlCInterruptsALongLoopAndReturnsToThePrompt) {
  const std::string home = temp_dir("repl-pty-ctrlc");
  PtyRepl r(home);
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("let n = 0\n");
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("while true { n += 1 }\n");
  // Give the loop time to start, then press Ctrl-C.
  usleep(300 * 1000);
  r.send("\x03");
  ASSERT_TRUE(r.wait_for("interrupted")) << r.output();
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("n > 0\n");
  ASSERT_TRUE(r.wait_for("true")) << r.output();
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send(":quit\n");
  EXPECT_EQ(r.wait_exit(), 0) << r.output();
}

TEST(ReplPty, CtrlCAtAPromptDropsTheEntryAndKeepsTheSession) {
  const std::string home = temp_dir("repl-pty-ctrlc-prompt");
  PtyRepl r(home);
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("let x = 41\n");
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("let y = (\n");
  ASSERT_TRUE(r.wait_for("...> ")) << r.output();
  r.send("\x03");  // the half-typed entry is dropped: the next prompt is a fresh one
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("x + 1\n");
  ASSERT_TRUE(r.wait_for("42")) << r.output();
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send(":quit\n");
  EXPECT_EQ(r.wait_exit(), 0) << r.output();
}

TEST(ReplPty, UpRecallsAMultiLineEntryAsOne) {
  const std::string home = temp_dir("repl-pty-multiline-history");
  PtyRepl r(home);
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("[1,\n");
  ASSERT_TRUE(r.wait_for("...> ")) << r.output();
  r.send("2]\n");
  ASSERT_TRUE(r.wait_for("[1, 2]")) << r.output();
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send("\x1b[A\n");  // Up once brings back both lines; Enter evaluates them again
  ASSERT_TRUE(r.wait_for("[1, 2]")) << r.output();
  ASSERT_TRUE(r.wait_for("ael> ")) << r.output();
  r.send(":quit\n");
  EXPECT_EQ(r.wait_exit(), 0) << r.output();
}

}  // namespace
}  // namespace ael::test
