// GITHUB_ACTIONS=true end to end, on the built binary: grouped output becomes ::group:: /
// ::endgroup:: sections, and each task that fails on its own adds an ::error annotation naming
// it, its status and its command, in every output mode; without the variable, none of it.

#include "tests/support/run_tasker.hpp"
#include "tests/support/workflow_tokens.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace tasker::testing {
namespace {

// The lines of `text` that start with `prefix`, in the order they came.
std::vector<std::string> lines_starting_with(const std::string& text, const std::string& prefix) {
  std::vector<std::string> found;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos)
      end = text.size();
    const std::string line = text.substr(start, end - start);
    if (line.rfind(prefix, 0) == 0)
      found.push_back(line);
    start = end + 1;
  }
  return found;
}

class OnGithubActions : public ::testing::Test {
 protected:
  TaskerResult run(const std::vector<std::string>& args, bool on_github = true) {
    return run_tasker(args, dir, "", {on_github ? "GITHUB_ACTIONS=true" : "GITHUB_ACTIONS=false"});
  }
  ScratchDir dir;
};

TEST_F(OnGithubActions, GroupedOutputIsOneGroupPerTaskAndStreamInsteadOfHeaders) {
  const TaskerResult r = run({"--output", "grouped", "list", "--names", "lint,test", "echo clean",
                              "sleep 1; echo ran 3; echo 1 failed >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // list: callback, test's failure unhandled
  EXPECT_EQ(tokens_named(r.out),
            "::group::lint\n::stop-commands::T\nclean\n::T::\n::endgroup::\n"
            "::group::test (failed)\n::stop-commands::T\nran 3\n::T::\n::endgroup::\n");
  EXPECT_NE(
      tokens_named(r.err).find(
          "::group::test (failed, stderr)\n::stop-commands::T\n1 failed\n::T::\n::endgroup::\n"),
      std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find("==>"), std::string::npos);
  EXPECT_EQ(r.err.find("==>"), std::string::npos);
}

TEST_F(OnGithubActions, EachFailedTaskIsAnErrorAnnotationRightAfterItsGroup) {
  const TaskerResult r = run({"--output", "grouped", "list", "--names", "lint,test", "echo clean",
                              "echo 1 failed >&2; exit 3"});
  const std::string group =
      "::group::test (failed, stderr)\n::stop-commands::T\n1 failed\n::T::\n::endgroup::\n";
  const std::string error =
      "::error title=tasker::test failed with status 3: echo 1 failed >&2; exit 3\n";
  EXPECT_NE(tokens_named(r.err).find(group + error), std::string::npos) << r.err;
  EXPECT_EQ(lines_starting_with(r.err, "::error").size(), 1U) << r.err;
}

TEST_F(OnGithubActions, AnnotationsComeInEveryOutputModeOnStderr) {
  for (const std::string mode : {"prefixed", "raw", "quiet"}) {
    const TaskerResult r = run({"--output", mode, "list", "exit 4", "true", "exit 5"});
    EXPECT_EQ(r.exit_code, 1) << mode << r.err;
    // One line per failed task, as each ends: #0 and #2 end in either order.
    std::vector<std::string> errors = lines_starting_with(r.err, "::error");
    std::sort(errors.begin(), errors.end());
    EXPECT_EQ(errors,
              (std::vector<std::string>{"::error title=tasker::#0 failed with status 4: exit 4",
                                        "::error title=tasker::#2 failed with status 5: exit 5"}))
        << mode << r.err;
    EXPECT_EQ(r.out.find("::"), std::string::npos) << mode << r.out;
  }
}

TEST_F(OnGithubActions, TasksTaskerCancelledOrNeverStartedAreNotAnnotated) {
  const TaskerResult r = run({"gather", "-j", "2", "sleep 0.2; exit 3", "sleep 30", "sleep 30"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(lines_starting_with(r.err, "::error"),
            (std::vector<std::string>{
                "::error title=tasker::#0 failed with status 3: sleep 0.2; exit 3"}))
      << r.err;
}

TEST_F(OnGithubActions, ATimeoutSaysSo) {
  const TaskerResult r = run({"gather", "--timeout", "200ms", "--names", "slow", "sleep 30"});
  EXPECT_EQ(r.exit_code, 124) << r.err;
  EXPECT_EQ(
      lines_starting_with(r.err, "::error"),
      (std::vector<std::string>{"::error title=tasker::slow timed out (status 124): sleep 30"}))
      << r.err;
}

TEST_F(OnGithubActions, EveryFailedRunOfEveryIsAnnotated) {
  const TaskerResult r = run({"every", "0", "--count", "2", "--keep-going", "--", "exit 6"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines_starting_with(r.err, "::error"),
            (std::vector<std::string>{"::error title=tasker::#1 failed with status 6: exit 6",
                                      "::error title=tasker::#2 failed with status 6: exit 6"}))
      << r.err;
}

TEST_F(OnGithubActions, ACommandOnSeveralLinesStaysOneAnnotation) {
  const TaskerResult r = run({"list", "--names", "two-lines", "echo 100%\nexit 7"});
  EXPECT_EQ(lines_starting_with(r.err, "::error"),
            (std::vector<std::string>{
                "::error title=tasker::two-lines failed with status 7: echo 100%25%0Aexit 7"}))
      << r.err;
}

TEST_F(OnGithubActions, WithJsonStdoutIsStillTheReportAlone) {
  const TaskerResult r = run({"--json", "--output", "grouped", "list", "echo hi; exit 3"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const nlohmann::json report = nlohmann::json::parse(r.out);  // throws if anything else is there
  EXPECT_EQ(report["tasks"][0]["stdout"], "hi\n");
  EXPECT_EQ(lines_starting_with(r.err, "::error").size(), 1U) << r.err;
}

TEST_F(OnGithubActions, GroupLinesAreNotColoredEvenWithColorAlways) {
  const TaskerResult r = run({"--color", "always", "--output", "grouped", "gather", "echo hi"});
  EXPECT_EQ(tokens_named(r.out), "::group::#0\n::stop-commands::T\nhi\n::T::\n::endgroup::\n");
}

TEST_F(OnGithubActions, WithoutTheVariableOutputIsAsEverywhereElse) {
  const TaskerResult r =
      run({"--output", "grouped", "list", "--names", "lint", "echo hi; exit 3"}, false);
  EXPECT_EQ(r.out, "==> lint (failed) <==\nhi\n");
  EXPECT_EQ(r.err.find("::"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tasker::testing
