#pragma once
// HostsSpawner: runs each task on one of several SSH hosts (-S/--hosts), through another
// Spawner that starts the local processes (the ssh clients). A task goes to the first host with
// a free slot, and waits while none is free. On each host one ControlMaster connection per
// kSessionsPerMaster slots, opened at the host's first task and ended when the spawner goes,
// carries the tasks: a task costs no new handshake. A master is a local process like the
// tasks' clients (`ssh -M -N`, in the foreground): its handshake does not hold
// up the event loop (the host's tasks wait for it; it says it is up through a LocalCommand that
// prints a line), and if tasker dies, the watchdog ends it with the tasks. Each task runs under
// the remote wrapper (core/process/remote_wrapper.hpp), which reports its process group and its
// real status. A task without input gets as its client's stdin a pipe tasker holds open and
// never writes to, and its wrapper ends its group when that stdin closes: when the client, its
// master or tasker is gone. A task with input cannot be watched so: its group is listed with the
// watchdog, which kills it over a new connection if tasker dies
// (core/process/remote_group_killer.hpp). A cancel sends TERM to a task's group through the
// master, KILL after the grace, and then ends the local client.
//
// Unless told otherwise (HostsOptions::slot_shells), a task without input does not cost a session
// of its own: each slot keeps one ssh session for the run, whose slot shell
// (core/process/slot_shell.hpp) runs the slot's tasks one after another, with the same statuses,
// and ends its group when its stdin, a pipe tasker writes the tasks to, closes. A cancel is a
// line on that pipe (TERM, and KILL after the grace, which ends the shell too). A task with input
// runs as above, once its slot's shell has ended, so that a slot never holds two sessions.
//
// A host whose master cannot be opened, or whose ssh ends with 255 before the command started,
// is left out for `down_for`; its tasks go to the other hosts, and when no host is left they
// fail with status 255 and stderr naming the hosts and what ssh said.
//
// The host `:` is this machine: its tasks run through the local spawner as they are.

#include "core/deferred/clock.hpp"
#include "core/process/spawner.hpp"

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tasker {

/// Tasks one ControlMaster carries at once: sshd's MaxSessions is 10 by default, and one
/// session is kept for the cancels sent through it.
inline constexpr std::size_t kSessionsPerMaster = 9;

struct HostsOptions {
  struct Host {
    std::string name;   ///< as ssh takes it; `:` is this machine
    std::size_t slots;  ///< tasks at once, at least 1
  };
  std::vector<Host> hosts;
  /// The ssh client and its own options, as words (`--ssh 'ssh -F cfg'`).
  std::vector<std::string> ssh{"ssh"};
  /// How long a host that could not be reached is left out.
  Duration down_for = std::chrono::seconds(30);
  /// Where the masters' sockets go (a folder is made in it); empty: TMPDIR, else /tmp.
  std::string socket_parent;
  /// Run the tasks without input through each slot's shell (core/process/slot_shell.hpp) rather
  /// than one ssh session and remote wrapper each.
  bool slot_shells = true;
};

/// The longest command, with its environment and folder, sent to a slot shell; a longer one
/// runs under a session of its own. Far below a pipe's 64 KiB: the write never waits.
inline constexpr std::size_t kSlotShellTaskLimit = 16 * 1024;

class HostsSpawner final : public Spawner {
 public:
  /// Preconditions: `options.hosts` is not empty and every slot count is at least 1; `local`
  /// and `clock` outlive this.
  HostsSpawner(Spawner& local, Clock& clock, HostsOptions options);
  /// Ends the masters (as a cancel ends a task) and removes their folder.
  ~HostsSpawner() override;

  /// See Spawner::spawn. The ProcessExit names the host (ProcessExit::host).
  [[nodiscard]] Deferred<ProcessExit> spawn(const std::string& command,
                                            const ProcessOptions& options,
                                            ProcessObserver& observer) override;

  void kill_all() override;
  [[nodiscard]] bool killed_all() const override { return killed_all_; }
  void set_output_paused(bool paused) override { local_.set_output_paused(paused); }
  void stop_all() override { local_.stop_all(); }
  void continue_all() override { local_.continue_all(); }
  /// Tasks given to spawn() that have not ended, waiting for a slot included.
  [[nodiscard]] std::size_t live() const override { return jobs_.size(); }

  struct Job;
  struct Master;
  struct Opening;
  struct Host;
  struct Control;
  struct SlotShell;

 private:
  /// Where a job that must wait for a slot goes in the queue: a new one at its end, one that
  /// already had its turn (a host was down, or it was waiting) back at its head.
  enum class Turn { last, first };
  /// Starts `job` on the first free slot of a host that is up, or queues it (returns true), or,
  /// with no host up, fails it.
  bool dispatch(const std::shared_ptr<Job>& job, Turn turn);
  void dispatch_waiting();
  void start_on_master(const std::shared_ptr<Job>& job);
  [[nodiscard]] std::string remote_command(const Job& job) const;
  bool start_on_shell(const std::shared_ptr<Job>& job, const std::string& remote);
  SlotShell* open_shell(Host& host, std::size_t slot, const ProcessOptions& job_options);
  void shell_output(SlotShell& shell, OutputStream stream, std::string_view bytes);
  void shell_task_done(SlotShell& shell);
  void shell_exit(SlotShell& shell, const ProcessExit& exit);
  void close_shell(SlotShell& shell);
  bool write_to_shell(SlotShell& shell, const std::string& message);
  void client_ended(const std::shared_ptr<Job>& job, const ProcessExit& exit);
  void open_master(Master& master);
  void master_ready(Opening& opening);
  void master_exit(Opening& opening, const ProcessExit& exit);
  void fail_no_host(const std::shared_ptr<Job>& job);
  void cancel(const std::shared_ptr<Job>& job);
  void local_exit(const std::shared_ptr<Job>& job, const ProcessExit& exit);
  void finish(const std::shared_ptr<Job>& job, ProcessExit exit);
  void host_down(Host& host, const std::string& why);
  void list_group(Job& job);
  void signal_remote(const Job& job, const char* signal);
  void signal_task(const Job& job, const char* signal);
  void end_client(Job& job);
  void run_control(std::vector<std::string> words,
                   std::function<void(const ProcessExit&, const std::string&)> done);
  [[nodiscard]] std::vector<std::string> ssh_words(const Master& master) const;

  Spawner& local_;
  Clock& clock_;
  HostsOptions options_;
  std::string socket_dir_;
  std::string local_folder_;  // tasker's own folder, at its start
  std::string marker_prefix_;
  std::size_t next_job_ = 0;
  int keepalive_[2] = {-1, -1};  // the ssh clients' stdin: a pipe nobody writes to
  std::string keepalive_path_;
  std::vector<std::unique_ptr<Host>> hosts_;
  std::list<std::shared_ptr<Job>> jobs_;
  std::deque<std::shared_ptr<Job>> waiting_;
  std::list<std::unique_ptr<Control>> controls_;
  std::list<std::unique_ptr<SlotShell>> shells_;  // until their processes end
  bool killed_all_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace tasker
