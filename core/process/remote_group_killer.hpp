#pragma once
// The remote group killer: what the watchdog (core/process/watchdog.hpp) runs when tasker dies
// to end, on each SSH host, the process groups of the tasks whose remote wrapper does not watch
// its stdin. A task with input (a chain step's, or tasker's stdin) gets it through ssh's stdin,
// so its wrapper cannot tell the end of its input from the death of its client
// (core/process/remote_wrapper.hpp): killed with tasker, its local client would leave it running.
//
// The Hosts executor lists such a task's group with the watchdog as remote work
// (core/process/remote_work_list.hpp), "HOST.PGID": the host's place in the host list and the
// group the wrapper reported. The watchdog runs the killer with the ids still listed; the killer
// makes one new connection per host with any (the masters died with tasker) and sends
// `kill -KILL -PGID...` there. Hosts and ssh words come from the killer's own words, never from
// an id: an id is digits and dots, and a group id of 0 or 1, which would signal every process
// of the user, is dropped.

#include <cstddef>
#include <string>
#include <vector>

namespace tasker {

/// The killer as words, `sh -c SCRIPT NAME`, for Spawner::set_remote_canceller: the watchdog adds
/// the ids. `ssh` is the client and its options (--ssh);
/// `hosts[i]` is the name of host `i` as ssh takes it, empty for one that is not remote.
[[nodiscard]] std::vector<std::string> remote_group_killer(const std::vector<std::string>& ssh,
                                                           const std::vector<std::string>& hosts);

/// The id of group `pgid` on host `host` (its index in the killer's hosts).
[[nodiscard]] std::string remote_group_id(std::size_t host, long pgid);

}  // namespace tasker
