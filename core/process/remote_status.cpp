#include "core/process/remote_status.hpp"

#include "core/process/partial_marker.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

namespace tasker {
namespace {

std::optional<long> number(std::string_view text) {
  long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

}  // namespace

RemoteStatus::RemoteStatus(std::string marker) : marker_(std::move(marker)) {}

void RemoteStatus::relay(OutputStream stream, std::string_view bytes, ProcessObserver& observer) {
  if (stream == OutputStream::stdout_stream) {
    if (started())
      observer.on_output(stream, bytes);
    else
      held_stdout_.append(bytes);
    return;
  }
  const std::string own = take(bytes);
  if (started())
    flush_stdout(observer);
  if (!own.empty())
    observer.on_output(stream, own);
}

void RemoteStatus::flush_stdout(ProcessObserver& observer) {
  if (held_stdout_.empty())
    return;
  const std::string out = std::exchange(held_stdout_, std::string());
  observer.on_output(OutputStream::stdout_stream, out);
}

std::string RemoteStatus::take(std::string_view bytes) {
  std::string out;
  pending_.append(bytes);
  while (!exit_) {
    const std::size_t at = pending_.find(marker_);
    if (at == std::string::npos) {
      const std::size_t keep = partial_marker_size(pending_, marker_);
      (started() ? out : held_).append(pending_, 0, pending_.size() - keep);
      pending_.erase(0, pending_.size() - keep);
      break;
    }
    const std::size_t newline = pending_.find('\n', at);
    if (newline == std::string::npos) {
      (started() ? out : held_).append(pending_, 0, at);
      pending_.erase(0, at);
      break;
    }
    (started() ? out : held_).append(pending_, 0, at);
    const bool was_started = started();
    const std::size_t from = at + marker_.size() + 1;
    read_line(std::string_view(pending_).substr(from, newline - std::min(from, newline)));
    pending_.erase(0, newline + 1);
    if (started() && !was_started) {
      // What ssh or the login said before the command started is shown with its output.
      out.append(held_);
      held_.clear();
    }
  }
  if (exit_)
    pending_.clear();
  return out;
}

void RemoteStatus::read_line(std::string_view line) {
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos)
    return;
  const std::string_view word = line.substr(0, space);
  std::string_view rest = line.substr(space + 1);
  if (word == "start") {
    // `start PGID JOB`: the job is empty outside Slurm.
    const std::size_t blank = rest.find(' ');
    if (blank != std::string_view::npos) {
      job_id_ = std::string(rest.substr(blank + 1));
      rest = rest.substr(0, blank);
    }
  }
  const std::optional<long> value = number(rest);
  if (!value)
    return;
  if (word == "start" && !pgid_) {
    pgid_ = *value;
  } else if (word == "exit" && *value >= 0 && *value <= 255) {
    exit_ = ProcessExit::exited(static_cast<int>(*value));
  } else if (word == "signal" && *value > 0 && *value < 128) {
    exit_ = ProcessExit::killed(static_cast<int>(*value));
  }
}

}  // namespace tasker
