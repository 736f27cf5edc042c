#include "core/process/hosts_spawner.hpp"

#include "core/input/shell_words.hpp"
#include "core/process/host_list.hpp"
#include "core/process/remote_status.hpp"
#include "core/process/remote_wrapper.hpp"

#include <fmt/format.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <utility>

extern char** environ;

namespace tasker {

struct HostsSpawner::Master {
  Host* host = nullptr;
  std::string base;  // the ControlPath, without the number of the opening
  std::string path;  // the ControlPath of the last opening
  enum class State { closed, open } state = State::closed;
  // Every ControlPath opened: a new opening (the host was down) never meets an old socket.
  std::vector<std::string> opened;
};

struct HostsSpawner::Host {
  std::string name;
  std::vector<bool> busy;  // one per slot
  std::optional<Duration> down_until;
  std::string why_down;
  std::vector<std::unique_ptr<Master>> masters;  // one per kSessionsPerMaster slots

  [[nodiscard]] bool local() const { return name == kLocalHost; }
};

// One spawn() call, from its place in the queue to its end; the observer of its local process.
struct HostsSpawner::Job final : public ProcessObserver, public std::enable_shared_from_this<Job> {
  Job(HostsSpawner& owner_in, std::string command_in, const ProcessOptions& options_in,
      ProcessObserver& observer_in)
      : owner(owner_in),
        command(std::move(command_in)),
        options(options_in),
        observer(observer_in) {}

  [[nodiscard]] std::string label() const override { return observer.label(); }
  void on_spawned(int pid) override { observer.on_spawned(pid); }
  void on_stopped(int signo) override { observer.on_stopped(signo); }
  void on_output(OutputStream stream, std::string_view bytes) override {
    if (status)
      status->relay(stream, bytes, observer);
    else
      observer.on_output(stream, bytes);
  }
  void on_exit(const ProcessExit& exit) override { owner.local_exit(shared_from_this(), exit); }

  enum class Place { waiting, running, done };

  HostsSpawner& owner;
  std::string command;
  ProcessOptions options;
  ProcessObserver& observer;
  Deferred<ProcessExit> outcome;
  std::optional<Deferred<ProcessExit>> process;
  Place place = Place::waiting;
  Host* host = nullptr;
  std::size_t slot = 0;
  std::optional<RemoteStatus> status;  // set while it runs on a remote host
  bool cancel_requested = false;
  bool kill_sent = false;
  std::shared_ptr<DelayedCall> kill_call;
};

// A short ssh of tasker's own (a signal through a master): its stderr is kept.
struct HostsSpawner::Control final : public ProcessObserver {
  std::function<void(const ProcessExit&, const std::string&)> done;
  std::string err;
  std::optional<Deferred<ProcessExit>> process;

  void on_output(OutputStream stream, std::string_view bytes) override {
    if (stream == OutputStream::stderr_stream && err.size() < 4096)
      err.append(bytes.substr(0, 4096 - err.size()));
  }
  void on_exit(const ProcessExit& exit) override {
    if (done)
      done(exit, err);
  }
};

namespace {

std::string random_hex() {
  std::random_device device;
  return fmt::format("{:08x}{:08x}", device(), device());
}

std::string make_socket_dir(const std::string& parent) {
  std::string base = parent;
  if (base.empty()) {
    const char* tmp = ::getenv("TMPDIR");
    base = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  }
  std::string path = base + "/tasker-ssh-XXXXXX";
  if (::mkdtemp(path.data()) == nullptr)
    return {};
  return path;
}

// What ssh said, on one line, for a message.
std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

// Runs `words` in a session of its own and waits for it, stdin and stdout on /dev/null, stderr
// in `err_path` when given (and returned): a master's opening and closing.
std::pair<int, std::string> run_and_wait(const std::vector<std::string>& words,
                                         const std::string& err_path = {}) {
  std::vector<char*> argv;
  argv.reserve(words.size() + 1);
  for (const std::string& word : words) argv.push_back(const_cast<char*>(word.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  if (::posix_spawn_file_actions_init(&actions) != 0)
    return {-1, "cannot start ssh"};
  ::posix_spawnattr_init(&attributes);
  ::posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF);
  sigset_t all;
  ::sigfillset(&all);
  ::posix_spawnattr_setsigdefault(&attributes, &all);
  for (const int fd : {STDIN_FILENO, STDOUT_FILENO})
    ::posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0);
  ::posix_spawn_file_actions_addopen(&actions, STDERR_FILENO,
                                     err_path.empty() ? "/dev/null" : err_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  const int error = ::posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), environ);
  ::posix_spawn_file_actions_destroy(&actions);
  ::posix_spawnattr_destroy(&attributes);
  if (error != 0)
    return {-1, fmt::format("cannot run {}: {}", words.front(), ::strerror(error))};
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      return {-1, {}};
  }
  std::string err;
  if (!err_path.empty()) {
    std::ifstream file(err_path);
    std::getline(file, err, '\0');
    ::unlink(err_path.c_str());
  }
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 255, err};
}

}  // namespace

