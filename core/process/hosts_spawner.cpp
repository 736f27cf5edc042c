#include "core/process/hosts_spawner.hpp"

#include "core/input/shell_words.hpp"
#include "core/process/host_list.hpp"
#include "core/process/remote_group_killer.hpp"
#include "core/process/remote_status.hpp"
#include "core/process/remote_wrapper.hpp"
#include "core/process/slot_shell.hpp"
#include "core/process/stdout_end.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <random>
#include <utility>

namespace tasker {

// One `ssh -M -N` process: a master from its opening to its end. An opening the master no
// longer uses (its host went down) lives on until its process ends: tasks may still run on it.
struct HostsSpawner::Opening final : public ProcessObserver {
  Opening(HostsSpawner& owner_in, Master& master_in) : owner(owner_in), master(master_in) {}

  void on_output(OutputStream stream, std::string_view bytes) override {
    if (stream == OutputStream::stdout_stream) {
      // The LocalCommand's line: ssh runs it once the master listens on its socket.
      if (!up && bytes.find('\n') != std::string_view::npos) {
        up = true;
        owner.master_ready(*this);
      }
    } else if (err.size() < 4096) {
      err.append(bytes.substr(0, 4096 - err.size()));
    }
  }
  void on_exit(const ProcessExit& exit) override { owner.master_exit(*this, exit); }

  HostsSpawner& owner;
  Master& master;
  bool up = false;
  std::string err;
  std::optional<Deferred<ProcessExit>> process;
};

struct HostsSpawner::Master {
  Host* host = nullptr;
  std::string base;  // the ControlPath, without the number of the opening
  std::string path;  // the ControlPath of the last opening
  enum class State { closed, opening, open } state = State::closed;
  // Every ControlPath opened: a new opening (the host was down) never meets an old socket.
  std::vector<std::string> opened;
  Opening* current = nullptr;  // the opening new tasks go through, while not closed
  std::list<std::unique_ptr<Opening>> openings;  // until their processes end
};

struct HostsSpawner::Host {
  std::string name;
  std::size_t index = 0;           // in the host list: its ids with the watchdog name it so
  std::vector<bool> busy;          // one per slot
  std::vector<SlotShell*> shells;  // one per slot: its shell while it can take a task, or null
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
    if (status) {
      const bool was_started = status->started();
      status->relay(stream, bytes, observer);
      if (!was_started && status->started() && !watched)
        owner.list_group(*this);
    } else {
      observer.on_output(stream, bytes);
    }
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
  SlotShell* shell = nullptr;          // the slot shell it runs in, if it does
  SlotShell* after_shell = nullptr;    // the slot shell it waits to end before it starts
  bool cancel_requested = false;
  bool kill_sent = false;
  bool watched = false;      // its wrapper ends its group when its client's stdin closes
  std::string listed_group;  // not watched: its group's id with the watchdog, while it runs
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

// One slot's shell (core/process/slot_shell.hpp): its ssh session from its opening to its end,
// and the task it runs. The tasks' messages go to its stdin, a pipe tasker holds both ends of
// (the read end for the client to open, and so that a write never meets a closed pipe).
struct HostsSpawner::SlotShell final : public ProcessObserver {
  SlotShell(HostsSpawner& owner_in, Host& host_in, std::size_t slot_in)
      : owner(owner_in), host(host_in), slot(slot_in) {}
  ~SlotShell() override {
    for (const int fd : {input, input_read}) {
      if (fd >= 0)
        ::close(fd);
    }
  }
  SlotShell(const SlotShell&) = delete;
  SlotShell& operator=(const SlotShell&) = delete;

  void on_output(OutputStream stream, std::string_view bytes) override {
    owner.shell_output(*this, stream, bytes);
  }
  void on_exit(const ProcessExit& exit) override { owner.shell_exit(*this, exit); }

