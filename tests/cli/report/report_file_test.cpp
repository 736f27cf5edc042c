#include "cli/report/report_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tasker::cli {
namespace {

using ::testing::HasSubstr;

class ReportFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/tasker_report_XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static void write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
  }

  // The names in the folder, sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  static std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string dir_;
};

TEST_F(ReportFileTest, WritesAndReplacesTheFile) {
  const std::string path = dir_ + "/r.json";
  {
    ReportFile file = ReportFile::open(path);
    file.write("an old, longer report\n");
    file.close();
  }
  ReportFile file = ReportFile::open(path);
  EXPECT_EQ(read(path), "an old, longer report\n");  // kept until the new one is whole
  file.write("{\"tasker\": ");
  file.write("\"0.1.0\"}\n");
  EXPECT_EQ(read(path), "an old, longer report\n");
  file.close();
  file.close();  // once is enough; again does nothing
  EXPECT_EQ(read(path), "{\"tasker\": \"0.1.0\"}\n");
  EXPECT_EQ(file.path(), path);
  EXPECT_EQ(entries(), std::vector<std::string>{"r.json"});  // no temporary file left
}

TEST_F(ReportFileTest, AReportNeverClosedLeavesThePreviousOneAndNoTemporaryFile) {
  const std::string path = dir_ + "/r.json";
  write(path, "the previous report\n");
  {
    ReportFile file = ReportFile::open(path);
    file.write("half a rep");
    EXPECT_EQ(entries().size(), 2u);  // the report and the temporary file beside it
  }
  EXPECT_EQ(read(path), "the previous report\n");
  EXPECT_EQ(entries(), std::vector<std::string>{"r.json"});
}

TEST_F(ReportFileTest, TheReplacedFileKeepsItsModeAndItsSymbolicLink) {
  const std::string real = dir_ + "/real.json";
  const std::string link = dir_ + "/link.json";
  write(real, "old\n");
  ASSERT_EQ(::chmod(real.c_str(), 0640), 0);
  ASSERT_EQ(::symlink("real.json", link.c_str()), 0);
  ReportFile file = ReportFile::open(link);
  file.write("new\n");
  file.close();
  struct stat info {};
  ASSERT_EQ(::lstat(link.c_str(), &info), 0);
  EXPECT_TRUE(S_ISLNK(info.st_mode));
  ASSERT_EQ(::stat(real.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0640u);
  EXPECT_EQ(read(real), "new\n");
  EXPECT_EQ(entries(), (std::vector<std::string>{"link.json", "real.json"}));
}

TEST_F(ReportFileTest, AWritableFileInAFolderThatIsNotIsWrittenInPlace) {
  if (::geteuid() == 0)
    GTEST_SKIP() << "root may create files in any folder";
  const std::string path = dir_ + "/r.json";
  write(path, "old, longer\n");
  ASSERT_EQ(::chmod(dir_.c_str(), 0555), 0);
  ReportFile file = ReportFile::open(path);
  EXPECT_EQ(read(path), "old, longer\n");
  file.write("new\n");
  file.close();
  ASSERT_EQ(::chmod(dir_.c_str(), 0755), 0);
  EXPECT_EQ(read(path), "new\n");
}

TEST_F(ReportFileTest, AMissingDirectoryNamesThePathAndTheReason) {
  const std::string path = dir_ + "/no/such/dir/r.json";
  try {
    static_cast<void>(ReportFile::open(path));
    FAIL() << "opened " << path;
  } catch (const ReportFileError& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot write report '" + path + "': No such file or directory");
    EXPECT_EQ(e.path(), path);
    EXPECT_EQ(e.error_number(), ENOENT);
  }
}

TEST_F(ReportFileTest, ADirectoryIsNoReport) {
  try {
    static_cast<void>(ReportFile::open(dir_));
    FAIL() << "opened a directory";
  } catch (const ReportFileError& e) {
    EXPECT_THAT(e.what(), HasSubstr("Is a directory"));
  }
}

TEST(ReportFileDeviceTest, AFullDiskIsAnErrorNamingThePath) {
  if (::access("/dev/full", W_OK) != 0)
    GTEST_SKIP() << "no writable /dev/full";
  ReportFile file = ReportFile::open("/dev/full");
  try {
    file.write("{}\n");
    FAIL() << "writing to /dev/full succeeded";
  } catch (const ReportFileError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write report '/dev/full': No space left on device");
  }
  // The file is closed after the error: a later write fails the same clear way.
  EXPECT_THROW(file.write("x"), ReportFileError);
}

}  // namespace
}  // namespace tasker::cli