HostsSpawner::HostsSpawner(Spawner& local, Clock& clock, HostsOptions options)
    : local_(local),
      clock_(clock),
      options_(std::move(options)),
      socket_dir_(make_socket_dir(options_.socket_parent)),
      marker_prefix_("tasker-remote-" + random_hex()) {
  if (::pipe2(keepalive_, O_CLOEXEC) == 0)
    keepalive_path_ = fmt::format("/proc/self/fd/{}", keepalive_[0]);
  std::size_t index = 0;
  for (const HostsOptions::Host& entry : options_.hosts) {
    auto host = std::make_unique<Host>();
    host->name = entry.name;
    host->busy.assign(std::max<std::size_t>(entry.slots, 1), false);
    const std::size_t masters = (host->busy.size() + kSessionsPerMaster - 1) / kSessionsPerMaster;
    for (std::size_t m = 0; m < masters; ++m) {
      auto master = std::make_unique<Master>();
      master->host = host.get();
      master->base = fmt::format("{}/{}-{}", socket_dir_, index, m);
      host->masters.push_back(std::move(master));
    }
    hosts_.push_back(std::move(host));
    ++index;
  }
}

HostsSpawner::~HostsSpawner() {
  *alive_ = false;
  for (const auto& host : hosts_) {
    for (const auto& master : host->masters) {
      for (const std::string& path : master->opened) {
        std::vector<std::string> words = options_.ssh;
        words.insert(words.end(), {"-o", "ControlPath=" + path, "-O", "exit", host->name});
        static_cast<void>(run_and_wait(words));
      }
    }
  }
  std::error_code ignored;
  if (!socket_dir_.empty())
    std::filesystem::remove_all(socket_dir_, ignored);
  for (const int fd : keepalive_) {
    if (fd >= 0)
      ::close(fd);
  }
}

std::vector<std::string> HostsSpawner::ssh_words(const Master& master) const {
  std::vector<std::string> words = options_.ssh;
  words.insert(words.end(), {"-o", "BatchMode=yes", "-o", "ControlPath=" + master.path});
  return words;
}

Deferred<ProcessExit> HostsSpawner::spawn(const std::string& command, const ProcessOptions& options,
                                          ProcessObserver& observer) {
  auto job = std::make_shared<Job>(*this, command, options, observer);
  job->outcome = Deferred<ProcessExit>(
      [this, weak = std::weak_ptr<Job>(job), alive = alive_](Deferred<ProcessExit>&) {
        if (!*alive)
          return;
        if (const auto j = weak.lock())
          cancel(j);
      });
  jobs_.push_back(job);
  dispatch(job, Turn::last);
  return job->outcome;
}

bool HostsSpawner::dispatch(const std::shared_ptr<Job>& job, Turn turn) {
  const Duration now = clock_.now();
  for (const auto& host : hosts_) {
    if (host->down_until && *host->down_until > now)
      continue;
    const auto free_slot = std::find(host->busy.begin(), host->busy.end(), false);
    if (free_slot == host->busy.end())
      continue;
    const auto slot = static_cast<std::size_t>(free_slot - host->busy.begin());
    if (host->local()) {
      *free_slot = true;
      job->host = host.get();
      job->slot = slot;
      job->place = Job::Place::running;
      job->process = local_.spawn(job->command, job->options, *job);
      job->process->add_errback([](const Failure&) {});
      return false;
    }
    Master& master = *host->masters[slot / kSessionsPerMaster];
    if (master.state != Master::State::open && !open_master(master))
      continue;  // the host is down now: the next one
    *free_slot = true;
    job->host = host.get();
    job->slot = slot;
    start_on_master(job);
    return false;
  }
  // A master that could not open took its host down in the loop.
  const bool any_up = std::any_of(hosts_.begin(), hosts_.end(), [now](const auto& host) {
    return !host->down_until || *host->down_until <= now;
  });
  if (!any_up) {
    fail_no_host(job);
    return false;
  }
  job->place = Job::Place::waiting;
  if (turn == Turn::first)
    waiting_.push_front(job);
  else
    waiting_.push_back(job);
  return true;
}

