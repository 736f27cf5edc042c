// Real /bin/sh children through PosixSpawner. Every wait is bounded by a generous deadline
// and no test asserts how fast anything is; a ProcessGuard kills whatever a failing test
// leaves behind.

#include "core/process/posix_spawner.hpp"

#include "core/deferred/asio_clock.hpp"
#include "core/deferred/deferred.hpp"
#include "core/deferred/errors.hpp"
#include "core/process/process_exit.hpp"
#include "tests/support/process_guard.hpp"
#include "tests/support/recording_observer.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace tasker {

// For test names: "…/pidfd", not "4-byte object <00-00 00-00>". Outside the anonymous
// namespace, where gtest's argument-dependent lookup finds it.
void PrintTo(PosixSpawner::ExitWatch watch, std::ostream* os) {
  *os << (watch == PosixSpawner::ExitWatch::pidfd ? "pidfd" : "sigchld");
}

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ExitWatch = PosixSpawner::ExitWatch;

constexpr auto kDeadline = seconds(20);

// One spawned command: what its observer saw and what its Deferred delivered.
struct Task {
  explicit Task(ProcessGuard& guard, bool keep_bytes = true) : observer(&guard, keep_bytes) {}
  RecordingObserver observer;
  Deferred<ProcessExit> deferred;
  std::optional<Outcome<ProcessExit>> outcome;
  bool observer_done_first = false;  // on_exit had run when the Deferred fired

  [[nodiscard]] bool fired() const { return outcome.has_value(); }
  [[nodiscard]] const ProcessExit& value() const { return outcome->value(); }
};

class ProcessTestBase : public ::testing::Test {
 protected:
  void TearDown() override { guard_.kill_leftovers(); }

  virtual ExitWatch watch() const { return ExitWatch::pidfd; }

  PosixSpawner& spawner() {
    if (!spawner_)
      spawner_ = std::make_unique<PosixSpawner>(io_, clock_, watch());
    return *spawner_;
  }

  std::unique_ptr<Task> start(const std::string& command, const ProcessOptions& options = {},
                              bool keep_bytes = true) {
    auto task = std::make_unique<Task>(guard_, keep_bytes);
    task->deferred = spawner().spawn(command, options, task->observer);
    task->deferred.add_both([raw = task.get()](Outcome<ProcessExit> outcome) {
      raw->observer_done_first = raw->observer.done();
      raw->outcome = std::move(outcome);
    });  // consumes the result: a CancelledError here is expected, not unhandled
    return task;
  }

  // Runs the io_context until `done()` or the deadline; false on the deadline or when the
  // io_context ran out of work first.
  bool run_until(const std::function<bool()>& done, Duration deadline = kDeadline) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= end)
        return false;
      io_.restart();
      if (io_.run_one_for(milliseconds(100)) == 0 && io_.stopped())
        return done();
    }
    return true;
  }

  // Runs until `task` is completely done and its Deferred fired.
  ::testing::AssertionResult finish(Task& task) {
    if (!run_until([&] { return task.fired() && task.observer.done(); })) {
      return ::testing::AssertionFailure() << "task did not finish within the deadline";
    }
    if (task.observer.exit_calls() != 1) {
      return ::testing::AssertionFailure() << "on_exit ran " << task.observer.exit_calls() << "x";
    }
    if (task.observer.output_after_exit()) {
      return ::testing::AssertionFailure() << "on_output after on_exit";
    }
    return ::testing::AssertionSuccess();
  }

  // Members of the group still running, allowing time for a SIGKILL to land.
  int members_left(int pgid) {
    run_until([&] { return ProcessGuard::running_members(pgid) == 0; }, seconds(5));
    // run_until returns at once when the io_context has no work left (the spawner is gone),
    // and a SIGKILL sent just before may not have landed yet on a loaded machine.
    const auto end = std::chrono::steady_clock::now() + seconds(5);
    while (ProcessGuard::running_members(pgid) > 0 && std::chrono::steady_clock::now() < end) {
      std::this_thread::sleep_for(milliseconds(10));
    }
    return ProcessGuard::running_members(pgid);
  }

  boost::asio::io_context io_;
  AsioClock clock_{io_};
  ProcessGuard guard_;
  std::unique_ptr<PosixSpawner> spawner_;
};

