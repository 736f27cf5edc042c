#include "cli/report/report_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

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
  void TearDown() override {
    ::unlink((dir_ + "/r.json").c_str());
    ::rmdir(dir_.c_str());
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
  }
  ReportFile file = ReportFile::open(path);  // truncates
  EXPECT_EQ(read(path), "");
  file.write("{\"tasker\": ");
  file.write("\"0.1.0\"}\n");
  file.close();
  file.close();  // once is enough; again does nothing
  EXPECT_EQ(read(path), "{\"tasker\": \"0.1.0\"}\n");
  EXPECT_EQ(file.path(), path);
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
