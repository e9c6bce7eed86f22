// A real SIGINT to `ael run` during training: exit code 130 (as shells expect), the
// checkpoint and the log on disk, and the reason on stderr.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include "test_support.hpp"

namespace ael::test {
namespace {

// Waits up to `limit` for the child; returns its wait status, or -1 (then kills it).
int wait_for(pid_t pid, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

TEST(CliInterrupt, CtrlCDuringTrainingExits130AfterTheCheckpoint) {
  const std::string dir = temp_dir("ael_cli_interrupt");
  const std::string log = dir + "/log.csv", checkpoint = dir + "/ckpt.safetensors";
  write_text(dir + "/endless.ael",
             "model AE(x: 2) {\n  code = dense(x, 1)\n  out = dense(code, 2)\n}\n"
             "let pts = points_on_line(slope: 0.5, n: 400, seed: 1)\n"
             "let ae = train AE on pts {\n  loss = mse(out, x)\n  optimizer = adam(lr: 0.01)\n"
             "  epochs = 100000000\n  log = \"" +
                 log + "\"\n  checkpoint = \"" + checkpoint + "\"\n}\nprint(\"not reached\")\n");
  const std::string err_path = dir + "/stderr.txt";
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, STDERR_FILENO);
    const std::string script = dir + "/endless.ael";
    execl(AEL_TEST_CLI, AEL_TEST_CLI, "run", script.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 1000 && !std::filesystem::exists(log); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(std::filesystem::exists(log)) << "training never started";
  kill(pid, SIGINT);
  const int status = wait_for(pid, std::chrono::seconds(10));
  ASSERT_NE(status, -1) << "ael ignored SIGINT for 10 s";
  ASSERT_TRUE(WIFEXITED(status)) << "ael died of a signal";
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const std::string err = read_text(err_path);
  EXPECT_NE(err.find("interrupted at step"), std::string::npos) << err;
  EXPECT_TRUE(std::filesystem::exists(checkpoint));
}

}  // namespace
}  // namespace ael::test