// The basics, once per way of noticing an exit (pidfd, and the SIGCHLD fallback).
class ProcessWatchTest : public ProcessTestBase, public ::testing::WithParamInterface<ExitWatch> {
 protected:
  ExitWatch watch() const override { return GetParam(); }
};

INSTANTIATE_TEST_SUITE_P(ExitWatches, ProcessWatchTest,
                         ::testing::Values(ExitWatch::pidfd, ExitWatch::sigchld),
                         [](const ::testing::TestParamInfo<ExitWatch>& param_info) {
                           return param_info.param == ExitWatch::pidfd ? "pidfd" : "sigchld";
                         });

TEST_P(ProcessWatchTest, ExitZeroCallsBackAfterOnExit) {
  auto task = start("true");
  EXPECT_FALSE(task->fired()) << "never fires inside spawn()";
  EXPECT_GT(task->observer.pid(), 0);
  EXPECT_EQ(spawner().live(), 1U);
  ASSERT_TRUE(finish(*task));
  ASSERT_TRUE(task->outcome->succeeded());
  EXPECT_EQ(task->value(), ProcessExit::exited(0));
  EXPECT_EQ(task->value().status(), 0);
  EXPECT_EQ(*task->observer.exit(), task->value());
  EXPECT_TRUE(task->observer_done_first);
  EXPECT_EQ(spawner().live(), 0U);
}

TEST_P(ProcessWatchTest, NonZeroExitIsAValueNotAFailure) {
  auto task = start("exit 3");
  ASSERT_TRUE(finish(*task));
  ASSERT_TRUE(task->outcome->succeeded());
  EXPECT_EQ(task->value().exit_code, 3);
  EXPECT_EQ(task->value().signal, std::nullopt);
  EXPECT_EQ(task->value().status(), 3);
}

TEST_P(ProcessWatchTest, DeathBySignalIs128PlusN) {
  auto task = start("kill -TERM $$");
  ASSERT_TRUE(finish(*task));
  EXPECT_EQ(task->value().signal, SIGTERM);
  EXPECT_EQ(task->value().exit_code, std::nullopt);
  EXPECT_EQ(task->value().status(), 143);
}

TEST_P(ProcessWatchTest, KeepsStdoutAndStderrApart) {
  auto task = start("echo out; echo err >&2; printf more");
  ASSERT_TRUE(finish(*task));
  EXPECT_EQ(task->observer.out(), "out\nmore");
  EXPECT_EQ(task->observer.err(), "err\n");
}

TEST_P(ProcessWatchTest, BackgroundJobHoldingThePipeGetsTheGraceThenIsKilled) {
  ProcessOptions options;
  options.grace = milliseconds(300);
  auto task = start("sleep 30 & echo hi", options);
  const int pgid = task->observer.pid();
  ASSERT_TRUE(finish(*task)) << "a grandchild holding stdout must not hang the task";
  EXPECT_EQ(task->value(), ProcessExit::exited(0));
  EXPECT_EQ(task->observer.out(), "hi\n");
  EXPECT_EQ(members_left(pgid), 0) << "the sleep must be gone";
}

TEST_P(ProcessWatchTest, CancelErrbacksAtOnceAndOnExitReportsTheSignal) {
  auto task = start("sleep 30");
  task->deferred.cancel();
  ASSERT_TRUE(task->fired()) << "cancel() errbacks synchronously (docs/rules.md C1)";
  ASSERT_TRUE(task->outcome->failed());
  EXPECT_TRUE(task->outcome->failure().check<CancelledError>());
  EXPECT_FALSE(task->observer.done());

  ASSERT_TRUE(run_until([&] { return task->observer.done(); }));
  EXPECT_EQ(task->observer.exit_calls(), 1);
  EXPECT_EQ(task->observer.exit()->signal, SIGTERM);
  EXPECT_EQ(task->observer.exit()->status(), 143);
  EXPECT_EQ(spawner().live(), 0U);
}

