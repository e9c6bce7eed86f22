#include "io/gzip.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <functional>
#include <string>

#include "ael/diagnostic.hpp"
#include "ael/random.hpp"
#include "error_text.hpp"
#include "io/read_file.hpp"
#include "test_support.hpp"

namespace ael::io {
namespace {

std::string random_bytes(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  std::string s(n, '\0');
  // Half random, half repetitive, so the data is neither incompressible nor trivial.
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(i % 2 ? rng.below(256) : i % 7);
  return s;
}

TEST(Gzip, RoundTrips) {
  for (const std::size_t n :
       {std::size_t{0}, std::size_t{1}, std::size_t{1000}, std::size_t{3'000'000}}) {
    const std::string data = random_bytes(n, n + 1);
    const std::string packed = gzip_compress(data);
    EXPECT_TRUE(is_gzip(packed));
    EXPECT_EQ(gunzip(packed, "x.gz"), data) << n;
  }
}

TEST(Gzip, HighlyCompressibleDataGrowsTheOutputBuffer) {
  const std::string data(50'000'000, 'a');
  const std::string packed = gzip_compress(data, 9);
  ASSERT_LT(packed.size(), data.size() / 500);
  EXPECT_EQ(gunzip(packed, "zeros.gz"), data);
}

TEST(Gzip, ConcatenatedMembersAreOneStream) {
  const std::string packed = gzip_compress("hello, ") + gzip_compress("world");
  EXPECT_EQ(gunzip(packed, "two.gz"), "hello, world");
}

TEST(Gzip, TruncatedDataIsReported) {
  const std::string packed = gzip_compress(random_bytes(100000, 7));
  EXPECT_EQ(test::error_text([&] { gunzip(packed.substr(0, packed.size() / 2), "cut.gz"); }),
            "cut.gz: truncated gzip data (the compressed stream ends early)");
  EXPECT_EQ(test::error_text([&] { gunzip(packed.substr(0, packed.size() - 3), "cut.gz"); }),
            "cut.gz: truncated gzip data (the compressed stream ends early)");
}

TEST(Gzip, CorruptDataIsReported) {
  std::string packed = gzip_compress("some text that will be checked by crc32");
  packed[packed.size() - 6] ^= 0x55;  // inside the CRC-32 trailer
  EXPECT_EQ(test::error_text([&] { gunzip(packed, "bad.gz"); }),
            "bad.gz: corrupt gzip data (incorrect data check)");
}

TEST(Gzip, TrailingGarbageAndWrongMagicAreReported) {
  EXPECT_EQ(test::error_text([] { gunzip(gzip_compress("abc") + "xyz", "t.gz"); }),
            "t.gz: 3 bytes of trailing data after the gzip stream");
  EXPECT_EQ(test::error_text([] { gunzip("plain text", "p.gz"); }),
            "p.gz: not gzip data (wrong magic number)");
}

TEST(Gzip, FilesAreDecompressedWhenTheyAreGzip) {
  const std::string dir = test::temp_dir("gzip-files");
  test::write_text(dir + "/a.txt", "plain");
  test::write_text(dir + "/a.txt.gz", gzip_compress("packed"));
  EXPECT_EQ(read_file_maybe_gzip(dir + "/a.txt"), "plain");
  EXPECT_EQ(read_file_maybe_gzip(dir + "/a.txt.gz"), "packed");
  EXPECT_EQ(read_gzip_file(dir + "/a.txt.gz"), "packed");
  EXPECT_EQ(test::error_text([&] { read_gzip_file(dir + "/a.txt"); }),
            dir + "/a.txt: not gzip data (wrong magic number)");
}

TEST(ReadFile, MissingFilesAndFoldersAreClearErrors) {
  const std::string dir = test::temp_dir("read-file");
  EXPECT_EQ(test::error_text([&] { read_file(dir + "/nope.bin"); }),
            dir + "/nope.bin: cannot open: No such file or directory");
  EXPECT_EQ(test::error_text([&] { read_file(dir); }),
            dir + ": cannot open: it is a folder, not a file");
}

TEST(ReadFile, SpecialFilesAreRefusedWithoutBlocking) {
  // A FIFO with no writer would block the open; /dev/zero would never end.
  const std::string dir = test::temp_dir("read-file-special");
  const std::string fifo = dir + "/data.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(test::error_text([&] { read_file(fifo); }),
            fifo + ": cannot open: it is a pipe (FIFO), not a file");
  EXPECT_EQ(test::error_text([&] { read_file("/dev/zero"); }),
            "/dev/zero: cannot open: it is a character device, not a file");
  EXPECT_EQ(test::error_text([&] { read_file_maybe_gzip("/dev/null"); }),
            "/dev/null: cannot open: it is a character device, not a file");
}

}  // namespace
}  // namespace ael::io
