#include "io/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "ael/diagnostic.hpp"
#include "error_text.hpp"
#include "test_support.hpp"

namespace ael::io {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(AtomicFile, WritesTheWholeContent) {
  const std::string dir = test::temp_dir("atomic-whole");
  const std::string path = dir + "/out.bin";
  const std::string content("line 1\nbinary \0 byte\n", 21);
  write_file_atomic(path, content);
  EXPECT_EQ(test::read_text(path), content);
  EXPECT_EQ(entries(dir), std::vector<std::string>{"out.bin"});
}

TEST(AtomicFile, ReplacesAnExistingFileAndKeepsItsPermissions) {
  const std::string dir = test::temp_dir("atomic-replace");
  const std::string path = dir + "/model.json";
  test::write_text(path, "old");
  ::chmod(path.c_str(), 0600);
  write_file_atomic(path, "new content");
  EXPECT_EQ(test::read_text(path), "new content");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(AtomicFile, NewFilesGetTheUsualPermissions) {
  const std::string dir = test::temp_dir("atomic-mode");
  const mode_t mask = ::umask(022);
  write_file_atomic(dir + "/a.txt", "x");
  ::umask(mask);
  struct stat st;
  ASSERT_EQ(::stat((dir + "/a.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST(AtomicWriter, TheFileAppearsOnlyAtCommit) {
  const std::string dir = test::temp_dir("atomic-commit");
  const std::string path = dir + "/log.csv";
  AtomicWriter w(path);
  w << "epoch,loss\n"
    << "1,0.5\n";
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(fs::exists(w.temp_path()));
  EXPECT_EQ(fs::path(w.temp_path()).parent_path(), fs::path(path).parent_path());
  w.commit();
  EXPECT_TRUE(w.committed());
  EXPECT_EQ(test::read_text(path), "epoch,loss\n1,0.5\n");
  EXPECT_EQ(entries(dir), std::vector<std::string>{"log.csv"});
}

TEST(AtomicWriter, WithoutCommitTheTargetIsUntouchedAndTheTempRemoved) {
  const std::string dir = test::temp_dir("atomic-abandon");
  const std::string path = dir + "/ckpt.bin";
  test::write_text(path, "last good checkpoint");
  {
    AtomicWriter w(path);
    w.write("half a checkp");
  }
  EXPECT_EQ(test::read_text(path), "last good checkpoint");
  EXPECT_EQ(entries(dir), std::vector<std::string>{"ckpt.bin"});
}

TEST(AtomicWriter, LargeIncrementalWritesArriveInOrder) {
  const std::string dir = test::temp_dir("atomic-large");
  std::string expected;
  AtomicWriter w(dir + "/big.txt");
  for (int i = 0; i < 20000; ++i) {
    const std::string line = std::to_string(i) + "," + std::string(i % 97, 'x') + "\n";
    expected += line;
    w.write(line);
  }
  const std::string block(200000, 'y');  // larger than the internal buffer
  w.write(block);
  expected += block;
  w.commit();
  EXPECT_EQ(test::read_text(dir + "/big.txt"), expected);
}

TEST(AtomicWriter, MovedWriterOwnsTheTempFile) {
  const std::string dir = test::temp_dir("atomic-move");
  AtomicWriter a(dir + "/m.txt");
  a.write("abc");
  AtomicWriter b(std::move(a));
  b.write("def");
  b.commit();
  EXPECT_EQ(test::read_text(dir + "/m.txt"), "abcdef");
  EXPECT_EQ(entries(dir), std::vector<std::string>{"m.txt"});
}

TEST(AtomicFile, AFailedRenameRemovesTheTempFile) {
  const std::string dir = test::temp_dir("atomic-fail");
  const std::string target = dir + "/taken";
  fs::create_directories(target + "/inside");
  const std::string message = test::error_text([&] { write_file_atomic(target, "data"); });
  EXPECT_EQ(message.rfind(target + ": cannot replace the file: ", 0), 0u) << message;
  EXPECT_EQ(entries(dir), std::vector<std::string>{"taken"});
}

TEST(AtomicFile, MissingFoldersAreCreated) {
  const std::string dir = test::temp_dir("atomic-missing");
  const std::string path = dir + "/no/such/folder/x.txt";
  write_file_atomic(path, "x");
  EXPECT_EQ(test::read_text(path), "x");
}

TEST(AtomicFile, AFolderThatCannotExistIsAClearError) {
  const std::string dir = test::temp_dir("atomic-blocked");
  write_file_atomic(dir + "/file", "x");  // a file where a folder would have to be
  const std::string path = dir + "/file/sub/x.txt";
  EXPECT_EQ(
      test::error_text([&] { write_file_atomic(path, "x"); }),
      path + ": cannot create a temporary file in folder '" + dir + "/file/sub': Not a directory");
}

// A pid that surely does not run: a child that has exited and been reaped.
pid_t dead_pid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  return child;
}

std::string this_host() {
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

TEST(AtomicWriter, TheTempNameTellsTargetHostAndProcess) {
  const std::string dir = test::temp_dir("atomic-name");
  AtomicWriter w(dir + "/run.csv");
  const std::string lead =
      dir + "/.run.csv.tmp." + this_host() + "." + std::to_string(getpid()) + ".";
  EXPECT_EQ(w.temp_path().rfind(lead, 0), 0u) << w.temp_path();
}

// What kill -9 during a save leaves is removed by the next save to the same target, and
// nothing else is: not another target's, not a live process's, not another host's.
TEST(AtomicWriter, LeftoversOfKilledSavesAreRemovedByTheNextSave) {
  const std::string dir = test::temp_dir("atomic-stale");
  const std::string host = this_host();
  const std::string dead = std::to_string(dead_pid());
  const std::string alive = std::to_string(getppid());
  const std::vector<std::string> stale = {".ckpt.bin.tmp." + host + "." + dead + ".0",
                                          ".ckpt.bin.tmp." + host + "." + dead + ".17"};
  const std::vector<std::string> kept = {
      ".ckpt.bin.tmp." + host + "." + alive + ".3",  // a live process is still writing
      ".ckpt.bin.tmp.other-host." + dead + ".0",     // a pid on another machine
      ".other.bin.tmp." + host + "." + dead + ".0",  // another target's
      ".ckpt.bin.tmp." + host + "." + dead + ".x",   // not the pattern
      "ckpt.bin.tmp." + host + "." + dead + ".0",    // not hidden: the user's file
  };
  for (const auto& name : stale) test::write_text(dir + "/" + name, "half");
  for (const auto& name : kept) test::write_text(dir + "/" + name, "keep");
  write_file_atomic(dir + "/ckpt.bin", "whole");
  std::vector<std::string> expected = kept;
  expected.push_back("ckpt.bin");
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(entries(dir), expected);
}

TEST(AtomicWriter, MisuseIsReported) {
  const std::string dir = test::temp_dir("atomic-misuse");
  AtomicWriter w(dir + "/once.txt");
  w.commit();
  EXPECT_EQ(test::error_text([&] { w.commit(); }), dir + "/once.txt: already committed");
  EXPECT_EQ(test::error_text([&] { w.write("more"); }),
            dir + "/once.txt: cannot write: the file was already committed or abandoned");
  EXPECT_EQ(test::error_text([] { AtomicWriter empty(""); }),
            "cannot write a file with an empty name");
}

}  // namespace
}  // namespace ael::io