void HostsSpawner::dispatch_waiting() {
  while (!waiting_.empty()) {
    const std::shared_ptr<Job> job = waiting_.front();
    waiting_.pop_front();
    if (dispatch(job, Turn::first))
      return;  // no slot is free
  }
}

// Opens the master at once, in a session of its own (it outlives tasker's groups): ssh -f
// returns once the connection is up, or fails with ssh's reason. The event loop waits for it,
// once per host and master: a handshake, or the 10 s of ConnectTimeout for a host that does
// not answer.
bool HostsSpawner::open_master(Master& master) {
  master.path = fmt::format("{}-{}", master.base, master.opened.size());
  master.opened.push_back(master.path);
  std::vector<std::string> words = ssh_words(master);
  words.insert(words.end(), {"-o", "ControlMaster=yes", "-o", "ControlPersist=yes", "-o",
                             "ConnectTimeout=10", "-f", "-N", master.host->name});
  const auto [status, err] = run_and_wait(words, socket_dir_ + "/opening.err");
  if (status == 0) {
    master.state = Master::State::open;
    return true;
  }
  master.state = Master::State::closed;
  host_down(*master.host, err.empty() ? fmt::format("ssh exited with {}", status) : one_line(err));
  return false;
}

void HostsSpawner::start_on_master(const std::shared_ptr<Job>& job) {
  Master& master = *job->host->masters[job->slot / kSessionsPerMaster];
  job->place = Job::Place::running;
  job->status.emplace(fmt::format("{}-{}", marker_prefix_, next_job_++));

  // env and cwd are the remote command's: set there, by the shell that runs it.
  std::string remote;
  for (const auto& [name, value] : job->options.env)
    remote += fmt::format("export {}={}\n", name, shell_quote(value));
  if (!job->options.cwd.empty())
    remote += fmt::format("cd {} || exit 1\n", shell_quote(job->options.cwd));
  remote += job->command;

  // The wrapper does not watch its stdin here: with two sessions on one master it read an end
  // of file at once (not understood yet). The task's input, if any (a chain step's, or
  // tasker's stdin), goes through ssh's stdin; a cancel reaches the command through the master.
  std::vector<std::string> words = ssh_words(master);
  words.insert(words.end(), {"-o", "ControlMaster=no", job->host->name,
                             remote_command_line(job->status->marker(), std::nullopt, remote)});
  ProcessOptions local = job->options;
  local.env.clear();
  local.cwd.clear();
  local.shell = "/bin/sh";
  local.shell_use = ShellUse::always;
  job->process = local_.spawn(shell_command_line(words), local, *job);
  job->process->add_errback([](const Failure&) {});
}

void HostsSpawner::run_control(std::vector<std::string> words,
                               std::function<void(const ProcessExit&, const std::string&)> done) {
  auto control = std::make_unique<Control>();
  Control* raw = control.get();
  controls_.push_back(std::move(control));
  raw->done = [this, raw, alive = alive_, on_done = std::move(done)](const ProcessExit& exit,
                                                                     const std::string& err) {
    on_done(exit, err);
    // Gone once its process is: after on_exit, from the loop.
    clock_.call_later(Duration::zero(), [this, raw, alive] {
      if (!*alive)
        return;
      controls_.remove_if([raw](const auto& c) { return c.get() == raw; });
    });
  };
  ProcessOptions options;
  options.shell_use = ShellUse::always;
  options.stdin_path = keepalive_path_;
  raw->process = local_.spawn(shell_command_line(words), options, *raw);
  raw->process->add_errback([](const Failure&) {});
}

void HostsSpawner::signal_remote(const Job& job, const char* signal) {
  if (!job.status || !job.status->pgid())
    return;
  const Master& master = *job.host->masters[job.slot / kSessionsPerMaster];
  std::vector<std::string> words = ssh_words(master);
  words.insert(words.end(), {"-o", "ControlMaster=no", job.host->name,
                             fmt::format("kill -{} -{}", signal, *job.status->pgid())});
  run_control(std::move(words), [](const ProcessExit&, const std::string&) {});
}

