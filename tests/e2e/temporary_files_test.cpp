// Grouped output past its memory goes to temporary files: in $TMPDIR, and
// when they cannot be made or written (a full disk), the output is printed
// as it comes instead, said once, and nothing is lost.

#include "tests/support/run_tasker.hpp"
#include "tests/support/spawned_process.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>

namespace tasker::testing {
namespace {

using namespace std::chrono_literals;

// 3 MB of 'x' and a newline: past grouped mode's 1 MiB a task, so it spills.
constexpr const char* kBigTask = "head -c 3000000 /dev/zero | tr '\\0' x; echo; sleep 1";

class TemporaryFiles : public ::testing::Test {
 protected:
  ScratchDir dir;
};

TEST_F(TemporaryFiles, SpillFilesGoToTmpdir) {
  const std::string tmp = dir.file("tmp");
  std::filesystem::create_directory(tmp);
  SpawnedProcess tasker({"/usr/bin/env", "TMPDIR=" + tmp, TASKER_BINARY, "-q", "--output",
                         "grouped", "gather", kBigTask},
                        dir);
  // While the task sleeps, tasker holds its spill file open (unlinked) in TMPDIR.
  bool seen = false;
  for (int i = 0; i < 200 && !seen; ++i) {
    std::this_thread::sleep_for(10ms);
    std::error_code error;
    for (std::filesystem::directory_iterator
             it("/proc/" + std::to_string(tasker.pid()) + "/fd", error),
         end;
         !error && it != end; it.increment(error)) {
      std::error_code ignored;
      const std::string target = std::filesystem::read_symlink(it->path(), ignored).string();
      if (target.rfind(tmp + "/tasker-", 0) == 0)
        seen = true;
    }
  }
  const std::string out = tasker.read_to_end();
  const TaskerResult r = tasker.wait();
  EXPECT_TRUE(seen) << "no spill file in " << tmp;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(out.size(), std::string("==> #0 <==\n").size() + 3000001u);
}

TEST_F(TemporaryFiles, NoTemporaryFolderPrintsAsItComesAndLosesNothing) {
  const TaskerResult r = run_tasker({"-q", "--output", "grouped", "gather", kBigTask}, dir, "",
                                    {"TMPDIR=" + dir.file("no-such-folder")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.size(), std::string("==> #0 <==\n").size() + 3000001u);
  EXPECT_EQ(r.out.rfind("==> #0 <==\n", 0), 0u);
  EXPECT_NE(r.err.find("cannot make a temporary file in " + dir.file("no-such-folder")),
            std::string::npos)
      << r.err;
}

// A full disk, as `ulimit -f` makes one: the spill file stops taking bytes
// part-way; those bytes are printed instead, in order, with the rest.
TEST_F(TemporaryFiles, FullDiskPrintsAsItComesAndLosesNothing) {
  const std::string tmp = dir.file("tmp");
  std::filesystem::create_directory(tmp);
  // stdout is a pipe, which the limit does not touch; the spill file is a file.
  SpawnedProcess tasker(
      {"/usr/bin/env", "TMPDIR=" + tmp, "/bin/sh", "-c", "ulimit -f 2000 && exec \"$@\"", "sh",
       TASKER_BINARY, "-q", "--output", "grouped", "gather",
       "head -c 3000000 /dev/zero | tr '\\0' x; echo; echo done >&2"},
      dir);
  std::string out;
  std::thread reader([&] { out = tasker.read_to_end(); });
  const TaskerResult r = tasker.wait();
  reader.join();
  const std::size_t header = std::string("==> #0 <==\n").size();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(out.size(), header + 3000001u);
  EXPECT_EQ(out.find_first_not_of('x', header), out.size() - 1);
  EXPECT_NE(r.err.find("grouped output is printed as it comes from now on"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("done\n"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tasker::testing