TEST_P(ProcessWatchTest, TwoHundredChildrenAtOnce) {
  constexpr int kCount = 200;
  std::vector<std::unique_ptr<Task>> tasks;
  tasks.reserve(kCount);
  for (int i = 0; i < kCount; ++i) {
    tasks.push_back(start("echo " + std::to_string(i) + "; exit " + std::to_string(i % 5)));
  }
  EXPECT_EQ(spawner().live(), static_cast<std::size_t>(kCount));
  ASSERT_TRUE(run_until([&] {
    for (const auto& t : tasks) {
      if (!t->fired())
        return false;
    }
    return true;
  }));
  for (int i = 0; i < kCount; ++i) {
    const Task& t = *tasks[static_cast<std::size_t>(i)];
    EXPECT_EQ(t.observer.out(), std::to_string(i) + "\n");
    EXPECT_EQ(t.value().exit_code, i % 5);
    EXPECT_EQ(t.observer.exit_calls(), 1);
  }
  EXPECT_EQ(spawner().live(), 0U);
}

using ProcessTest = ProcessTestBase;

TEST_F(ProcessTest, StdinIsDevNull) {
  auto task = start("cat; read line; echo \"read=$?\"");
  ASSERT_TRUE(finish(*task)) << "cat must see EOF at once";
  EXPECT_EQ(task->observer.out(), "read=1\n");
  EXPECT_EQ(task->value().exit_code, 0);
}

