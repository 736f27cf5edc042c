// The remote group killer run for real by sh, with a stand-in for ssh that records its words per
// host: the ids it is given go to their hosts as one `kill -KILL -PGID...` each, and nothing
// else does. The real sshd is in tests/engines/ssh_hosts_test.sh.

#include "core/process/remote_group_killer.hpp"

#include "core/input/shell_words.hpp"

#include <gtest/gtest.h>

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace tasker {
namespace {

class RemoteGroupKillerTest : public ::testing::Test {
 protected:
  RemoteGroupKillerTest() : dir_(::testing::TempDir() + "killer-" + std::to_string(::getpid())) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    // Its words, one a line, in a file named after the host (the word before the last).
    std::ofstream(dir_ + "/ssh") << "#!/bin/sh\n"
                                    "for a; do host=$last; last=$a; done\n"
                                    "printf '%s\\n' \"$@\" >\"" +
                                        dir_ + "/$host\"\n";
    std::filesystem::permissions(dir_ + "/ssh", std::filesystem::perms::owner_all);
  }
  ~RemoteGroupKillerTest() override { std::filesystem::remove_all(dir_); }

  // Runs the killer of `hosts` as the watchdog does: its words, then `ids`.
  int run(const std::vector<std::string>& hosts, const std::vector<std::string>& ids) {
    std::vector<std::string> words = remote_group_killer({dir_ + "/ssh", "-F", "cfg"}, hosts);
    words.insert(words.end(), ids.begin(), ids.end());
    return std::system(shell_command_line(words).c_str());
  }

  // What the stand-in was given for `host`, or "" if it was not run for it.
  std::string sent_to(const std::string& host) const {
    std::ifstream in(dir_ + "/" + host);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  std::string dir_;
};

TEST_F(RemoteGroupKillerTest, SendsOneKillPerHostWithItsListedGroups) {
  EXPECT_EQ(run({"h0", "", "h2"},
                {remote_group_id(0, 123), remote_group_id(2, 456), remote_group_id(0, 789)}),
            0);
  EXPECT_EQ(sent_to("h0"),
            "-F\ncfg\n-o\nBatchMode=yes\n-o\nControlMaster=no\n-o\nControlPath=none\n-o\n"
            "ConnectTimeout=5\nh0\nkill -KILL -123 -789\n");
  EXPECT_EQ(sent_to("h2"),
            "-F\ncfg\n-o\nBatchMode=yes\n-o\nControlMaster=no\n-o\nControlPath=none\n-o\n"
            "ConnectTimeout=5\nh2\nkill -KILL -456\n");
}

// Group 0 or 1 would be every process of the user; a host that is not remote has no ssh; an id
// that is not HOST.PGID, or of a host not in the list, is nobody's.
TEST_F(RemoteGroupKillerTest, SendsNothingForGroupsItMustNotKill) {
  EXPECT_EQ(run({"h0", ""}, {"0.1", "0.0", "1.500", "0.5.5", "0.", "7.600", "0.4_2", "x.9"}), 0);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1U);  // the stand-in alone
}

TEST_F(RemoteGroupKillerTest, AHostNameIsOneWordWhateverItHolds) {
  const std::string odd = "user@h'1 $(id) ;x";
  EXPECT_EQ(run({odd}, {remote_group_id(0, 42)}), 0);
  // Found under its own name: the stand-in was given it as one word, as it is.
  EXPECT_NE(sent_to(odd).find("\n" + odd + "\nkill -KILL -42\n"), std::string::npos)
      << sent_to(odd);
}

}  // namespace
}  // namespace tasker