void HostsSpawner::cancel(const std::shared_ptr<Job>& job) {
  if (job->cancel_requested || job->place == Job::Place::done)
    return;
  job->cancel_requested = true;
  const auto never_ran = [this, job] {
    clock_.call_later(Duration::zero(), [this, job, alive = alive_] {
      if (*alive && job->place != Job::Place::done)
        finish(job, ProcessExit::killed(SIGTERM));
    });
  };
  if (job->place == Job::Place::waiting) {
    waiting_.erase(std::remove(waiting_.begin(), waiting_.end(), job), waiting_.end());
    never_ran();
    return;
  }
  if (!job->status || !job->status->started()) {
    // Here, or not started there yet: ending the client is enough (the wrapper, if it starts,
    // finds its stdin closed).
    job->process->cancel();
    return;
  }
  signal_remote(*job, "TERM");
  job->kill_call = clock_.call_later(job->options.grace, [this, weak = std::weak_ptr<Job>(job)] {
    const auto j = weak.lock();
    if (!j || j->place == Job::Place::done)
      return;
    signal_remote(*j, "KILL");
    j->kill_sent = true;
    j->process->cancel();
  });
}

void HostsSpawner::kill_all() {
  killed_all_ = true;
  local_.kill_all();
  for (const auto& job : jobs_) {
    if (job->place == Job::Place::running)
      signal_remote(*job, "KILL");
  }
  std::vector<std::shared_ptr<Job>> idle;
  for (const auto& job : jobs_) {
    if (job->place == Job::Place::waiting)
      idle.push_back(job);
  }
  for (const auto& job : idle) {
    job->cancel_requested = false;
    cancel(job);
  }
}

void HostsSpawner::host_down(Host& host, const std::string& why) {
  host.down_until = clock_.now() + options_.down_for;
  host.why_down = why;
  for (const auto& master : host.masters) {
    if (master->state == Master::State::open)
      master->state = Master::State::closed;
  }
}

void HostsSpawner::fail_no_host(const std::shared_ptr<Job>& job) {
  job->place = Job::Place::waiting;  // until the loop ends it
  std::string hosts;
  for (const auto& host : hosts_) {
    hosts += fmt::format("{}{} ({})", hosts.empty() ? "" : ", ", host->name,
                         host->why_down.empty() ? "busy" : host->why_down);
  }
  clock_.call_later(Duration::zero(), [this, job, alive = alive_, hosts] {
    if (!*alive || job->place == Job::Place::done)
      return;
    job->observer.on_output(OutputStream::stderr_stream,
                            fmt::format("tasker: no host could run the task: {}\n", hosts));
    finish(job, ProcessExit::exited(255));
  });
}

void HostsSpawner::local_exit(const std::shared_ptr<Job>& job, const ProcessExit& exit) {
  job->process.reset();
  if (job->kill_call)
    job->kill_call->cancel();
  if (!job->status) {
    finish(job, exit);
    return;
  }
  RemoteStatus& status = *job->status;
  if (status.reported_exit()) {
    status.flush_stdout(job->observer);
    finish(job, *status.reported_exit());
    return;
  }
  if (!status.started() && !job->cancel_requested && !killed_all_ && exit.exit_code == 255) {
    // ssh could not reach the host: not the command's failure. Another host takes it.
    Host& host = *job->host;
    host_down(host, status.held().empty() ? exit.describe() : one_line(status.held()));
    host.busy[job->slot] = false;
    job->host = nullptr;
    job->status.reset();
    dispatch(job, Turn::first);
    return;
  }
  // The client ended without the wrapper's last word: what ssh said is all there is.
  if (!status.started() && !status.held().empty())
    job->observer.on_output(OutputStream::stderr_stream, status.held());
  status.flush_stdout(job->observer);
  finish(job, status.started() && job->kill_sent ? ProcessExit::killed(SIGKILL) : exit);
}

void HostsSpawner::finish(const std::shared_ptr<Job>& job, ProcessExit exit) {
  job->place = Job::Place::done;
  if (job->host) {
    job->host->busy[job->slot] = false;
    exit.host = job->host->name;
  }
  jobs_.remove(job);
  job->observer.on_exit(exit);
  if (!job->outcome.called())
    job->outcome.callback(exit);
  dispatch_waiting();
}

}  // namespace tasker