TEST_F(ProcessTest, InheritedStdinIsTaskersOwn) {
  char path[] = "/tmp/tasker_process_test_XXXXXX";
  const int file = ::mkstemp(path);
  ASSERT_GE(file, 0);
  ::unlink(path);
  const std::string text = "from tasker's stdin\n";
  ASSERT_EQ(::write(file, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ASSERT_EQ(::lseek(file, 0, SEEK_SET), 0);

  const int saved_stdin = ::dup(STDIN_FILENO);
  ASSERT_GE(saved_stdin, 0);
  ASSERT_EQ(::dup2(file, STDIN_FILENO), STDIN_FILENO);
  ProcessOptions options;
  options.inherit_stdin = true;
  auto task = start("cat", options);
  ::dup2(saved_stdin, STDIN_FILENO);  // spawn() is done with it
  ::close(saved_stdin);
  ::close(file);

  ASSERT_TRUE(finish(*task));
  EXPECT_EQ(task->observer.out(), text);
}

TEST_F(ProcessTest, MissingShellIs127WithTheReason) {
  ProcessOptions options;
  options.shell = "/no/such/shell";
  options.shell_use = ShellUse::always;  // `true` alone would run without a shell
  auto task = start("true", options);
  EXPECT_FALSE(task->fired()) << "even a start failure arrives from the event loop";
  EXPECT_EQ(spawner().live(), 0U);
  ASSERT_TRUE(finish(*task));
  ASSERT_TRUE(task->outcome->succeeded());
  EXPECT_FALSE(task->value().started());
  EXPECT_EQ(task->value().status(), 127);
  EXPECT_EQ(task->value().start_error, "cannot run /no/such/shell: No such file or directory");
  EXPECT_EQ(task->observer.pid(), -1) << "on_spawned is for processes that started";
  EXPECT_TRUE(task->observer_done_first);
}

TEST_F(ProcessTest, CancelSendsSigkillAfterGraceToATaskIgnoringSigterm) {
  ProcessOptions options;
  options.grace = milliseconds(300);
  auto task = start("trap '' TERM; echo ready; sleep 30", options);
  ASSERT_TRUE(run_until([&] { return task->observer.out() == "ready\n"; }));
  task->deferred.cancel();
  ASSERT_TRUE(task->fired());
  EXPECT_TRUE(task->outcome->failure().check<CancelledError>());
  ASSERT_TRUE(run_until([&] { return task->observer.done(); }));
  EXPECT_EQ(task->observer.exit()->signal, SIGKILL);
  EXPECT_EQ(task->observer.exit()->status(), 137);
  EXPECT_EQ(members_left(task->observer.pid()), 0);
}

TEST_F(ProcessTest, CancelAfterTheEndDoesNothing) {
  auto task = start("exit 4");
  ASSERT_TRUE(finish(*task));
  task->deferred.cancel();
  EXPECT_TRUE(task->outcome->succeeded());
  EXPECT_EQ(task->value().exit_code, 4);
  EXPECT_EQ(task->observer.exit_calls(), 1);
}

TEST_F(ProcessTest, BackgroundMemberThatClosedItsPipesIsKilledWithoutWaiting) {
  ProcessOptions options;
  options.grace = seconds(60);  // longer than the deadline: this path must not wait for it
  auto task = start("sleep 100 >/dev/null 2>&1 & echo started", options);
  const int pgid = task->observer.pid();
  ASSERT_TRUE(finish(*task));
  EXPECT_EQ(task->observer.out(), "started\n");
  EXPECT_EQ(task->value(), ProcessExit::exited(0));
  EXPECT_EQ(members_left(pgid), 0) << "no process of a task outlives it";
}

TEST_F(ProcessTest, WriterOutsideTheGroupIsLeftAfterGrace) {
  ProcessOptions options;
  options.grace = milliseconds(300);
  // setsid moves the sleep out of the group, out of reach of the group SIGKILL, still
  // holding stdout. Its pid comes first on stdout so the test can clean it up.
  auto task = start("setsid sleep 30 & echo $!", options);
  ASSERT_TRUE(finish(*task)) << "a pipe held from outside the group must not hang the task";
  EXPECT_EQ(task->value(), ProcessExit::exited(0));
  const int escaped = std::atoi(task->observer.out().c_str());
  ASSERT_GT(escaped, 0) << task->observer.out();
  EXPECT_EQ(::kill(escaped, SIGKILL), 0);
}

TEST_F(ProcessTest, LargeOutputArrivesWhole) {
  constexpr std::size_t kOut = 50U * 1024 * 1024;
  constexpr std::size_t kErr = 3U * 1024 * 1024 + 7;
  auto task = start("head -c " + std::to_string(kOut) + " /dev/zero; head -c " +
                        std::to_string(kErr) + " /dev/urandom >&2",
                    {}, /*keep_bytes=*/false);
  ASSERT_TRUE(finish(*task));
  EXPECT_EQ(task->observer.out_bytes(), kOut);
  EXPECT_EQ(task->observer.err_bytes(), kErr);
  EXPECT_EQ(task->value().exit_code, 0);
}

TEST_F(ProcessTest, OutputKeepsItsOrderAcrossManyReads) {
  auto task = start("seq 1 200000");
  ASSERT_TRUE(finish(*task));
  std::string expected;
  for (int i = 1; i <= 200000; ++i) expected += std::to_string(i) + "\n";
  EXPECT_EQ(task->observer.out(), expected);
  EXPECT_GT(task->observer.chunks(), 1);
}

TEST_F(ProcessTest, BinaryOutputAndMissingFinalNewlineArePreserved) {
  auto task = start("printf 'a\\000b\\377\\n\\000'; printf 'no newline' >&2");
  ASSERT_TRUE(finish(*task));
  EXPECT_EQ(task->observer.out(), std::string("a\0b\xff\n\0", 6));
  EXPECT_EQ(task->observer.err(), "no newline");
}

TEST_F(ProcessTest, ChildStartsWithDefaultSignalsAndAnEmptyMask) {
  // tasker ignores SIGPIPE; a task must not inherit that, nor a blocked signal.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction old_pipe {};
  ASSERT_EQ(::sigaction(SIGPIPE, &ignore, &old_pipe), 0);
  sigset_t block;
  sigset_t old_mask;
  ::sigemptyset(&block);
  ::sigaddset(&block, SIGTERM);
  ASSERT_EQ(::sigprocmask(SIG_BLOCK, &block, &old_mask), 0);

  auto pipe_task = start("kill -PIPE $$; exit 7");
  auto term_task = start("kill -TERM $$; exit 7");

  ::sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  ::sigaction(SIGPIPE, &old_pipe, nullptr);

  ASSERT_TRUE(finish(*pipe_task));
  ASSERT_TRUE(finish(*term_task));
  EXPECT_EQ(pipe_task->value().signal, SIGPIPE);
  EXPECT_EQ(term_task->value().signal, SIGTERM);
}

// nohup's SIGHUP stays ignored in the task, as a shell passes on a signal ignored on entry; one
// ignored but not to be kept (tasker's own SIGPIPE) is back at its default.
TEST_F(ProcessTest, ChildKeepsIgnoredWhatItIsToldToKeep) {
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction old_hup {};
  struct sigaction old_pipe {};
  ASSERT_EQ(::sigaction(SIGHUP, &ignore, &old_hup), 0);
  ASSERT_EQ(::sigaction(SIGPIPE, &ignore, &old_pipe), 0);
  ProcessOptions options;
  options.keep_ignored.add(SIGHUP);

  auto hup_task = start("kill -HUP $$; exit 7", options);
  auto pipe_task = start("kill -PIPE $$; exit 7", options);

  ::sigaction(SIGPIPE, &old_pipe, nullptr);
  ::sigaction(SIGHUP, &old_hup, nullptr);

  ASSERT_TRUE(finish(*hup_task));
  ASSERT_TRUE(finish(*pipe_task));
  EXPECT_EQ(hup_task->value().exit_code, 7);
  EXPECT_EQ(pipe_task->value().signal, SIGPIPE);
}

// Ctrl-Z: each task's group is stopped with SIGTSTP and continued with SIGCONT, the shell and
// what it runs alike.
TEST_F(ProcessTest, StopAllAndContinueAllStopAndContinueEveryGroup) {
  auto task = start("sleep 30 & echo $!; wait");
  ASSERT_TRUE(run_until([&] { return !task->observer.out().empty(); }));
  const int leader = task->observer.pid();
  const int member = std::stoi(task->observer.out());
  const auto all_in_state = [&](char state) {
    return run_until([&] {
      return ProcessGuard::state_of(leader) == state && ProcessGuard::state_of(member) == state;
    });
  };
  spawner().stop_all();
  EXPECT_TRUE(all_in_state('T'));
  spawner().continue_all();
  EXPECT_TRUE(all_in_state('S'));
  task->deferred.cancel();
  ASSERT_TRUE(run_until([&] { return task->observer.done(); }));
  EXPECT_EQ(task->observer.exit()->signal, SIGTERM);
}

TEST_F(ProcessTest, KillAllKillsEveryGroupAtOnce) {
  ProcessOptions options;
  options.grace = seconds(60);  // kill_all must not wait for it
  std::vector<std::unique_ptr<Task>> tasks;
  tasks.reserve(4);
  for (int i = 0; i < 3; ++i) tasks.push_back(start("trap '' TERM; echo ready; sleep 30", options));
  tasks.push_back(start("sleep 30 & echo ready; wait", options));
  ASSERT_TRUE(run_until([&] {
    for (const auto& t : tasks) {
      if (t->observer.out() != "ready\n")
        return false;
    }
    return true;
  }));
  tasks[0]->deferred.cancel();  // cancelled first: SIGTERM is ignored, the SIGKILL timer armed
  spawner().kill_all();
  for (const auto& t : tasks) {
    ASSERT_TRUE(run_until([&] { return t->observer.done(); }));
    EXPECT_EQ(t->observer.exit()->signal, SIGKILL);
    EXPECT_EQ(members_left(t->observer.pid()), 0);
  }
  EXPECT_EQ(spawner().live(), 0U);
}

TEST_F(ProcessTest, DestroyingTheSpawnerKillsAndReapsWithoutCallbacks) {
  auto task = start("sleep 30 & sleep 30");
  const int pgid = task->observer.pid();
  ASSERT_TRUE(run_until([&] { return ProcessGuard::running_members(pgid) >= 2; }));
  spawner_.reset();
  EXPECT_EQ(::waitpid(pgid, nullptr, WNOHANG), -1) << "the leader is reaped already";
  EXPECT_EQ(members_left(pgid), 0);
  io_.restart();
  io_.run_for(milliseconds(200));  // handlers aborted by the destruction run harmlessly
  EXPECT_FALSE(task->observer.done());
  EXPECT_FALSE(task->fired());
}

TEST_F(ProcessTest, IgnoredSigchldIsResetSoExitsCanBeRead) {
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction old_chld {};
  ASSERT_EQ(::sigaction(SIGCHLD, &ignore, &old_chld), 0);
  auto task = start("exit 5");  // constructs the spawner
  ASSERT_TRUE(finish(*task));
  ::sigaction(SIGCHLD, &old_chld, nullptr);
  EXPECT_EQ(task->value().exit_code, 5);
}

// Commands without shell syntax run directly (ShellUse::when_needed). A missing shell shows
// which way a command went: only one that needs the shell fails to start.
class DirectProcessTest : public ProcessTestBase {
 protected:
  static ProcessOptions without_shell() {
    ProcessOptions options;
    options.shell = "/no/such/shell";
    return options;
  }
  static ProcessOptions through_shell() {
    ProcessOptions options;
    options.shell_use = ShellUse::always;
    return options;
  }

  // A file in /tmp with `text`, removed with the fixture.
  std::string temp_file(const std::string& text, mode_t mode) {
    char path[] = "/tmp/tasker_direct_test_XXXXXX";
    const int fd = ::mkstemp(path);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ::fchmod(fd, mode);
    ::close(fd);
    files_.emplace_back(path);
    return path;
  }
  // An empty folder in /tmp, removed with the fixture once the files made in it are.
  std::string temp_dir() {
    char path[] = "/tmp/tasker_direct_test_XXXXXX";
    EXPECT_NE(::mkdtemp(path), nullptr);
    dirs_.emplace_back(path);
    return path;
  }
  void TearDown() override {
    for (const std::string& f : files_) ::unlink(f.c_str());
    for (const std::string& d : dirs_) ::rmdir(d.c_str());
    ProcessTestBase::TearDown();
  }

  static std::vector<std::string> sorted_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::string::size_type start = 0;
    for (auto nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
      lines.push_back(text.substr(start, nl - start));
      start = nl + 1;
    }
    std::sort(lines.begin(), lines.end());
    return lines;
  }

  std::vector<std::string> files_;
  std::vector<std::string> dirs_;
};

TEST_F(DirectProcessTest, SimpleCommandRunsWithoutTheShell) {
  auto task = start("echo hello   world", without_shell());
  ASSERT_TRUE(finish(*task));
  EXPECT_EQ(task->value(), ProcessExit::exited(0));
  EXPECT_EQ(task->observer.out(), "hello world\n");
}

TEST_F(DirectProcessTest, CommandWithShellSyntaxStillNeedsTheShell) {
  auto task = start("echo $HOME", without_shell());
  ASSERT_TRUE(finish(*task));
  EXPECT_FALSE(task->value().started());
  EXPECT_EQ(task->value().status(), 127);
}

TEST_F(DirectProcessTest, DirectCommandLeadsItsOwnGroupWithStdinFromDevNull) {
  auto task = start("cat /proc/self/stat /dev/stdin", without_shell());
  ASSERT_TRUE(finish(*task));
  EXPECT_EQ(task->value(), ProcessExit::exited(0));
  int pid = 0;
  int pgrp = 0;
  char state = 0;
  int ppid = 0;
  const std::string& out = task->observer.out();
  const auto close = out.rfind(')');
  ASSERT_NE(close, std::string::npos) << out;
  ASSERT_EQ(std::sscanf(out.c_str(), "%d", &pid), 1);
  ASSERT_EQ(std::sscanf(out.c_str() + close + 1, " %c %d %d", &state, &ppid, &pgrp), 3);
  EXPECT_EQ(pid, task->observer.pid());
  EXPECT_EQ(pgrp, pid) << "a group of its own";
  EXPECT_EQ(ppid, ::getpid()) << "no shell in between";
  EXPECT_EQ(out.back(), '\n') << "nothing read from stdin";
}

TEST_F(DirectProcessTest, MissingCommandIs127WithTheShellsMessage) {
  const std::string command = "tasker-no-such-command --flag";
  auto direct = start(command);
  auto shell = start(command, through_shell());
  ASSERT_TRUE(finish(*direct));
  ASSERT_TRUE(finish(*shell));
  EXPECT_EQ(direct->value(), ProcessExit::exited(127));
  EXPECT_NE(direct->observer.err().find("not found"), std::string::npos) << direct->observer.err();
  EXPECT_EQ(direct->observer.err(), shell->observer.err());
  EXPECT_EQ(direct->value(), shell->value());
}

TEST_F(DirectProcessTest, NotExecutableIs126AsInTheShell) {
  const std::string path = temp_file("echo never\n", 0644);
  auto direct = start(path);
  auto shell = start(path, through_shell());
  ASSERT_TRUE(finish(*direct));
  ASSERT_TRUE(finish(*shell));
  EXPECT_EQ(direct->value(), ProcessExit::exited(126));
  EXPECT_EQ(direct->observer.out(), "");
  EXPECT_EQ(direct->observer.err(), shell->observer.err());
}

TEST_F(DirectProcessTest, ScriptWithoutInterpreterLineIsRunByTheShell) {
  const std::string path = temp_file("echo from script; exit 4\n", 0755);
  auto task = start(path + " arg");
  ASSERT_TRUE(finish(*task));
  EXPECT_EQ(task->value(), ProcessExit::exited(4));
  EXPECT_EQ(task->observer.out(), "from script\n");
}

TEST_F(DirectProcessTest, DirectCommandSeesWhatTheShellWouldPassOn) {
  ASSERT_EQ(::setenv("TASKER_TEST_VAR", "kept", 1), 0);
  ASSERT_EQ(::setenv("TASKER-TEST-VAR", "dropped by sh", 1), 0);
  auto direct = start("env", without_shell());
  auto shell = start("env", through_shell());
  ::unsetenv("TASKER_TEST_VAR");
  ::unsetenv("TASKER-TEST-VAR");
  ASSERT_TRUE(finish(*direct));
  ASSERT_TRUE(finish(*shell));
  EXPECT_NE(direct->observer.out().find("TASKER_TEST_VAR=kept\n"), std::string::npos);
  EXPECT_EQ(direct->observer.out().find("TASKER-TEST-VAR"), std::string::npos);
  EXPECT_EQ(sorted_lines(direct->observer.out()), sorted_lines(shell->observer.out()));
}

TEST_F(DirectProcessTest, ShellUseAlwaysRunsEvenPlainCommandsThroughTheShell) {
  ProcessOptions options = through_shell();
  options.shell = "/no/such/shell";
  auto task = start("echo hi", options);
  ASSERT_TRUE(finish(*task));
  EXPECT_FALSE(task->value().started());
}

// ProcessOptions::argv: exactly the given words, never a shell (a missing shell shows it).
using ArgvProcessTest = DirectProcessTest;

TEST_F(ArgvProcessTest, EachWordReachesTheProgramAsOneArgumentUntouched) {
  ProcessOptions options = through_shell();
  options.shell = "/no/such/shell";
  options.argv = {"printf", "[%s]\n", "a  b", "'single' \"double\"", "$HOME `id` \\ *", ""};
  auto task = start("printf ...", options);
  ASSERT_TRUE(finish(*task));
  EXPECT_EQ(task->value(), ProcessExit::exited(0));
  EXPECT_EQ(task->observer.out(), "[a  b]\n['single' \"double\"]\n[$HOME `id` \\ *]\n[]\n");
}

TEST_F(ArgvProcessTest, TheProgramIsLookedUpOnPath) {
  const std::string dir = temp_dir();
  const std::string program = dir + "/tasker-argv-test-program";
  {
    const std::string script = "#!/bin/sh\necho \"found $1\"\n";
    const int fd = ::open(program.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0755);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(::write(fd, script.data(), script.size()), static_cast<ssize_t>(script.size()));
    ::close(fd);
    files_.push_back(program);
  }
  const char* old_path = ::getenv("PATH");
  const std::string saved = old_path != nullptr ? old_path : "/usr/bin:/bin";
  ASSERT_EQ(::setenv("PATH", (dir + ":" + saved).c_str(), 1), 0);
  ProcessOptions options;
  options.argv = {"tasker-argv-test-program", "it"};
  auto task = start("tasker-argv-test-program it", options);
  ::setenv("PATH", saved.c_str(), 1);
  ASSERT_TRUE(finish(*task));
  EXPECT_EQ(task->value(), ProcessExit::exited(0));
  EXPECT_EQ(task->observer.out(), "found it\n");
}

TEST_F(ArgvProcessTest, AMissingProgramIsAFailedStartWithNoShellTryingIt) {
  ProcessOptions options;  // a working shell: it must not be asked
  options.argv = {"tasker-no-such-program", "--flag"};
  auto task = start("tasker-no-such-program --flag", options);
  EXPECT_FALSE(task->fired()) << "even a start failure arrives from the event loop";
  ASSERT_TRUE(finish(*task));
  EXPECT_FALSE(task->value().started());
  EXPECT_EQ(task->value().status(), 127);
  EXPECT_EQ(task->value().start_error,
            "cannot run tasker-no-such-program: No such file or directory");
  EXPECT_EQ(task->observer.pid(), -1);
  EXPECT_EQ(task->observer.err(), "");
}

TEST_F(ArgvProcessTest, ItsEnvironmentAndFolderAreWhatTheShellWouldGive) {
  const std::string dir = temp_dir();
  ASSERT_EQ(::setenv("TASKER-TEST-VAR", "dropped by sh", 1), 0);
  ProcessOptions options = through_shell();
  options.env = {{"TASKER_TEST_VAR", "a  b"}};
  options.cwd = dir;
  ProcessOptions argv_options = options;
  argv_options.shell = "/no/such/shell";
  argv_options.argv = {"env"};
  auto direct = start("env", argv_options);
  auto shell = start("env", options);
  ::unsetenv("TASKER-TEST-VAR");
  ASSERT_TRUE(finish(*direct));
  ASSERT_TRUE(finish(*shell));
  EXPECT_EQ(direct->value(), ProcessExit::exited(0));
  EXPECT_NE(direct->observer.out().find("TASKER_TEST_VAR=a  b\n"), std::string::npos);
  EXPECT_NE(direct->observer.out().find("PWD=" + dir + "\n"), std::string::npos);
  EXPECT_EQ(direct->observer.out().find("TASKER-TEST-VAR"), std::string::npos);
  EXPECT_EQ(sorted_lines(direct->observer.out()), sorted_lines(shell->observer.out()));
}

TEST(ProcessExitTest, StatusNumbersFollowTheSpec) {
  EXPECT_EQ(ProcessExit::exited(0).status(), 0);
  EXPECT_EQ(ProcessExit::exited(3).status(), 3);
  EXPECT_EQ(ProcessExit::killed(SIGTERM).status(), 143);
  EXPECT_EQ(ProcessExit::killed(SIGKILL).status(), 137);
  EXPECT_EQ(ProcessExit::not_started("cannot run x: y").status(), 127);
  EXPECT_EQ(ProcessExit{}.status(), -1);
  EXPECT_TRUE(ProcessExit::exited(0).succeeded());
  EXPECT_FALSE(ProcessExit::exited(1).succeeded());
  EXPECT_FALSE(ProcessExit::killed(SIGINT).succeeded());
  EXPECT_FALSE(ProcessExit::not_started("no").started());
}

TEST(ProcessExitTest, FromWaitStatus) {
  // Wait statuses as Linux encodes them: code << 8, or the signal number (+0x80 for a core).
  EXPECT_EQ(ProcessExit::from_wait_status(3 << 8), ProcessExit::exited(3));
  EXPECT_EQ(ProcessExit::from_wait_status(SIGTERM), ProcessExit::killed(SIGTERM));
  EXPECT_EQ(ProcessExit::from_wait_status(SIGSEGV | 0x80), ProcessExit::killed(SIGSEGV, true));
  EXPECT_TRUE(ProcessExit::from_wait_status(SIGSEGV | 0x80).core_dumped);
  EXPECT_FALSE(ProcessExit::from_wait_status(SIGSEGV).core_dumped);
}

TEST(ProcessExitTest, FromSiginfo) {
  siginfo_t info{};
  info.si_code = CLD_EXITED;
  info.si_status = 2;
  EXPECT_EQ(ProcessExit::from_siginfo(info), ProcessExit::exited(2));
  info.si_code = CLD_KILLED;
  info.si_status = SIGINT;
  EXPECT_EQ(ProcessExit::from_siginfo(info), ProcessExit::killed(SIGINT));
  EXPECT_FALSE(ProcessExit::from_siginfo(info).core_dumped);
  info.si_code = CLD_DUMPED;
  info.si_status = SIGABRT;
  EXPECT_EQ(ProcessExit::from_siginfo(info), ProcessExit::killed(SIGABRT, true));
  EXPECT_TRUE(ProcessExit::from_siginfo(info).core_dumped);
}

TEST(ProcessExitTest, DescribesItself) {
  EXPECT_EQ(ProcessExit::exited(3).describe(), "exited with 3");
  EXPECT_EQ(ProcessExit::killed(SIGTERM).describe(), "killed by signal 15 (SIGTERM)");
  EXPECT_EQ(ProcessExit::killed(SIGSEGV, true).describe(),
            "killed by signal 11 (SIGSEGV) (core dumped)");
  EXPECT_EQ(ProcessExit::not_started("cannot run x: y").describe(), "cannot run x: y");
}

}  // namespace
}  // namespace tasker