  HostsSpawner& owner;
  Host& host;
  std::size_t slot;
  int input = -1;       // the write end of its stdin; -1 once closed
  int input_read = -1;  // the read end, until the shell ends
  std::optional<Deferred<ProcessExit>> process;
  std::shared_ptr<Job> job;             // the task it runs, if any
  std::optional<StdoutEnd> stdout_end;  // the task's
  std::shared_ptr<Job> then;            // a task with input, started once the shell ended
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

// tasker's own folder, where a task's relative cwd starts from; empty if it cannot be had.
std::string current_folder() {
  std::error_code error;
  std::filesystem::path folder = std::filesystem::current_path(error);
  return error ? std::string() : folder.string();
}

// What ssh said, on one line, for a message.
std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

}  // namespace

HostsSpawner::HostsSpawner(Spawner& local, Clock& clock, HostsOptions options)
    : local_(local),
      clock_(clock),
      options_(std::move(options)),
      socket_dir_(make_socket_dir(options_.socket_parent)),
      local_folder_(current_folder()),
      marker_prefix_("tasker-remote-" + random_hex()) {
  if (::pipe2(keepalive_, O_CLOEXEC) == 0)
    keepalive_path_ = fmt::format("/proc/self/fd/{}", keepalive_[0]);
  std::size_t index = 0;
  for (const HostsOptions::Host& entry : options_.hosts) {
    auto host = std::make_unique<Host>();
    host->name = entry.name;
    host->index = index;
    host->busy.assign(std::max<std::size_t>(entry.slots, 1), false);
    host->shells.assign(host->busy.size(), nullptr);
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
  std::vector<std::string> remote_hosts;
  for (const auto& host : hosts_) remote_hosts.push_back(host->local() ? "" : host->name);
  local_.set_remote_canceller(remote_group_killer(options_.ssh, remote_hosts));
}

HostsSpawner::~HostsSpawner() {
  *alive_ = false;
  // A slot shell's stdin ends: with no task running, it ends its group at once.
  for (const auto& shell : shells_) {
    if (shell->input >= 0) {
      ::close(shell->input);
      shell->input = -1;
    }
    if (shell->process)
      shell->process->cancel();
  }
  // Each master is a local process: ended like a task (TERM to its group), and reaped by the
  // local spawner, which KILLs what is left of it when it goes. Every task has ended by now.
  for (const auto& host : hosts_) {
    for (const auto& master : host->masters) {
      for (const auto& opening : master->openings) {
        if (opening->process)
          opening->process->cancel();
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
    if (master.state == Master::State::closed)
      open_master(master);
    if (master.state != Master::State::open)
      continue;  // its tasks wait until it is up; meanwhile another host may take this one
    *free_slot = true;
    job->host = host.get();
    job->slot = slot;
    start_on_master(job);
    return false;
  }
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
  if (killed_all_)
    return;
  while (!waiting_.empty()) {
    const std::shared_ptr<Job> job = waiting_.front();
    waiting_.pop_front();
    if (dispatch(job, Turn::first))
      return;  // no slot is free
  }
}

// Starts the master's `ssh -M -N` in the foreground: a local process like a task's client, so
// the watchdog ends it if tasker dies. It is up when its LocalCommand prints (ssh runs that
// once it listens on its socket); it fails with ssh's reason, within ConnectTimeout for a host
// that does not answer. ControlPersist=no: the master is its process, never a background one.
void HostsSpawner::open_master(Master& master) {
  master.path = fmt::format("{}-{}", master.base, master.opened.size());
  master.opened.push_back(master.path);
  std::vector<std::string> words = ssh_words(master);
  words.insert(words.end(), {"-o", "ControlMaster=yes", "-o", "ControlPersist=no", "-o",
                             "PermitLocalCommand=yes", "-o", "LocalCommand=echo up", "-o",
                             "ConnectTimeout=10", "-N", master.host->name});
  master.openings.push_back(std::make_unique<Opening>(*this, master));
  Opening& opening = *master.openings.back();
  master.current = &opening;
  master.state = Master::State::opening;
  ProcessOptions options;
  options.argv = std::move(words);
  opening.process = local_.spawn(shell_command_line(options.argv), options, opening);
  opening.process->add_errback([](const Failure&) {});
}

void HostsSpawner::master_ready(Opening& opening) {
  Master& master = opening.master;
  if (master.current != &opening || master.state != Master::State::opening)
    return;
  master.state = Master::State::open;
  dispatch_waiting();
}

void HostsSpawner::master_exit(Opening& opening, const ProcessExit& exit) {
  Master& master = opening.master;
  opening.process.reset();
  const bool current = master.current == &opening;
  if (current) {
    const bool was_opening = master.state == Master::State::opening;
    master.state = Master::State::closed;
    master.current = nullptr;
    if (was_opening) {
      const std::string why = !exit.started() ? exit.start_error : "ssh " + exit.describe();
      host_down(*master.host, opening.err.empty() ? why : one_line(opening.err));
    }
  }
  // Gone once its process is: after on_exit, from the loop.
  clock_.call_later(Duration::zero(), [raw = &opening, alive = alive_] {
    if (*alive)
      raw->master.openings.remove_if([raw](const auto& o) { return o.get() == raw; });
  });
  if (current)
    dispatch_waiting();
}

// env and cwd are the remote command's: set there, by the shell that runs it. A relative cwd
// (a task file's, relative to the folder tasker runs in) is made whole from that folder: the
// remote shell starts in the login's home.
std::string HostsSpawner::remote_command(const Job& job) const {
  std::string remote;
  for (const auto& [name, value] : job.options.env)
    remote += fmt::format("export {}={}\n", name, shell_quote(value));
  if (const std::string& cwd = job.options.cwd; !cwd.empty()) {
    const std::string folder =
        cwd.front() == '/' || local_folder_.empty() ? cwd : local_folder_ + "/" + cwd;
    remote += fmt::format("cd {} || exit 1\n", shell_quote(folder));
  }
  remote += job.command;
  return remote;
}

void HostsSpawner::start_on_master(const std::shared_ptr<Job>& job) {
  Master& master = *job->host->masters[job->slot / kSessionsPerMaster];
  job->place = Job::Place::running;
  const std::string remote = remote_command(*job);
  const bool has_input = !job->options.stdin_path.empty() || job->options.inherit_stdin;
  if (options_.slot_shells && !has_input && remote.size() <= kSlotShellTaskLimit &&
      start_on_shell(job, remote)) {
    return;
  }
  if (SlotShell* shell = job->host->shells[job->slot]; shell != nullptr) {
    // The slot's shell holds a session: this task takes its own once the shell has ended.
    shell->then = job;
    job->after_shell = shell;
    close_shell(*shell);
    return;
  }
  job->status.emplace(fmt::format("{}-{}", marker_prefix_, next_job_++));

  // A task without input gets the keepalive pipe as its client's stdin, and its wrapper ends
  // its group at that stdin's end of file: the client, its master or tasker is gone. A task's
  // input (a chain step's, or tasker's stdin) goes through ssh's stdin instead, and only a
  // cancel through the master ends its command.
  job->watched = !has_input && !keepalive_path_.empty();
  const std::optional<Duration> grace =
      job->watched ? std::optional<Duration>(job->options.grace) : std::nullopt;
  std::vector<std::string> words = ssh_words(master);
  words.insert(words.end(), {"-o", "ControlMaster=no", job->host->name,
                             remote_command_line(job->status->marker(), grace, remote)});
  ProcessOptions local = job->options;
  if (job->watched)
    local.stdin_path = keepalive_path_;
  local.env.clear();
  local.cwd.clear();
  local.argv = std::move(words);
  job->process = local_.spawn(shell_command_line(local.argv), local, *job);
  job->process->add_errback([](const Failure&) {});
}

// Sends the task to its slot's shell, opening one if the slot has none. False if no shell
// could be had (no pipe): the task then runs as one session of its own.
bool HostsSpawner::start_on_shell(const std::shared_ptr<Job>& job, const std::string& remote) {
  SlotShell* shell = job->host->shells[job->slot];
  if (shell == nullptr)
    shell = open_shell(*job->host, job->slot, job->options);
  if (shell == nullptr)
    return false;
  job->shell = shell;
  job->watched = true;
  job->status.emplace(fmt::format("{}-{}", marker_prefix_, next_job_++));
  shell->job = job;
  shell->stdout_end.emplace(job->status->marker());
  if (!write_to_shell(*shell, slot_shell_task(job->status->marker(), remote)))
    close_shell(*shell);  // the task ends with the shell, as one that never started
  return true;
}

// Starts the slot's ssh session, through the slot's master, with the slot shell as its remote
// command; its stdin is a pipe of tasker's. The client's own options (signals left ignored,
// the grace of its cancel) are those of the slot's first task.
HostsSpawner::SlotShell* HostsSpawner::open_shell(Host& host, std::size_t slot,
                                                  const ProcessOptions& job_options) {
  int fds[2] = {-1, -1};
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return nullptr;
  auto owned = std::make_unique<SlotShell>(*this, host, slot);
  SlotShell& shell = *owned;
  shell.input_read = fds[0];
  shell.input = fds[1];
  ::fcntl(shell.input, F_SETFL, O_NONBLOCK);
  const Master& master = *host.masters[slot / kSessionsPerMaster];
  std::vector<std::string> words = ssh_words(master);
  words.insert(words.end(),
               {"-o", "ControlMaster=no", host.name, slot_shell_command_line(job_options.grace)});
  ProcessOptions local = job_options;
  local.env.clear();
  local.cwd.clear();
  local.inherit_stdin = false;
  local.stdin_path = fmt::format("/proc/self/fd/{}", shell.input_read);
  local.argv = std::move(words);
  shells_.push_back(std::move(owned));
  host.shells[slot] = &shell;
  shell.process = local_.spawn(shell_command_line(local.argv), local, shell);
  shell.process->add_errback([](const Failure&) {});
  return &shell;
}

bool HostsSpawner::write_to_shell(SlotShell& shell, const std::string& message) {
  if (shell.input < 0)
    return false;
  // At most one task's message and a signal line or two are ever unread: a write never waits.
  const ssize_t written = ::write(shell.input, message.data(), message.size());
  return written == static_cast<ssize_t>(message.size());
}

// Ends the shell's session: its stdin's end ends its group (at once, with no task running) and
// the client is ended as a cancel ends a task. It takes no task after.
void HostsSpawner::close_shell(SlotShell& shell) {
  if (shell.host.shells[shell.slot] == &shell)
    shell.host.shells[shell.slot] = nullptr;
  if (shell.input >= 0) {
    ::close(shell.input);
    shell.input = -1;
  }
  if (shell.process)
    shell.process->cancel();
}

void HostsSpawner::shell_output(SlotShell& shell, OutputStream stream, std::string_view bytes) {
  if (!shell.job)
    return;  // between tasks, nothing is a task's
  const std::shared_ptr<Job> job = shell.job;
  RemoteStatus& status = *job->status;
  if (stream == OutputStream::stdout_stream) {
    if (shell.stdout_end->ended())
      return;
    const std::string own = shell.stdout_end->take(bytes);
    if (!own.empty())
      status.relay(stream, own, job->observer);
  } else {
    status.relay(stream, bytes, job->observer);
  }
  if (shell.stdout_end->ended() && status.reported_exit())
    shell_task_done(shell);
}

// Both end lines came: the task is over, and the shell free for the slot's next one.
void HostsSpawner::shell_task_done(SlotShell& shell) {
  const std::shared_ptr<Job> job = std::exchange(shell.job, nullptr);
  shell.stdout_end.reset();
  job->shell = nullptr;
  job->status->flush_stdout(job->observer);
  finish(job, *job->status->reported_exit());
}

void HostsSpawner::shell_exit(SlotShell& shell, const ProcessExit& exit) {
  shell.process.reset();
  close_shell(shell);
  if (shell.job) {
    const std::shared_ptr<Job> job = std::exchange(shell.job, nullptr);
    job->shell = nullptr;
    client_ended(job, exit);
  }
  if (const std::shared_ptr<Job> then = std::exchange(shell.then, nullptr)) {
    then->after_shell = nullptr;
    if (killed_all_)
      finish(then, ProcessExit::killed(SIGKILL));
    else
      start_on_master(then);
  }
  // Gone once its process is: after on_exit, from the loop.
  clock_.call_later(Duration::zero(), [this, raw = &shell, alive = alive_] {
    if (*alive)
      shells_.remove_if([raw](const auto& s) { return s.get() == raw; });
  });
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
  options.stdin_path = keepalive_path_;
  options.argv = std::move(words);
  raw->process = local_.spawn(shell_command_line(options.argv), options, *raw);
  raw->process->add_errback([](const Failure&) {});
}

// A task whose wrapper does not watch its stdin started: should tasker die, its client's death
// would not end it, so the watchdog is told its group.
void HostsSpawner::list_group(Job& job) {
  const std::optional<long> pgid = job.status->pgid();
  if (!pgid || *pgid <= 1)
    return;
  job.listed_group = remote_group_id(job.host->index, *pgid);
  local_.watch_remote(job.listed_group);
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
  if (job->after_shell != nullptr) {
    job->after_shell->then.reset();
    job->after_shell = nullptr;
    never_ran();
    return;
  }
  if (!job->status || !job->status->started()) {
    // Here, or not started there yet: ending its client is enough (the wrapper or slot shell,
    // if it starts, finds its stdin closed).
    end_client(*job);
    return;
  }
  signal_task(*job, "TERM");
  job->kill_call = clock_.call_later(job->options.grace, [this, weak = std::weak_ptr<Job>(job)] {
    const auto j = weak.lock();
    if (!j || j->place == Job::Place::done)
      return;
    signal_task(*j, "KILL");
    j->kill_sent = true;
    end_client(*j);
  });
}

// A started task's group gets `signal`: a line to its slot shell, or a kill through the master.
void HostsSpawner::signal_task(const Job& job, const char* signal) {
  if (job.shell != nullptr)
    write_to_shell(*job.shell, slot_shell_signal(signal));
  else
    signal_remote(job, signal);
}

// Ends the task's local process: its slot shell's session, or its own client.
void HostsSpawner::end_client(Job& job) {
  if (job.shell != nullptr)
    close_shell(*job.shell);
  else if (job.process)
    job.process->cancel();
}

void HostsSpawner::kill_all() {
  killed_all_ = true;
  local_.kill_all();
  // The clients and masters are gone: a watched wrapper sees its stdin end and ends its group.
  for (const auto& job : jobs_) {
    if (job->place == Job::Place::running && !job->watched)
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
  // An open master's process lives on for the tasks on it; new tasks wait for a new one.
  for (const auto& master : host.masters) {
    master->state = Master::State::closed;
    master->current = nullptr;
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
  if (!job->listed_group.empty()) {
    local_.release_remote(job->listed_group);
    job->listed_group.clear();
  }
  if (!job->status) {
    finish(job, exit);
    return;
  }
  client_ended(job, exit);
}

// The ssh client of a remote task ended (its own, or its slot shell's): how the task ended.
void HostsSpawner::client_ended(const std::shared_ptr<Job>& job, const ProcessExit& exit) {
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
  if (job->kill_call)
    job->kill_call->cancel();
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
